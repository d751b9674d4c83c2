/**
 * Print helper: the pass plan, pure arithmetic on what the first pass
 * measured. The introduction and the first chapter (arabic 1) open on a
 * right-hand page; the other chapters and the appendix on the next page or,
 * with `chapterOpening: right-hand`, on a right-hand page too. A document
 * that the first pass put on a left-hand page it may not open on gets a
 * filler page before it. Blank pages at the end make the count even with a
 * blank last page (IngramSpark's rule), so that the KDP and PDF/X books have
 * the same pages. The folios (roman in the front matter, arabic from the
 * first chapter) follow from where each document then opens. The first
 * guess at the page count, which sizes the gutter, is here too.
 */
import { blankPagesToAdd, textHeight, textWidth, type InteriorLayout } from '../config/print-layout.ts'
import type { HeadedDocument } from './page-rules.ts'

/** A document that opens on a right-hand page, in reading order: what the passes measure. */
export interface OpeningDocument extends HeadedDocument {
  kind: 'introduction' | 'chapter' | 'appendix'
}

export interface FillerPlan {
  /** The documents that get a filler page before them. */
  fillers: Set<string>
  /** 0-based page index where each document opens once the fillers are in. */
  starts: Map<string, number>
  /** Blank pages after the last: the count even, the last page blank. */
  endBlanks: number
  /** The final page count: what was measured, the fillers and the blank pages at the end. */
  pageCount: number
}

/** Where chapters (after the first) and the appendix open: `next-page`, or `right-hand` with a filler where needed. */
export type ChapterOpening = 'next-page' | 'right-hand'

/** Whether a document must open on a right-hand page: the introduction and the first chapter always, the rest as configured. */
function opensRight(opening: OpeningDocument, firstChapter: string | undefined, mode: ChapterOpening): boolean {
  return opening.front || opening.id === firstChapter || mode === 'right-hand'
}

/** Where fillers go: a document that must open on a right-hand page and would open on an even (0-based odd) page gets one before it. */
export function planFillers(openings: readonly OpeningDocument[], measured: ReadonlyMap<string, number>, measuredPages: number, mode: ChapterOpening = 'right-hand'): FillerPlan {
  const fillers = new Set<string>()
  const starts = new Map<string, number>()
  const firstChapter = openings.find((opening) => !opening.front)?.id
  let shift = 0
  for (const opening of openings) {
    const measuredStart = measured.get(opening.id)
    if (measuredStart === undefined) throw new Error(`The first pass has no destination for #${opening.id}`)
    let start = measuredStart + shift
    if (start % 2 === 1 && opensRight(opening, firstChapter, mode)) {
      fillers.add(opening.id)
      shift++
      start++
    }
    starts.set(opening.id, start)
  }
  const pages = measuredPages + shift
  const endBlanks = blankPagesToAdd(pages)
  return { fillers, starts, endBlanks, pageCount: pages + endBlanks }
}

/** The filler slots at the end of the book (html.ts), by how many blank pages it gets there. */
export const endFillerIds = ['end-1', 'end-2'] as const

export function endFillers(count: number): string[] {
  return endFillerIds.slice(0, count)
}

/** Folios: roman from the half title in the front matter, arabic from the first chapter's opening. */
export function folioLabels(openings: readonly OpeningDocument[], starts: ReadonlyMap<string, number>): Map<string, { label: string; value: number }> {
  const arabic = arabicStart(openings, starts)
  const folios = new Map<string, { label: string; value: number }>()
  for (const opening of openings) {
    const start = starts.get(opening.id)!
    const value = opening.front ? start + 1 : start - arabic + 1
    folios.set(opening.id, { value, label: opening.front ? toRoman(value) : String(value) })
  }
  return folios
}

/** The page number printed on (or implied for) the page at `index` (0-based): roman before `arabicStart`, then arabic. */
export function pageLabel(index: number, arabicStart: number): string {
  return index < arabicStart ? toRoman(index + 1) : String(index - arabicStart + 1)
}

/** The 0-based index of the page that is arabic 1: the first chapter's opening (0 without one). */
export function arabicStart(openings: readonly OpeningDocument[], starts: ReadonlyMap<string, number>): number {
  const firstChapter = openings.find((opening) => !opening.front)
  return firstChapter ? starts.get(firstChapter.id)! : 0
}

export function toRoman(value: number): string {
  const numerals: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']]
  let rest = value
  let result = ''
  for (const [amount, numeral] of numerals) {
    while (rest >= amount) {
      result += numeral
      rest -= amount
    }
  }
  return result
}

/**
 * Characters of text in a page, at the body size, per square em of text
 * block: measured on the sample book and the bench's (about 1.1 in 6 × 9).
 * Only the gutter bracket depends on the estimate, and the first print
 * corrects it; nothing is laid out for it.
 */
const charactersPerSquareEm = 1.1

/** A first guess at the page count from the length of the text, before anything is printed. */
export function estimatePageCount(characters: number, layout: InteriorLayout, openings: number): number {
  const em = layout.fontSize / 72
  const width = textWidth(layout)
  const height = textHeight(layout)
  // Each document that opens a page also ends one part-empty, and may need a filler before it.
  return Math.ceil(characters / (charactersPerSquareEm * (width / em) * (height / em))) + Math.ceil(1.5 * openings)
}
