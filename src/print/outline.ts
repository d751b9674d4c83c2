/**
 * Print helper: the digital PDF's bookmarks, from the headings we know
 * (the printed contents, the introduction, each chapter with its sections,
 * the appendix) at the places the first pass's markers found them
 * (page-scripts.ts, markPageBlocks), moved by the filler pages before them.
 */
import type { PrintBook } from './html.ts'
import { fillerShift } from './page-map.ts'
import type { LinkMark } from './pdf-objects.ts'
import type { FillerPlan } from './plan.ts'

/** A heading the digital PDF bookmarks, and where it is in the print. */
export interface OutlineHeading {
  /** The heading's id ('' without one). */
  id: string
  title: string
  /** 0-based page index, and the top left of the heading's first line in PDF points. */
  page: number
  x: number
  top: number
  children: OutlineHeading[]
}

/** The documents the digital PDF bookmarks: the printed contents, then each opening document. */
export function outlineRoots(book: PrintBook): string[] {
  return [book.contentsId, ...book.openings.map((opening) => opening.id)]
}

/** Each bookmarked document's h1 with its h2s below it, on its final page (the fillers counted). */
export function outlineHeadings(roots: readonly string[], groups: readonly { marks: number[]; texts: [string, string][] }[], marks: ReadonlyMap<number, LinkMark>, plan: FillerPlan, measured: ReadonlyMap<string, number>): OutlineHeading[] {
  const headings: OutlineHeading[] = []
  roots.forEach((root, index) => {
    const shift = fillerShift(root, plan, measured) ?? 0
    const found = groups[index]!.texts.flatMap(([id, title], block) => {
      const mark = marks.get(groups[index]!.marks[block]!)
      return mark ? [{ id, title, page: mark.page + shift, x: mark.x, top: mark.top, children: [] as OutlineHeading[] }] : []
    })
    const [top, ...sections] = found
    if (top) headings.push({ ...top, children: sections })
  })
  return headings
}

