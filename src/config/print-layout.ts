/**
 * The geometry of the printed book: trim, bleed, mirrored margins, the text
 * block and the paperback cover, all derived from the config. Every number
 * here is in inches, the unit printers use. It sits with the config because
 * lint.ts (the text width for print resolution), print/ and verify/ all
 * need the same numbers.
 *
 * KDP's paperback rules (help pages as of 2026, some quoted second-hand):
 * - minimum inside margin (gutter) by page count: up to 150 pages 0.375 in,
 *   up to 300 0.5, up to 500 0.625, up to 700 0.75, beyond 0.875;
 * - outside, top and bottom margins at least 0.25 in, 0.375 with bleed;
 * - bleed is 0.125 in on the top, bottom and outside edges of the interior
 *   and on all four edges of the cover;
 * - spine width = pages × 0.002252 in on white paper, × 0.0025 on cream;
 *   cover width = 2 × trim width + spine + 2 × bleed, height = trim height
 *   + 2 × bleed; spine text only on books of more than 79 pages (KDP's
 *   "Paperback cover" help page);
 * - the barcode: a white box of 2 × 1.2 in at the bottom right of the back
 *   cover, at least 0.25 in from the spine and the trim ("Barcodes").
 *
 * IngramSpark's (Lightning Source's File Creation Guide and help pages):
 * - every mark on an interior page, running heads and folios included, at
 *   least 0.5 in from the trim;
 * - the last page of the interior blank, and an even page count;
 * - spine text from 48 pages (their cover template, quoted second-hand),
 *   at least 1/16 in (their binding tolerance) clear of each fold;
 * - cover art at least 0.25 in inside the trim; the barcode box on the
 *   back cover, which the same 2 × 1.2 in box at 0.5 in from the trim
 *   and the spine meets.
 */
import { trimSizes, type BookConfig } from './schema.ts'

export type TrimName = keyof typeof trimSizes
export type Paper = BookConfig['print']['paper']

export interface Size {
  width: number
  height: number
}

export const bleedInches = 0.125

/** KDP's minimum gutter: the first bracket whose page limit holds the count. */
export const gutterTable: readonly { maxPages: number; inches: number }[] = [
  { maxPages: 150, inches: 0.375 },
  { maxPages: 300, inches: 0.5 },
  { maxPages: 500, inches: 0.625 },
  { maxPages: 700, inches: 0.75 },
  { maxPages: Number.POSITIVE_INFINITY, inches: 0.875 },
]

export function minimumGutter(pages: number): number {
  return gutterTable.find((bracket) => pages <= bracket.maxPages)!.inches
}

/**
 * The margins on top of KDP's minimums, for comfort: a gutter that only
 * meets the minimum makes readers break the spine to read the inner words.
 */
const comfort = {
  '5.5x8.5': { gutter: 0.25, outside: 0.5, top: 0.75, bottom: 0.7 },
  '6x9': { gutter: 0.25, outside: 0.55, top: 0.8, bottom: 0.75 },
  '8.5x11': { gutter: 0.3, outside: 0.75, top: 0.9, bottom: 0.85 },
} as const satisfies Record<TrimName, { gutter: number; outside: number; top: number; bottom: number }>

export interface InteriorLayout {
  trim: Size
  /** The PDF page: the trim plus bleed on the outside, top and bottom edges. */
  page: Size
  bleed: number
  /** Margins measured from the page edge (bleed included), for a right-hand page; left pages mirror inside and outside. */
  margins: { inside: number; outside: number; top: number; bottom: number }
  /** The page count the gutter was sized for: the gutter is right for any count up to this bracket's limit. */
  gutterFor: number
  /** Body text size in points. */
  fontSize: number
}

export function interiorLayout(trimName: TrimName, bleed: boolean, pages: number): InteriorLayout {
  const trim = trimSizes[trimName]
  const extra = bleed ? bleedInches : 0
  const space = comfort[trimName]
  return {
    trim: { ...trim },
    page: { width: trim.width + extra, height: trim.height + 2 * extra },
    bleed: extra,
    margins: {
      inside: minimumGutter(pages) + space.gutter,
      outside: space.outside + extra,
      top: space.top + extra,
      bottom: space.bottom + extra,
    },
    gutterFor: pages,
    fontSize: trimName === '8.5x11' ? 11 : trimName === '6x9' ? 10.5 : 10,
  }
}

/** The text block's width: the page less both margins (the same on left and right pages). */
export function textWidth(layout: InteriorLayout): number {
  return layout.page.width - layout.margins.inside - layout.margins.outside
}

/** The text block's height: the page less the top and bottom margins. */
export function textHeight(layout: InteriorLayout): number {
  return layout.page.height - layout.margins.top - layout.margins.bottom
}

export const spineInchesPerPage: Record<Paper, number> = { white: 0.002252, cream: 0.0025 }

/** KDP prints text on the spine only from this many pages. */
export const spineTextMinPages = 80

/** How close to the spine's folds text may come (IngramSpark's binding tolerance; KDP's cover keeps the same). */
export const spineFoldClearance = 0.0625

/**
 * A printer's rules where they differ: KDP's for the print PDF, IngramSpark's
 * (which an offset printer's PDF/X also meets) for the PDF/X files. The text
 * block is the same in both, so both books have the same pages: the EPUB's
 * page list holds for either.
 */
export interface PrintProfile {
  name: 'kdp' | 'ingramspark'
  /** Where the running head (top margin) and the folio (bottom margin) sit. */
  marks: { head: MarkPlace; folio: MarkPlace }
  /** The nearest any mark on an interior page may come to the trim. */
  safeMargin: number
  spineTextMinPages: number
}

/**
 * A mark's line box in its margin: its edge toward the text block (`align:
 * 'text'`) or toward the trim (`align: 'trim'`) is `inches` from the trim
 * edge or from the text block (`from`).
 */
export interface MarkPlace {
  align: 'text' | 'trim'
  from: 'text' | 'trim'
  inches: number
}

export const kdpProfile: PrintProfile = {
  name: 'kdp',
  // As the paperback has always been laid out: the head's line ends 0.45 in below the trim, the
  // folio's starts 0.2 in below the text block; both at least KDP's 0.25 in from the trim.
  marks: { head: { align: 'text', from: 'trim', inches: 0.45 }, folio: { align: 'text', from: 'text', inches: 0.2 } },
  safeMargin: 0.25,
  spineTextMinPages,
}

export const ingramSparkProfile: PrintProfile = {
  name: 'ingramspark',
  // The line boxes' outer edges 0.5 in inside the trim: every glyph of a head or folio is inside.
  marks: { head: { align: 'trim', from: 'trim', inches: 0.5 }, folio: { align: 'trim', from: 'trim', inches: 0.5 } },
  safeMargin: 0.5,
  spineTextMinPages: 48,
}

/** The CSS padding that puts a mark where `place` says, in a margin box `height` tall (the margin, bleed included). */
export function markPadding(place: MarkPlace, height: number, bleed: number): { side: 'outer' | 'inner'; inches: number } {
  const fromOuterEdge = place.from === 'trim' ? bleed + place.inches : height - place.inches
  return place.align === 'trim' ? { side: 'outer', inches: fromOuterEdge } : { side: 'inner', inches: height - fromOuterEdge }
}

/**
 * The blank pages every interior gets at its end (plan.ts) so that it ends on a blank page with an even
 * count: IngramSpark's rule, and KDP's even count; both books then have the same pages.
 */
export function blankPagesToAdd(pages: number): number {
  return pages % 2 === 1 ? 1 : 2
}

export interface CoverLayout {
  /** The whole wrap: back, spine, front, with bleed all round. */
  page: Size
  trim: Size
  spine: number
  bleed: number
  spineText: boolean
}

export function coverLayout(trimName: TrimName, paper: Paper, pages: number, profile: PrintProfile = kdpProfile): CoverLayout {
  const trim = trimSizes[trimName]
  const spine = pages * spineInchesPerPage[paper]
  return {
    page: { width: 2 * trim.width + spine + 2 * bleedInches, height: trim.height + 2 * bleedInches },
    trim: { ...trim },
    spine,
    bleed: bleedInches,
    // A spine narrower than both fold clearances has no room for text, whatever the page count.
    spineText: pages >= profile.spineTextMinPages && spine > 2 * spineFoldClearance,
  }
}

/** US Letter, for the handouts. */
export const letter: Size = { width: 8.5, height: 11 }

/**
 * The text block's width in the print layout, in inches, for the print resolution of images. The page
 * count is not known before printing; the layout for the fewest pages has the narrowest gutter, so the
 * widest text block: the most an image is stretched.
 */
export function printTextWidthInches(print: Pick<BookConfig['print'], 'trim' | 'bleed'>): number {
  // Rounded to a thousandth of an inch: the margins are sums of decimals, and the number is shown in the message.
  return Number(textWidth(interiorLayout(print.trim, print.bleed, 0)).toFixed(3))
}
