/**
 * The print interior in two passes (Chromium has no `target-counter()` and
 * no `break-before: right`):
 *
 * 1. print once, untagged, to memory and read where each document opens
 *    from the PDF's named destinations (Chromium writes one for every link
 *    target; the contents link to every document);
 * 2. show a filler page before each document that would open on a left
 *    page, write the page numbers into the contents and the appendix
 *    (fixed-width placeholders, so nothing reflows), tell the running heads
 *    which pages are openings, and print again in the same loaded page:
 *    the digital PDF (tagged, bookmarks, links);
 * 3. check that every document opens where the plan says, remove the links
 *    and print the same pages once more, untagged: the print PDF.
 *
 * The gutter depends on the page count (KDP's table), and the page count on
 * the gutter: when the first pass lands in a higher bracket than it was laid
 * out for, it is laid out again with the wider gutter (never narrower, so
 * this ends).
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
}

export interface InteriorResult {
  print: Uint8Array
  digital: Uint8Array
  pageCount: number
  layout: InteriorLayout
  /** 0-based page index where each document opens. */
  starts: Map<string, number>
  /** The folio printed for each document's opening, as in the contents. */
  folios: Map<string, string>
  /** Milliseconds: the measuring pass(es), the digital pass, the print pass. */
  timings: { measure: number; digital: number; print: number }
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

export async function printInterior(input: InteriorInput): Promise<InteriorResult> {
  const { book, session, dir } = input
  const deadline: Deadline = { session, timeoutMs: input.timeoutMs }
  const page = await session.newPage(dir)
  try {
    const reader = preparePdfReader()
    await loadPage(page, book.htmlPath, deadline, 'loading the print interior')
    await reader
    const started = performance.now()
    // The gutter depends on the page count, which is known only after a print. Estimate the count from
    // the laid-out height first, so that a long book is not laid out and printed twice for a wider gutter.
    let layout = interiorLayout(input.print.trim, input.print.bleed, await estimatePageCount(page, deadline, interiorLayout(input.print.trim, input.print.bleed, 0), book.openings.length))
    let plan: ReturnType<typeof planFillers>
    let pageCount: number
    for (let attempt = 0; ; attempt++) {
      // A wider gutter changes the lines: start again from the page as written, with every soft hyphen.
      if (attempt > 0) await loadPage(page, book.htmlPath, deadline, 'reloading the print interior')
      await setPageRules(page, deadline, pageRules({ layout, bookTitle: book.bookTitle, documents: book.openings }))
      await pruneSoftHyphens(page, deadline, layout)
      const first = await inspectPdf(await printPdf(page, { tagged: false, outline: false }, deadline, 'printing the interior (first pass)'))
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
    const printTime = performance.now() - printStarted

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
    const digitalTime = performance.now() - digitalStarted

    // Only the digital PDF has destinations (they come with links): check the openings there, the page count in both.
    const check = await inspectPdf(digital)
    for (const opening of book.openings) {
      const actual = check.destinations.get(opening.id)
      if (actual !== plan.starts.get(opening.id)) {
        throw new Error(`Second pass: ${opening.title} opens on page index ${actual}, the plan said ${plan.starts.get(opening.id)}`)
      }
    }
    if (check.pageCount !== pageCount) throw new Error(`Second pass: ${check.pageCount} pages, the plan said ${pageCount}`)
    const printed = await inspectPdf(print)
    if (printed.pageCount !== pageCount) throw new Error(`Print pass: ${printed.pageCount} pages, the digital PDF has ${pageCount}`)

    return {
      print,
      digital,
      pageCount,
      layout,
      starts: plan.starts,
      folios: new Map([...folios].map(([id, folio]) => [id, folio.label])),
      timings: { measure, digital: digitalTime, print: printTime },
    }
  } finally {
    await closeQuietly(page)
  }
}

/**
 * Chromium keeps every soft hyphen in the PDF's text, so a search for
 * "careers" would miss "ca\u00ADreers". Keep only those where a line
 * actually breaks and delete the rest. The lines are found in the page laid
 * out as print, one text block wide (the same width on left and right
 * pages). Chromium breaks lines greedily, so removing break opportunities
 * it did not take changes no line.
 */
export async function pruneSoftHyphens(page: Page, deadline: Deadline, layout: InteriorLayout): Promise<number> {
  const width = layout.page.width - layout.margins.inside - layout.margins.outside
  await page.emulateMediaType('print')
  try {
    return await guard(
      deadline,
      page,
      'finding the line breaks',
      page.evaluate((widthInches: number) => {
        const root = document.documentElement
        root.style.width = `${widthInches}in`
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
        // No named helper functions in here: tsx would wrap them in a `__name` call the page does not have.
        const before = document.createRange()
        const after = document.createRange()
        const unused: [Text, number][] = []
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          const text = node.data
          for (let index = text.indexOf('\u00AD'); index !== -1; index = text.indexOf('\u00AD', index + 1)) {
            if (index === 0 || index + 2 >= text.length) continue
            before.setStart(node, index - 1)
            before.setEnd(node, index)
            // The second letter after the hyphen: Chromium reports the first one's box at the end of the line before.
            after.setStart(node, index + 2)
            after.setEnd(node, index + 3)
            if (after.getBoundingClientRect().top < before.getBoundingClientRect().bottom - 1) unused.push([node, index])
          }
        }
        // Delete from the end of each node so that earlier offsets stay valid.
        for (const [node, index] of unused.reverse()) node.deleteData(index, 1)
        root.style.width = ''
        return unused.length
      }, width),
    )
  } finally {
    await page.emulateMediaType()
  }
}

/**
 * Pages the book will take, from its height laid out one text block wide,
 * plus the part-empty last page of each document that opens a page and its
 * possible filler. Only the gutter bracket depends on it (150, 300, 500,
 * 700 pages): the first print corrects the rest.
 */
async function estimatePageCount(page: Page, deadline: Deadline, layout: InteriorLayout, openings: number): Promise<number> {
  const width = layout.page.width - layout.margins.inside - layout.margins.outside
  const height = layout.page.height - layout.margins.top - layout.margins.bottom
  await page.emulateMediaType('print')
  try {
    const blocks = await guard(
      deadline,
      page,
      'estimating the page count',
      page.evaluate(
        (widthInches: number, heightInches: number) => {
          const root = document.documentElement
          root.style.width = `${widthInches}in`
          const pages = document.body.getBoundingClientRect().height / (heightInches * 96)
          root.style.width = ''
          return pages
        },
        width,
        height,
      ),
    )
    return Math.ceil(blocks) + openings
  } finally {
    await page.emulateMediaType()
  }
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
  await Promise.race([page.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 2_000))])
}
