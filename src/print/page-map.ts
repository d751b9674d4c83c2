/**
 * Print helper: the page map, which page of the print book each text block
 * of the EPUB's documents begins on. The first pass prints with a marker
 * link in every block (page-scripts.ts, markPageBlocks), so each block's
 * page comes back as a link annotation; the plan's filler pages then move
 * every document after them by whole pages. The EPUB gets a marker
 * at the first block of each page (render/page-breaks.ts).
 *
 * Block-level: a page that begins inside a block (a long paragraph running
 * over) has no block of its own and no entry; nor do blank pages and the
 * print-only pages (half title, contents).
 */
import type { PageMap, PageStart } from '../render/page-breaks.ts'
import type { LinkMark } from './pdf-objects.ts'
import type { FillerPlan, OpeningDocument } from './plan.ts'
import { pageLabel } from './plan.ts'

export type { PageMap } from '../render/page-breaks.ts'

export interface PageMapInput {
  /** The documents the EPUB shares with the print book, in reading order, with each block's marker (-1: none). */
  documents: readonly { id: string; marks: readonly number[] }[]
  openings: readonly OpeningDocument[]
  /** The first pass's named destinations: 0-based page of each opening, before the fillers. */
  measured: ReadonlyMap<string, number>
  /** The first pass's block markers by number. */
  marks: ReadonlyMap<number, LinkMark>
  plan: FillerPlan
  /** The 0-based index of arabic page 1. */
  arabicStart: number
  pageCount: number
}

/** How many filler pages come before `id`: fillers go before openings only, so a document moves by as many as precede its opening. */
export function fillerShift(id: string, plan: FillerPlan, measured: ReadonlyMap<string, number>): number | undefined {
  const planned = plan.starts.get(id)
  const first = measured.get(id)
  return planned === undefined || first === undefined ? undefined : planned - first
}

export function buildPageMap(input: PageMapInput): PageMap {
  const documents: PageMap['documents'] = {}
  let shift = 0
  let lastPage = -1
  for (const document of input.documents) {
    shift = fillerShift(document.id, input.plan, input.measured) ?? shift
    const starts: PageStart[] = []
    document.marks.forEach((mark, block) => {
      const found = input.marks.get(mark)
      if (!found) return // unmarked, or not laid out (hidden): it begins no page
      const page = found.page + shift
      if (page <= lastPage) return
      lastPage = page
      starts.push({ block, label: pageLabel(page, input.arabicStart) })
    })
    documents[document.id] = { blocks: document.marks.length, starts }
  }
  return { pageCount: input.pageCount, documents }
}
