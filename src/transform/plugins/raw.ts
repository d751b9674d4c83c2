/**
 * Parse the raw HTML of a chapter (what rehype-raw does), but so that a tag
 * left open cannot take over the rest of the chapter. Through one HTML
 * parser an unclosed `<em>` is re-opened around every later block (the
 * parser's "reconstruct the active formatting elements"), an unclosed
 * `<table>` pulls everything after it in front of itself, an unclosed
 * `<ul>` swallows the sections that follow. Here:
 *
 * - a paragraph, heading, table cell or list item with inline HTML is
 *   parsed on its own, so what it opens is closed at its end;
 * - each top-level block is parsed on its own, except that an HTML block
 *   opening an element that a later HTML block closes is parsed together
 *   with everything up to that block: the CommonMark idiom of Markdown
 *   wrapped in `<div>` … `</div>` keeps working.
 */
import type { Element, ElementContent, Nodes, Root, RootContent } from 'hast'
import { raw } from 'hast-util-raw'
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5'
import type { Point, Position } from 'unist'
import { visit } from 'unist-util-visit'
import { SKIP, visitParents } from 'unist-util-visit-parents'
import type { VFile } from 'vfile'
import { location } from 'vfile-location'
import { report } from '../../report/messages.ts'
import { maxNesting, measureDepth } from '../../validate/depth.ts'

const ownBlocks = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'li', 'dt', 'dd'])

const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr'])

export function parseRawHtml(tree: Root, file: VFile): void {
  visitParents(tree, 'element', (node: Element, ancestors) => {
    const parent = ancestors.at(-1)
    if (!ownBlocks.has(node.tagName) || !node.children.some((child) => child.type === 'raw') || !parent) return undefined
    const index = parent.children.indexOf(node)
    const parsed = parse([node], file, ancestors.length)
    parent.children.splice(index, 1, ...(parsed as ElementContent[]))
    return [SKIP, index + parsed.length]
  })

  const children: RootContent[] = []
  const opened = tree.children.map((node) => openedTags(node))
  for (let start = 0; start < tree.children.length; ) {
    const end = groupEnd(opened, start)
    const group = tree.children.slice(start, end + 1)
    children.push(...(group.some(hasRaw) ? parse(group, file, 0) : group))
    start = end + 1
  }
  tree.children = children
  // The parser may nest deeper than the raw HTML on its own (elements it adds or re-opens): measure the result too.
  const { depth, place } = hastDepth(tree)
  if (depth > maxNesting) {
    report(file, 's-007', `Content is nested more than ${maxNesting} levels deep`, place)
    tree.children = []
  }
}

/** `depth`: how many ancestors the nodes have in the chapter's tree. */
function parse(nodes: RootContent[], file: VFile, depth: number): RootContent[] {
  const group: Root = { type: 'root', children: nodes }
  const deep = tooDeep(group, depth, file)
  if (deep) {
    report(file, 's-007', `Raw HTML is nested more than ${maxNesting} levels deep`, deep)
    return []
  }
  return (raw(group, { file }) as Root).children
}

type Parse5Node = DefaultTreeAdapterMap['node']

function hastDepth(tree: Nodes) {
  return measureDepth<Nodes, Position>(tree, (node) => ('children' in node ? node.children : undefined), (node) => node.position)
}

/**
 * Where the group would nest past `maxNesting` once its raw HTML is parsed,
 * or `undefined`. Found before hast-util-raw runs: its conversion from
 * parse5 is recursive and overflows the stack on HTML nested a few thousand
 * deep. parse5 builds its tree without recursion, so the raw HTML is parsed
 * once more here, on its own, to measure it; the Markdown around it counts
 * in full, so the estimate errs on the deep side.
 */
function tooDeep(group: Root, depth: number, file: VFile): Point | Position | undefined {
  const markdown = hastDepth(group)
  const raws: { value: string; position?: Position | undefined }[] = []
  visit(group, 'raw', (node) => void raws.push(node))
  if (raws.length === 0) return undefined
  const html = raws.map((node) => node.value).join('')
  const room = Math.max(0, maxNesting - depth - markdown.depth)
  const measured = measureDepth<Parse5Node, number>(
    parseFragment(html, { sourceCodeLocationInfo: true }),
    (node) => ('childNodes' in node ? node.childNodes : undefined),
    (node) => node.sourceCodeLocation?.startOffset,
    room,
  )
  if (measured.depth <= room) return undefined
  // The tag where the nesting goes too deep, in the raw node that holds it: exact where the node's text is
  // the file's own (a quote or list takes its line prefixes), else the node's start.
  let start = 0
  const text = String(file)
  for (const node of raws) {
    const offset = (measured.place ?? 0) - start
    start += node.value.length
    if (offset >= node.value.length && node !== raws.at(-1)) continue
    const nodeStart = node.position?.start.offset
    if (nodeStart !== undefined && text.startsWith(node.value, nodeStart)) return location(file).toPoint(nodeStart + Math.min(offset, node.value.length - 1))
    return node.position ?? raws.find((candidate) => candidate.position)?.position
  }
  return undefined
}

/** The last block of the group that starts at `start`: where every element it opens is closed, else `start` itself. */
function groupEnd(opened: readonly Map<string, number>[], start: number): number {
  const balance = new Map(opened[start])
  if (![...balance.values()].some((count) => count > 0)) return start
  for (let end = start + 1; end < opened.length; end++) {
    for (const [tag, count] of opened[end]!) balance.set(tag, (balance.get(tag) ?? 0) + count)
    if (![...balance.values()].some((count) => count > 0)) return end
  }
  return start
}

/** Per tag name, how many more elements the raw HTML in `node` opens than it closes. */
function openedTags(node: Nodes): Map<string, number> {
  const counts = new Map<string, number>()
  visit(node, 'raw', (rawNode) => {
    for (const { tag, change } of tagsIn(rawNode.value)) counts.set(tag, (counts.get(tag) ?? 0) + change)
  })
  return counts
}

/** The tags of an HTML fragment that open (+1) or close (-1) an element, with their offsets; comments skipped. */
function* tagsIn(html: string): Generator<{ tag: string; change: 1 | -1; index: number }> {
  const text = html.replace(/<!--[\s\S]*?(?:-->|$)/g, (comment) => ' '.repeat(comment.length))
  for (const match of text.matchAll(/<(\/?)([a-z][a-z0-9-]*)(?:\s[^>]*?)?(\/?)>/gi)) {
    const tag = match[2]!.toLowerCase()
    if (voidElements.has(tag) || match[3]) continue
    yield { tag, change: match[1] ? -1 : 1, index: match.index }
  }
}

function hasRaw(node: Nodes): boolean {
  let found = false
  visit(node, 'raw', () => {
    found = true
    return false
  })
  return found
}
