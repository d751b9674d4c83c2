/**
 * The print interior in two passes (Chromium has no `target-counter()` and
 * no `break-before: right`):
 *
 * 0. remove the soft hyphens where no line breaks (pruneSoftHyphens);
 * 1. lay the book out and print it once with everything invisible, to
 *    memory, and read where each document opens from the PDF's named
 *    destinations (Chromium writes one for every link target; the contents
 *    link to every document). `visibility: hidden` changes no box, so the
 *    pages are the same, but nothing is painted and no font is embedded:
 *    this print costs about half of a real one;
 * 2. show a filler page before each document that would open on a left
 *    page, write the page numbers into the contents and the appendix
 *    (fixed-width placeholders, so nothing reflows), tell the running heads
 *    which pages are openings, remove the links and print again in the same
 *    loaded page: the print PDF;
 * 3. when asked for, put the links back and print the same pages once
 *    more, tagged, with bookmarks: the digital PDF, which also proves that
 *    every document opens where the plan says (only a PDF with links has
 *    destinations to check).
 *
 * The gutter depends on the page count (KDP's table), and the page count on
 * the gutter: the count is estimated from the length of the text first, and
 * when the first pass lands in a higher bracket than it was laid out for,
 * it is laid out again with the wider gutter (never narrower, so this ends).
 */
import type { Page } from 'puppeteer'
import type { BrowserSession } from '../browser/index.ts'
import type { BookConfig } from '../config/index.ts'
import type { OpeningDocument, PrintBook } from '../render/print/book.ts'
import { interiorLayout, minimumGutter, type InteriorLayout } from '../render/print/layout.ts'
import { pageRules } from '../render/print/pages.ts'
import { guard, inspectPdf, loadPage, preparePdfReader, printPdf, type Deadline } from './pdf.ts'

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

/** Where fillers go: a document opening on an even (0-based odd) page gets one before it. */
export function planFillers(openings: readonly OpeningDocument[], measured: ReadonlyMap<string, number>): { fillers: Set<string>; starts: Map<string, number> } {
  const fillers = new Set<string>()
  const starts = new Map<string, number>()
  let shift = 0
  for (const opening of openings) {
    const measuredStart = measured.get(opening.id)
    if (measuredStart === undefined) throw new Error(`The first pass has no destination for #${opening.id}`)
    let start = measuredStart + shift
    if (start % 2 === 1) {
      fillers.add(opening.id)
      shift++
      start++
    }
    starts.set(opening.id, start)
  }
  return { fillers, starts }
}

/** Folios: roman from the half title in the front matter, arabic from the first chapter's opening. */
export function folioLabels(openings: readonly OpeningDocument[], starts: ReadonlyMap<string, number>): Map<string, { label: string; value: number }> {
  const firstChapter = openings.find((opening) => !opening.front)
  const arabicStart = firstChapter ? starts.get(firstChapter.id)! : 0
  const folios = new Map<string, { label: string; value: number }>()
  for (const opening of openings) {
    const start = starts.get(opening.id)!
    const value = opening.front ? start + 1 : start - arabicStart + 1
    folios.set(opening.id, { value, label: opening.front ? toRoman(value) : String(value) })
  }
  return folios
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
    // The gutter depends on the page count, which is known only after a print: start from an estimate (so
    // that a long book is not laid out and printed twice), and when the first pass lands in a higher bracket,
    // lay it out again with the wider gutter.
    const estimated = await estimatePageCount(page, deadline, interiorLayout(input.print.trim, input.print.bleed, 0), book.openings.length)
    let layout = interiorLayout(input.print.trim, input.print.bleed, estimated)
    let plan: ReturnType<typeof planFillers>
    let pageCount: number
    for (let attempt = 0; ; attempt++) {
      // A wider gutter changes the lines: start again from the page as written, with every soft hyphen.
      if (attempt > 0) await loadPage(page, book.htmlPath, deadline, 'reloading the print interior')
      // Before the first print, so that both PDFs have the same text and lines. (Chromium's screen and print
      // layouts do not break every line alike: removing hyphens between the passes could move a page break.)
      await pruneSoftHyphens(page, deadline, layout)
      await setPageRules(page, deadline, pageRules({ layout, bookTitle: book.bookTitle, documents: book.openings }))
      const first = await inspectPdf(await measuringPrint(page, deadline))
      plan = planFillers(book.openings, first.destinations)
      pageCount = first.pageCount + plan.fillers.size
      if (minimumGutter(pageCount) <= minimumGutter(layout.gutterFor) || attempt >= 3) break
      layout = interiorLayout(input.print.trim, input.print.bleed, pageCount)
    }
    const measure = performance.now() - started

    const folios = folioLabels(book.openings, plan.starts)
    await guard(
      deadline,
      page,
      'filling in the page numbers',
      page.evaluate(
        (fillers: string[], numbers: [string, string][]) => {
          for (const id of fillers) document.querySelector<HTMLElement>(`[data-filler-for="${id}"]`)!.classList.remove('unused')
          for (const [id, label] of numbers) document.querySelectorAll(`[data-folio-for="${id}"]`).forEach((element) => (element.textContent = label))
          // Paper first: no links (so no annotations or destinations), no colour, no tags.
          document.querySelectorAll('a[href]').forEach((link) => {
            link.setAttribute('data-href', link.getAttribute('href')!)
            link.removeAttribute('href')
          })
        },
        [...plan.fillers],
        [...folios].map(([id, folio]): [string, string] => [id, folio.label]),
      ),
    )
    const openingValues = new Map([...folios].map(([id, folio]) => [id, folio.value]))
    await setPageRules(page, deadline, pageRules({ layout, bookTitle: book.bookTitle, documents: book.openings, openings: openingValues }))

    const printStarted = performance.now()
    const print = await printPdf(page, { tagged: false, outline: false }, deadline, 'printing the print PDF')
    const printed = await inspectPdf(print)
    if (printed.pageCount !== pageCount) throw new Error(`Print pass: ${printed.pageCount} pages, the plan said ${pageCount}`)
    const printTime = performance.now() - printStarted

    const result: InteriorResult = {
      print,
      pageCount,
      layout,
      starts: plan.starts,
      folios: new Map([...folios].map(([id, folio]) => [id, folio.label])),
      timings: { measure, print: printTime, digital: 0 },
    }
    if (input.digital === false) return result

    // The same pages for screens: links back, colour, tags and bookmarks.
    await guard(
      deadline,
      page,
      'restoring the links',
      page.evaluate(() => {
        document.querySelectorAll('a[data-href]').forEach((link) => {
          link.setAttribute('href', link.getAttribute('data-href')!)
          link.removeAttribute('data-href')
        })
        document.documentElement.classList.add('digital')
      }),
    )
    const digitalStarted = performance.now()
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
    return { ...result, digital, timings: { ...result.timings, digital: performance.now() - digitalStarted } }
  } finally {
    await closeQuietly(page)
  }
}

/**
 * The first pass: the same layout, nothing painted. Only the page count
 * and the named destinations are read from it.
 */
async function measuringPrint(page: Page, deadline: Deadline): Promise<Uint8Array> {
  await guard(
    deadline,
    page,
    'hiding the text for the first pass',
    page.evaluate(() => {
      const style = document.createElement('style')
      style.id = 'measuring-pass'
      style.textContent = '*, *::before, *::after, *::marker { visibility: hidden !important; }'
      document.head.append(style)
    }),
  )
  try {
    return await printPdf(page, { tagged: false, outline: false }, deadline, 'printing the interior (first pass)')
  } finally {
    await guard(deadline, page, 'showing the text again', page.evaluate(() => document.getElementById('measuring-pass')?.remove()))
  }
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
  const width = layout.page.width - layout.margins.inside - layout.margins.outside
  return guard(
    deadline,
    page,
    'finding the line breaks',
    page.evaluate((widthInches: number) => {
      // No named helper functions in here: tsx would wrap them in a `__name` call the page does not have.
      // The book is hidden on screen (templates/print/book.html.ejs); show it one text block wide. No
      // stylesheet of the book depends on the medium, so its lines break as in print.
      const screenRules = document.getElementById('screen-rules')!
      const hidden = screenRules.textContent
      screenRules.textContent = `@media screen { html { width: ${widthInches}in; } }`
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
      const range = document.createRange()
      const edits: [Text, string][] = []
      let pruned = 0
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const text = node.data
        let kept = ''
        let from = 0
        for (let index = text.indexOf('\u00AD'); index !== -1; index = text.indexOf('\u00AD', index + 1)) {
          if (index === 0 || index + 2 >= text.length) continue
          // From the letter before to the second letter after: one box per line it lies on. (The letter
          // before alone can report a box two lines high, and the first letter after sometimes a box at
          // the end of the line before, so neither is asked on its own.)
          range.setStart(node, index - 1)
          range.setEnd(node, index + 3)
          const boxes = range.getClientRects()
          if (boxes.length > 1 && boxes[boxes.length - 1]!.top >= boxes[0]!.bottom - 1) continue
          kept += text.slice(from, index)
          from = index + 1
          pruned++
        }
        if (from > 0) edits.push([node, kept + text.slice(from)])
      }
      // One change per text node, after every question: each change invalidates the layout.
      for (const [node, text] of edits) node.data = text
      screenRules.textContent = hidden
      return pruned
    }, width),
  )
}

/**
 * Characters of text in a page, at the body size, per square em of text
 * block: measured on the sample book and the bench's (about 1.1 in 6 × 9).
 * Only the gutter bracket depends on the estimate, and the first print
 * corrects it; nothing is laid out for it.
 */
const charactersPerSquareEm = 1.1

async function estimatePageCount(page: Page, deadline: Deadline, layout: InteriorLayout, openings: number): Promise<number> {
  const characters = await guard(deadline, page, 'counting the text', page.evaluate(() => document.body.textContent?.length ?? 0))
  const em = layout.fontSize / 72
  const width = layout.page.width - layout.margins.inside - layout.margins.outside
  const height = layout.page.height - layout.margins.top - layout.margins.bottom
  // Each document that opens a page also ends one part-empty, and may need a filler before it.
  return Math.ceil(characters / (charactersPerSquareEm * (width / em) * (height / em))) + Math.ceil(1.5 * openings)
}

async function setPageRules(page: Page, deadline: Deadline, css: string): Promise<void> {
  await guard(
    deadline,
    page,
    'updating the page rules',
    page.evaluate((text: string) => {
      document.getElementById('page-rules')!.textContent = text
    }, css),
  )
}

/** Close a page unless the browser is gone or hangs; the session's close kills what is left. */
export async function closeQuietly(page: Page): Promise<void> {
  if (page.isClosed()) return
  let timer: NodeJS.Timeout | undefined
  await Promise.race([page.close().catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]).finally(() => clearTimeout(timer))
}
