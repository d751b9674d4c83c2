/**
 * Print helper: the page map, which page of the print book each text block
 * of the EPUB's documents begins on. The first pass prints with a link
 * target on every block (page-scripts.ts, markPageBlocks), so each block's
 * page comes back as a named destination; the plan's filler pages then
 * move every document after them by whole pages. The EPUB gets a marker
 * at the first block of each page (render/page-breaks.ts).
 *
 * Block-level: a page that begins inside a block (a long paragraph running
 * over) has no block of its own and no entry; nor do blank pages and the
 * print-only pages (half title, contents).
 */
import type { PageMap, PageStart } from '../render/page-breaks.ts'
import type { FillerPlan, OpeningDocument } from './plan.ts'
import { pageLabel } from './plan.ts'

export type { PageMap } from '../render/page-breaks.ts'

export interface PageMapInput {
  /** The documents the EPUB shares with the print book, in reading order, with their blocks' link targets. */
  documents: readonly { id: string; targets: readonly string[] }[]
  openings: readonly OpeningDocument[]
  /** The first pass's destinations: 0-based page of each target, before the fillers. */
  measured: ReadonlyMap<string, number>
  plan: FillerPlan
  /** The 0-based index of arabic page 1. */
  arabicStart: number
  pageCount: number
}

export function buildPageMap(input: PageMapInput): PageMap {
  const openingIds = new Set(input.openings.map((opening) => opening.id))
  const documents: PageMap['documents'] = {}
  let shift = 0
  let lastPage = -1
  for (const document of input.documents) {
    // Fillers go before openings only: a document moves by as many as precede its opening.
    if (openingIds.has(document.id)) shift = input.plan.starts.get(document.id)! - input.measured.get(document.id)!
    const starts: PageStart[] = []
    document.targets.forEach((target, block) => {
      const measured = input.measured.get(target)
      if (measured === undefined) return // not laid out (hidden): it begins no page
      const page = measured + shift
      if (page <= lastPage) return
      lastPage = page
      starts.push({ block, label: pageLabel(page, input.arabicStart) })
    })
    documents[document.id] = { blocks: document.targets.length, starts }
  }
  return { pageCount: input.pageCount, documents }
}
