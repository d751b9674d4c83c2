/**
 * The audit's output side: a document's text as a list of leaves, one per run of text between block
 * boundaries (a paragraph, a list item's own text, a table cell, a heading …), each tagged with the
 * region of the chapter it is in. What the pipeline adds around the editor's text is left out: note
 * numbers, back links, the addresses printed after links, page markers.
 *
 * The print pass walks its laid-out page with the same rules (print/page-scripts.ts, blockTexts);
 * the two lists of tags and classes below are handed to it.
 */
import type { DefaultTreeAdapterMap } from 'parse5'
import { parse, parseFragment } from 'parse5'
import { decodeNamedCharacterReference } from 'decode-named-character-reference'
import { comparable } from './compare.ts'

/** Elements whose start and end end a leaf. */
export const leafBoundaryTags = [
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'dt', 'dd', 'td', 'th', 'pre', 'figcaption', 'caption', 'div', 'section', 'aside',
  'blockquote', 'ul', 'ol', 'dl', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'figure', 'header', 'footer', 'nav', 'article', 'hr', 'details', 'summary',
] as const
/** Elements whose text is not the editor's text. */
export const skippedTags = ['script', 'style', 'img', 'svg', 'math', 'template', 'head', 'title'] as const
/** Classes (and `epub:type`s) of what the pipeline adds: note numbers, back links, printed addresses, page markers, a task list's boxes. */
export const skippedClasses = ['noteref', 'footnote-number', 'print-url', 'page-block-mark', 'pagebreak', 'task'] as const

/** Where in a chapter a leaf is: the front-matter part (header, at a glance, lists), the body, the notes. */
export type Region = 'frame' | 'body' | 'notes'

export interface OutputLeaf {
  text: string
  region: Region
  /** The print book's page label, when the output knows it. */
  page?: string
}

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']

const boundaries: ReadonlySet<string> = new Set(leafBoundaryTags)
const skipped: ReadonlySet<string> = new Set(skippedTags)

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value
}

function isSkipped(element: Element): boolean {
  if (skipped.has(element.nodeName)) return true
  const classes = (attribute(element, 'class') ?? '').split(/\s+/)
  const type = attribute(element, 'epub:type')
  return skippedClasses.some((name) => classes.includes(name) || type === name)
}

function regionOf(element: Element, region: Region): Region {
  const classes = (attribute(element, 'class') ?? '').split(/\s+/)
  if (classes.includes('chapter-body')) return 'body'
  if (classes.includes('footnotes') || classes.includes('footnote')) return 'notes'
  return region
}

/** The leaves of `root` in document order (texts that compare empty are dropped). */
export function leavesOf(root: Node, start: Region = 'frame'): OutputLeaf[] {
  const leaves: OutputLeaf[] = []
  let buffer = ''
  let bufferRegion: Region = start
  const flush = () => {
    const text = comparable(buffer)
    if (text) leaves.push({ text, region: bufferRegion })
    buffer = ''
  }
  const walk = (node: Node, region: Region) => {
    if (node.nodeName === '#text') {
      if (!buffer.trim()) bufferRegion = region
      buffer += (node as DefaultTreeAdapterMap['textNode']).value
      return
    }
    if (!('childNodes' in node)) return
    if ('tagName' in node) {
      const element = node as Element
      if (isSkipped(element)) return
      if (element.nodeName === 'br') {
        buffer += ' '
        return
      }
      const inner = regionOf(element, region)
      const boundary = boundaries.has(element.nodeName)
      if (boundary) flush()
      const children = element.nodeName === 'template' ? [] : element.childNodes
      for (const child of children) walk(child, inner)
      if (boundary) flush()
      return
    }
    for (const child of (node as DefaultTreeAdapterMap['parentNode']).childNodes) walk(child, region)
  }
  walk(root, start)
  flush()
  return leaves
}

/** The chapter's leaves in an EPUB chapter document, through a full HTML parser (parse5): chapterLeaves's yardstick. */
export function chapterLeavesParsed(xhtml: string): OutputLeaf[] {
  const document = parse(xhtml)
  const section = findElement(document, (element) => element.nodeName === 'section' && (attribute(element, 'class') ?? '').split(/\s+/).includes('chapter'))
  return section ? leavesOf(section) : []
}

const voidTags: ReadonlySet<string> = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'])
const tagOrText = /<(\/?)([a-zA-Z][\w:-]*)((?:\s[^>]*?)?)(\/?)>|<!--[\s\S]*?-->|<[!?][^>]*>|([^<]+)/g
const classAttribute = /\sclass="([^"]*)"/
const typeAttribute = /\sepub:type="([^"]*)"/

/**
 * The chapter's leaves in an EPUB chapter document (XHTML), by a scan of its tags: the EPUB's documents
 * are well-formed XML from our templates and serializer (attribute values double-quoted, no `<` or `>`
 * in them), so a scan finds what a parser finds, several times faster (bench/audit.md). The same rules
 * as leavesOf; test/audit.property.test.ts compares the two.
 */
export function chapterLeaves(xhtml: string): OutputLeaf[] {
  const leaves: OutputLeaf[] = []
  // The open elements from the chapter's section down: whether each skips its text, its region, whether it bounds a leaf.
  const open: { tag: string; skip: boolean; region: Region; boundary: boolean }[] = []
  let buffer = ''
  let bufferRegion: Region = 'frame'
  const flush = () => {
    const text = comparable(buffer)
    if (text) leaves.push({ text, region: bufferRegion })
    buffer = ''
  }
  for (const match of xhtml.matchAll(tagOrText)) {
    const [, closing, rawTag, attributes, selfClosing, text] = match
    const top = open.at(-1)
    if (text !== undefined) {
      if (top && !top.skip) {
        if (!buffer.trim()) bufferRegion = top.region
        buffer += decodeText(text)
      }
      continue
    }
    if (!rawTag) continue
    const tag = rawTag.toLowerCase()
    if (closing) {
      if (!top) continue
      // Close up to the matching element (the serializer's XHTML closes every element; be lenient all the same).
      const at = open.map((element) => element.tag).lastIndexOf(tag)
      if (at === -1) continue
      for (const element of open.splice(at).reverse()) if (element.boundary && !element.skip) flush()
      if (open.length === 0) break
      continue
    }
    const classes = classAttribute.exec(attributes ?? '')?.[1]?.split(/\s+/) ?? []
    if (!top) {
      if (tag === 'section' && classes.includes('chapter')) open.push({ tag, skip: false, region: 'frame', boundary: true })
      continue
    }
    const type = typeAttribute.exec(attributes ?? '')?.[1]
    const skip = top.skip || skipped.has(tag) || skippedClasses.some((name) => classes.includes(name) || type === name)
    if (tag === 'br') {
      if (!skip) buffer += ' '
      continue
    }
    const region: Region = classes.includes('chapter-body') ? 'body' : classes.includes('footnotes') || classes.includes('footnote') ? 'notes' : top.region
    const boundary = boundaries.has(tag)
    if (boundary && !skip) flush()
    if (voidTags.has(tag) || selfClosing) {
      if (boundary && !skip) flush()
      continue
    }
    open.push({ tag, skip, region, boundary })
  }
  flush()
  return leaves
}

const entity = /&(?:#(\d+)|#x([0-9a-fA-F]+)|([a-zA-Z][a-zA-Z0-9]*));/g

function decodeText(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(entity, (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (decimal || hex) {
      const code = Number.parseInt(decimal ?? hex!, decimal ? 10 : 16)
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    const decoded = decodeNamedCharacterReference(name!)
    return decoded === false ? whole : decoded
  })
}

/** The texts a raw HTML block of the source shows, leaf by leaf. */
export function htmlBlockTexts(html: string): string[] {
  return leavesOf(parseFragment(html)).map((leaf) => leaf.text)
}

function findElement(node: Node, test: (element: Element) => boolean): Element | undefined {
  if ('tagName' in node && test(node as Element)) return node as Element
  if (!('childNodes' in node)) return undefined
  for (const child of (node as DefaultTreeAdapterMap['parentNode']).childNodes) {
    const found = findElement(child, test)
    if (found) return found
  }
  return undefined
}
