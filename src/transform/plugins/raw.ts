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
import type { Root as MdastRoot } from 'mdast'
import type { Point } from 'unist'
import { EXIT, SKIP, visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { location } from 'vfile-location'

const ownBlocks = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'li', 'dt', 'dd'])

const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr'])

export function parseRawHtml(tree: Root, file: VFile): void {
  visit(tree, 'element', (node: Element, index, parent) => {
    if (!ownBlocks.has(node.tagName) || !node.children.some((child) => child.type === 'raw') || !parent || index === undefined) return undefined
    const parsed = parse([node], file)
    parent.children.splice(index, 1, ...(parsed as ElementContent[]))
    return [SKIP, index + parsed.length]
  })

  const children: RootContent[] = []
  const opened = tree.children.map((node) => openedTags(node))
  for (let start = 0; start < tree.children.length; ) {
    const end = groupEnd(opened, start)
    const group = tree.children.slice(start, end + 1)
    children.push(...(group.some(hasRaw) ? parse(group, file) : group))
    start = end + 1
  }
  tree.children = children
}

function parse(nodes: RootContent[], file: VFile): RootContent[] {
  return (raw({ type: 'root', children: nodes }, { file }) as Root).children
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

/**
 * Where raw HTML first nests deeper than `limit` (else where it nests
 * deepest), counting across the chapter's HTML in order: the place to
 * report when the tree tools ran out of stack on it.
 */
export function deepRawHtmlPlace(tree: MdastRoot, file: VFile, limit: number): Point | undefined {
  const text = String(file)
  const place = location(file)
  let depth = 0
  let deepest: { depth: number; point: Point | undefined } = { depth: 0, point: undefined }
  let found: Point | undefined
  visit(tree, 'html', (node) => {
    const start = node.position?.start.offset
    // The node's text is the file's unless a container (quote, list) took its line prefixes.
    const verbatim = start !== undefined && text.startsWith(node.value, start)
    for (const { change, index } of tagsIn(node.value)) {
      depth = Math.max(0, depth + change)
      if (depth <= deepest.depth) continue
      const point = verbatim ? place.toPoint(start + index) : node.position?.start
      deepest = { depth, point }
      if (depth > limit) {
        found = point
        return EXIT
      }
    }
    return undefined
  })
  return found ?? deepest.point
}

function hasRaw(node: Nodes): boolean {
  let found = false
  visit(node, 'raw', () => {
    found = true
    return false
  })
  return found
}
