/**
 * Stage 4, render: page numbers of the print book in the EPUB. The print
 * stage measures on which page each text block of a document begins (a
 * paragraph, a heading, a list item, a table row …); here a `doc-pagebreak`
 * marker goes at the start of the first block of each page.
 *
 * Both sides number the blocks the same way: the elements named in
 * `pageBlockTags`, in document order, within one document. The print side
 * asks the browser (`querySelectorAll`), this side reads the document's
 * XHTML, whose shape (our templates and our serializer, see toXhtml) makes a
 * scan of its start tags exact: attribute values are double-quoted and hold
 * no `<` or `>`, and there are no comments or CDATA sections.
 */

/** The elements whose start is a place a page can begin, in either output. */
export const pageBlockTags = ['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'dt', 'dd', 'tr', 'pre', 'figcaption'] as const

/** As a CSS selector, for the print side. */
export const pageBlockSelector = pageBlockTags.join(', ')

/** Where one print page begins in a document: its `block`-th block (0-based), and the folio printed on it. */
export interface PageStart {
  block: number
  label: string
}

/** Where the print book's pages begin, for the documents the EPUB shares with it, by id. Plain data (cached as JSON). */
export interface PageMap {
  /** Pages in the print book. */
  pageCount: number
  /** Per document: how many blocks the print side counted, and where pages begin. */
  documents: Record<string, { blocks: number; starts: PageStart[] }>
}

export interface PageListEntry {
  /** The document's id (its file name without `.xhtml` in the EPUB). */
  document: string
  label: string
}

/**
 * The documents with their page markers, and the page list in reading
 * order. A document whose blocks the two sides count differently (the
 * copyright page prints the other edition's ISBN) keeps only the marker
 * of its first block, which both have.
 */
export function applyPageMap<T extends { id: string; html: string }>(documents: readonly T[], map: PageMap): { documents: T[]; pageList: PageListEntry[] } {
  const pageList: PageListEntry[] = []
  const marked = documents.map((document) => {
    const measured = map.documents[document.id]
    if (!measured) return document
    const starts = countPageBlocks(document.html) === measured.blocks ? measured.starts : measured.starts.filter((start) => start.block === 0)
    for (const start of starts) pageList.push({ document: document.id, label: start.label })
    return { ...document, html: insertPageBreaks(document.html, starts) }
  })
  return { documents: marked, pageList }
}

const startTag = /<([a-zA-Z][a-zA-Z0-9:-]*)(?:\s[^>]*)?>/g
const blockTags: ReadonlySet<string> = new Set(pageBlockTags)

/** How many page blocks a document's XHTML has. */
export function countPageBlocks(html: string): number {
  let count = 0
  for (const match of html.matchAll(startTag)) if (blockTags.has(match[1]!.toLowerCase()) && !match[0].endsWith('/>')) count++
  return count
}

/** The id of the marker for a page: `page-37`, `page-iv`. */
export function pageBreakId(label: string): string {
  return `page-${label}`
}

/**
 * Put a marker at the start of each block where a page begins. Inside the
 * block rather than before it: a `span` may not stand between list items or
 * table rows, and the text that follows the marker is that page's first
 * text. A row's marker goes into its first cell.
 */
export function insertPageBreaks(html: string, starts: readonly PageStart[]): string {
  if (starts.length === 0) return html
  const byBlock = new Map(starts.map((start) => [start.block, start.label]))
  let index = -1
  let pendingRow: string | undefined
  return html.replace(startTag, (tag, name: string) => {
    const lower = name.toLowerCase()
    if (pendingRow !== undefined && (lower === 'td' || lower === 'th')) {
      const label = pendingRow
      pendingRow = undefined
      return tag + marker(label)
    }
    if (!blockTags.has(lower) || tag.endsWith('/>')) return tag
    index++
    const label = byBlock.get(index)
    if (label === undefined) return tag
    if (lower === 'tr') {
      pendingRow = label
      return tag
    }
    return tag + marker(label)
  })
}

function marker(label: string): string {
  return `<span epub:type="pagebreak" role="doc-pagebreak" id="${pageBreakId(label)}" aria-label="${label}"></span>`
}
