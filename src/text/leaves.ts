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
import { comparable } from './compare.ts'

/** Elements whose start and end end a leaf. */
export const leafBoundaryTags = [
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'dt', 'dd', 'td', 'th', 'pre', 'figcaption', 'caption', 'div', 'section', 'aside',
  'blockquote', 'ul', 'ol', 'dl', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'figure', 'header', 'footer', 'nav', 'article', 'hr', 'details', 'summary',
] as const
/** Elements whose text is not the editor's text. */
export const skippedTags = ['script', 'style', 'img', 'svg', 'math', 'template', 'head', 'title'] as const
/** Classes (and `epub:type`s) of what the pipeline adds: note numbers, back links, printed addresses, page markers. */
export const skippedClasses = ['noteref', 'footnote-number', 'print-url', 'page-block-mark', 'pagebreak'] as const

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

/** The chapter's leaves in an EPUB chapter document (XHTML): everything in its `section.chapter`. */
export function chapterLeaves(xhtml: string): OutputLeaf[] {
  const document = parse(xhtml)
  const section = findElement(document, (element) => element.nodeName === 'section' && (attribute(element, 'class') ?? '').split(/\s+/).includes('chapter'))
  return section ? leavesOf(section) : []
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
