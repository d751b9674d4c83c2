/**
 * Print step: the interior in two passes over one loaded page (Chromium has
 * no `target-counter()` and no `break-before: right`):
 *
 * 1. first pass: remove the soft hyphens where no line breaks, lay the book
 *    out and print it once with nothing painted, to memory, and read where
 *    each document opens from the PDF's named destinations (Chromium writes
 *    one for every link target; the contents link to every document).
 *    `visibility: hidden` changes no box, so the pages are the same, but no
 *    font is embedded: this print costs about half of a real one;
 * 2. the plan (plan.ts): a filler page before each document that would
 *    open on a left page, and the folios that follow;
 * 3. second pass: show those fillers, write the page numbers into the
 *    contents and the appendix (fixed-width placeholders, so nothing
 *    reflows), tell the running heads which pages are openings, remove the
 *    links and print again: the print PDF;
 * 4. when asked for, put the links back and print the same pages once more,
 *    tagged, with bookmarks: the digital PDF, which also proves that every
 *    document opens where the plan says (only a PDF with links has
 *    destinations to check).
 *
 * The gutter depends on the page count (KDP's table), and the page count on
 * the gutter: the count is estimated from the length of the text first, and
 * when the first pass lands in a higher bracket than it was laid out for,
 * it is laid out again with the wider gutter (never narrower, so this ends).
 */
import type { Page } from 'puppeteer'
import type { BrowserSession } from '../browser/index.ts'
import { closeQuietly, guard, type Deadline } from '../browser/page.ts'
import type { BookConfig } from '../config/index.ts'
import { interiorLayout, minimumGutter, textWidth, type InteriorLayout } from '../config/print-layout.ts'
import type { PrintBook } from './html.ts'
import { pageRules } from './page-rules.ts'
import { applyPlanForPaper, countText, hideEverything, pruneSoftHyphensInPage, replacePageRules, restoreLinksForScreens, showEverything } from './page-scripts.ts'
import { inspectPdf, loadPage, preparePdfReader, printPdf } from './pdf.ts'
import { estimatePageCount, folioLabels, planFillers, type FillerPlan } from './plan.ts'

export interface InteriorInput {
  book: PrintBook
  print: BookConfig['print']
  session: BrowserSession
  dir: string
  timeoutMs: number
  /** Also print the digital PDF (default true); the dev preview and the bench's print-only measure do without. */
  digital?: boolean
}

export interface InteriorResult {
  print: Uint8Array
  /** Absent when not asked for. */
  digital?: Uint8Array
  pageCount: number
  layout: InteriorLayout
  /** 0-based page index where each document opens. */
  starts: Map<string, number>
  /** The folio printed for each document's opening, as in the contents. */
  folios: Map<string, string>
  /** Milliseconds: the measuring pass(es) with the soft-hyphen pruning, the print pass, the digital pass (0 without). */
  timings: { measure: number; print: number; digital: number }
}

export async function printInterior(input: InteriorInput & { digital: false }): Promise<InteriorResult>
export async function printInterior(input: InteriorInput): Promise<InteriorResult & { digital: Uint8Array }>
export async function printInterior(input: InteriorInput): Promise<InteriorResult> {
  const { book, session, dir } = input
  const deadline: Deadline = { session, timeoutMs: input.timeoutMs }
  const page = await session.newPage(dir)
  try {
    const reader = preparePdfReader()
    await loadPage(page, book.htmlPath, deadline, 'loading the print interior')
    await reader

    const started = performance.now()
    const { layout, plan, pageCount } = await firstPass(page, deadline, input)
    const measure = performance.now() - started

    const printStarted = performance.now()
    const folios = folioLabels(book.openings, plan.starts)
    const print = await secondPass(page, deadline, book, layout, plan, folios)
    const printed = await inspectPdf(print)
    if (printed.pageCount !== pageCount) throw new Error(`Print pass: ${printed.pageCount} pages, the plan said ${pageCount}`)
    const result: InteriorResult = {
      print,
      pageCount,
      layout,
      starts: plan.starts,
      folios: new Map([...folios].map(([id, folio]) => [id, folio.label])),
      timings: { measure, print: performance.now() - printStarted, digital: 0 },
    }
    if (input.digital === false) return result

    const digitalStarted = performance.now()
    const digital = await digitalPass(page, deadline, book, plan, pageCount)
    return { ...result, digital, timings: { ...result.timings, digital: performance.now() - digitalStarted } }
  } finally {
    await closeQuietly(page)
  }
}

/**
 * Lay the book out, measure where each document opens, and plan the
 * fillers. The gutter depends on the page count, which is known only after
 * a print: start from an estimate (so that a long book is not laid out and
 * printed twice), and when the first pass lands in a higher bracket, lay it
 * out again with the wider gutter.
 */
async function firstPass(page: Page, deadline: Deadline, input: InteriorInput): Promise<{ layout: InteriorLayout; plan: FillerPlan; pageCount: number }> {
  const { book } = input
  const characters = await guard(deadline, page, 'counting the text', page.evaluate(countText))
  let layout = interiorLayout(input.print.trim, input.print.bleed, estimatePageCount(characters, interiorLayout(input.print.trim, input.print.bleed, 0), book.openings.length))
  for (let attempt = 0; ; attempt++) {
    // A wider gutter changes the lines: start again from the page as written, with every soft hyphen.
    if (attempt > 0) await loadPage(page, book.htmlPath, deadline, 'reloading the print interior')
    // Before the first print, so that both PDFs have the same text and lines. (Chromium's screen and print
    // layouts do not break every line alike: removing hyphens between the passes could move a page break.)
    await pruneSoftHyphens(page, deadline, layout)
    await setPageRules(page, deadline, pageRules({ layout, bookTitle: book.bookTitle, documents: book.openings }))
    const measured = await inspectPdf(await measuringPrint(page, deadline))
    const plan = planFillers(book.openings, measured.destinations)
    const pageCount = measured.pageCount + plan.fillers.size
    if (minimumGutter(pageCount) <= minimumGutter(layout.gutterFor) || attempt >= 3) return { layout, plan, pageCount }
    layout = interiorLayout(input.print.trim, input.print.bleed, pageCount)
  }
}

/** The same layout, nothing painted: only the page count and the named destinations are read from it. */
async function measuringPrint(page: Page, deadline: Deadline): Promise<Uint8Array> {
  await guard(deadline, page, 'hiding the text for the first pass', page.evaluate(hideEverything))
  try {
    return await printPdf(page, { tagged: false, outline: false }, deadline, 'printing the interior (first pass)')
  } finally {
    await guard(deadline, page, 'showing the text again', page.evaluate(showEverything))
  }
}

/** Paper first: fillers shown, page numbers written, running heads told the openings, no links, no colour, no tags. */
async function secondPass(page: Page, deadline: Deadline, book: PrintBook, layout: InteriorLayout, plan: FillerPlan, folios: ReturnType<typeof folioLabels>): Promise<Uint8Array> {
  const numbers = [...folios].map(([id, folio]): [string, string] => [id, folio.label])
  await guard(deadline, page, 'filling in the page numbers', page.evaluate(applyPlanForPaper, [...plan.fillers], numbers))
  const openings = new Map([...folios].map(([id, folio]) => [id, folio.value]))
  await setPageRules(page, deadline, pageRules({ layout, bookTitle: book.bookTitle, documents: book.openings, openings }))
  return printPdf(page, { tagged: false, outline: false }, deadline, 'printing the print PDF')
}

/** The same pages for screens: links back, colour, tags and bookmarks; checked against the plan. */
async function digitalPass(page: Page, deadline: Deadline, book: PrintBook, plan: FillerPlan, pageCount: number): Promise<Uint8Array> {
  await guard(deadline, page, 'restoring the links', page.evaluate(restoreLinksForScreens))
  const digital = await printPdf(page, { tagged: true, outline: true }, deadline, 'printing the digital PDF')
  // Only the digital PDF has destinations (they come with links): check the openings there.
  const check = await inspectPdf(digital)
  for (const opening of book.openings) {
    const actual = check.destinations.get(opening.id)
    if (actual !== plan.starts.get(opening.id)) {
      throw new Error(`Second pass: ${opening.title} opens on page index ${actual}, the plan said ${plan.starts.get(opening.id)}`)
    }
  }
  if (check.pageCount !== pageCount) throw new Error(`Digital pass: ${check.pageCount} pages, the print PDF has ${pageCount}`)
  return digital
}

/**
 * Chromium keeps every soft hyphen in the PDF's text, so a search for
 * "careers" would miss "ca\u00ADreers": keep only those where a line
 * breaks. The lines are found in the page laid out for the screen one
 * text block wide (the same width on left and right pages). Chromium's
 * print layout breaks a few lines differently (in the sample book, 22 of
 * 980), so this runs before the first print: both passes and both PDFs
 * then have the same text.
 */
export async function pruneSoftHyphens(page: Page, deadline: Deadline, layout: InteriorLayout): Promise<number> {
  return guard(deadline, page, 'finding the line breaks', page.evaluate(pruneSoftHyphensInPage, textWidth(layout)))
}

async function setPageRules(page: Page, deadline: Deadline, css: string): Promise<void> {
  await guard(deadline, page, 'updating the page rules', page.evaluate(replacePageRules, css))
}
