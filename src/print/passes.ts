/**
 * Print step: the interior in two passes over one loaded page (Chromium has
 * no `target-counter()` and no `break-before: right`):
 *
 * 1. first pass: remove the soft hyphens where no line breaks, lay the book
 *    out and print it once with nothing painted, to memory, and read where
 *    each document opens from the PDF's named destinations (Chromium writes
 *    one for every link target; the contents link to every document).
 *    `visibility: hidden` changes no box, so the pages are the same, but no
 *    font is embedded: this print costs about half of a real one. Each text
 *    block (for the EPUB's page map) and each heading (for the digital
 *    PDF's bookmarks) carries a marker link, which is not hidden: its
 *    annotation says on which page, and where, the block begins
 *    (page-scripts.ts, markPageBlocks; page-map.ts);
 * 2. the plan (plan.ts): a filler page before each document that would
 *    open on a left page, and the folios that follow;
 * 3. second pass: show those fillers, write the page numbers into the
 *    contents and the appendix (fixed-width placeholders, so nothing
 *    reflows), tell the running heads which pages are openings, and print
 *    once, tagged and with the links: the digital PDF's source, which also
 *    proves that every document opens where the plan says. The print PDF is
 *    the same print with the tags, links and destinations taken out
 *    (paper-pdf.ts). Without the digital PDF, the links are taken out and
 *    the print is untagged;
 * 4. for PDF/X, the running heads and folios move inside IngramSpark's
 *    margins (the text block stays, so the pages do too) and the same
 *    page is printed once more.
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
import { ingramSparkProfile, interiorLayout, kdpProfile, minimumGutter, textWidth, type InteriorLayout } from '../config/print-layout.ts'
import { pageBlockSelector } from '../render/page-breaks.ts'
import { leafBoundaryTags, skippedClasses, skippedTags } from '../text/leaves.ts'
import type { PrintBook } from './html.ts'
import { outlineHeadings, outlineRoots, type OutlineHeading } from './outline.ts'
import { buildPageMap, type PageMap } from './page-map.ts'
import { pageRules } from './page-rules.ts'
import { applyPlan, chapterTexts, countText, hideEverything, markPageBlocks, markPageBlocksDone, pruneSoftHyphensInPage, removeLinks, replacePageRules, showEverything } from './page-scripts.ts'
import { stripForPaper } from './paper-pdf.ts'
import { correctLines, markHyphenatedWords, unmarkHyphenatedWords, wordsAcrossPageTurns, type LineCorrections } from './typesetting.ts'
import { inspectPdf, loadPage, printPdf, setPageSize, type PdfFacts } from './pdf.ts'
import { linkMarks, openPdf, type LinkMark } from './pdf-objects.ts'
import { arabicStart, endFillers, estimatePageCount, folioLabels, planFillers, type FillerPlan } from './plan.ts'

export interface InteriorInput {
  book: PrintBook
  print: BookConfig['print']
  session: BrowserSession
  dir: string
  timeoutMs: number
  /** Also the digital PDF's source (default true); the dev preview and the bench's print-only measure do without. */
  digital?: boolean
  /** Also the PDF/X print, with IngramSpark's running heads and folios (default false). */
  pdfx?: boolean
  /** Also the page map for the EPUB (default false). */
  pageMap?: boolean
  /** Called with the page count once the first pass has planned the pages (before the second pass prints). */
  onPlanned?: (pageCount: number) => void
  /** The chapters whose laid-out text the fidelity audit reads (their section ids, each its own document). */
  auditChapters?: readonly string[]
  /** Called with the typesetting corrections of the first pass (soft hyphens removed, by reason). */
  onTypeset?: (corrections: LineCorrections & { pageTurns: number }) => void
}

export interface InteriorResult {
  /** The print PDF (KDP). */
  print: Uint8Array
  /** The one tagged print with links and destinations, which the digital PDF is made from; absent when not asked for. */
  digital?: Uint8Array
  /** The digital PDF's bookmarks: the contents and each opening document, with its sections (h2). */
  headings?: OutlineHeading[]
  /** The PDF/X interior before conversion (RGB, IngramSpark's marks); absent when not asked for. */
  pdfx?: Uint8Array
  pageMap?: PageMap
  /** With `auditChapters`: each chapter's laid-out text, leaf by leaf, with the page block each is in or follows. */
  chapterTexts?: Map<string, { text: string; region: string; block: number }[]>
  pageCount: number
  layout: InteriorLayout
  /** 0-based page index where each document opens. */
  starts: Map<string, number>
  /** The folio printed for each document's opening, as in the contents. */
  folios: Map<string, string>
  /** The 0-based index of the page numbered arabic 1. */
  arabicStart: number
  /** Milliseconds: the measuring pass(es) with the soft-hyphen pruning, the print, taking the print PDF out of it, the PDF/X print, reading the text for the audit. */
  timings: { measure: number; print: number; digital: number; pdfx: number; texts: number }
}

/** The URL prefix of the first pass's block markers (a reserved name: never a real address). */
const markOrigin = 'https://page-block.invalid/'

/** Measuring prints that may correct a word hyphenated across a page turn; the next one is the measure as it is. */
const pageTurnRounds = 3

export async function printInterior(input: InteriorInput): Promise<InteriorResult> {
  const { book, session, dir } = input
  const deadline: Deadline = { session, timeoutMs: input.timeoutMs }
  const page = await session.newPage(dir)
  try {
    await loadPage(page, book.htmlPath, deadline, 'loading the print interior')

    let started = performance.now()
    const { layout, plan, pageCount, measured, marks, groups } = await firstPass(page, deadline, input)
    const measure = performance.now() - started
    input.onPlanned?.(pageCount)

    started = performance.now()
    const folios = folioLabels(book.openings, plan.starts)
    const numbers = [...folios].map(([id, folio]): [string, string] => [id, folio.label])
    await guard(deadline, page, 'filling in the page numbers', page.evaluate(applyPlan, [...plan.fillers, ...endFillers(plan.endBlanks)], numbers))
    const openings = new Map([...folios].map(([id, folio]) => [id, folio.value]))
    await setPageRules(page, deadline, pageRules({ layout, bookTitle: book.bookTitle, documents: book.openings, openings }))
    const arabic = arabicStart(book.openings, plan.starts)
    const result: InteriorResult = {
      print: new Uint8Array(),
      pageCount,
      layout,
      starts: plan.starts,
      folios: new Map([...folios].map(([id, folio]) => [id, folio.label])),
      arabicStart: arabic,
      timings: { measure, print: 0, digital: 0, pdfx: 0, texts: 0 },
    }
    if (input.pageMap) {
      const documents = book.pageDocuments.map((id, index) => ({ id, marks: groups[index]!.marks }))
      result.pageMap = buildPageMap({ documents, openings: book.openings, measured, marks, plan, arabicStart: arabic, pageCount })
    }

    // The text as laid out for both prints (soft hyphens pruned, lines corrected), for the fidelity audit.
    if (input.auditChapters) {
      const textsStarted = performance.now()
      const ids = [...input.auditChapters]
      const rules = { boundaries: [...leafBoundaryTags], skippedTags: [...skippedTags], skippedClasses: [...skippedClasses], blockSelector: pageBlockSelector }
      const texts = await guard(deadline, page, 'reading the laid-out text', page.evaluate(chapterTexts, ids.map((id) => ({ id, chapter: id })), rules))
      result.chapterTexts = new Map(ids.map((id, index) => [id, texts[index]!]))
      result.timings.texts = performance.now() - textsStarted
    }

    if (input.digital !== false) {
      result.headings = outlineHeadings(outlineRoots(book), groups.slice(input.pageMap ? book.pageDocuments.length : 0), marks, plan, measured)
      const digital = setPageSize(await printPdf(page, { tagged: true, outline: false }, deadline, 'printing the interior'), layout.page)
      checkAgainstPlan(book, plan, pageCount, await inspectPdf(digital))
      result.timings.print = performance.now() - started
      started = performance.now()
      result.digital = digital
      result.print = await stripForPaper(digital)
      result.timings.digital = performance.now() - started
      await guard(deadline, page, 'taking the links out', page.evaluate(removeLinks))
    } else {
      await guard(deadline, page, 'taking the links out', page.evaluate(removeLinks))
      result.print = setPageSize(await printPdf(page, { tagged: false, outline: false }, deadline, 'printing the print PDF'), layout.page)
      const printed = await inspectPdf(result.print)
      if (printed.pageCount !== pageCount) throw new Error(`Print pass: ${printed.pageCount} pages, the plan said ${pageCount}`)
      result.timings.print = performance.now() - started
    }

    if (input.pdfx) {
      started = performance.now()
      await setPageRules(page, deadline, pageRules({ layout, bookTitle: book.bookTitle, documents: book.openings, openings, profile: ingramSparkProfile }))
      result.pdfx = setPageSize(await printPdf(page, { tagged: false, outline: false }, deadline, 'printing the PDF/X interior'), layout.page)
      const printed = await inspectPdf(result.pdfx)
      if (printed.pageCount !== pageCount) throw new Error(`PDF/X pass: ${printed.pageCount} pages, the print PDF has ${pageCount}`)
      await setPageRules(page, deadline, pageRules({ layout, bookTitle: book.bookTitle, documents: book.openings, openings, profile: kdpProfile }))
      result.timings.pdfx = performance.now() - started
    }
    return result
  } finally {
    await closeQuietly(page)
  }
}

/** The one print's destinations (they come with its links) against the plan: every document opens where planned. */
function checkAgainstPlan(book: PrintBook, plan: FillerPlan, pageCount: number, printed: PdfFacts): void {
  for (const opening of book.openings) {
    const actual = printed.destinations.get(opening.id)
    if (actual !== plan.starts.get(opening.id)) {
      throw new Error(`Second pass: ${opening.title} opens on page index ${actual}, the plan said ${plan.starts.get(opening.id)}`)
    }
  }
  if (printed.pageCount !== pageCount) throw new Error(`Second pass: ${printed.pageCount} pages, the plan said ${pageCount}`)
}

interface FirstPass {
  layout: InteriorLayout
  plan: FillerPlan
  pageCount: number
  /** Every named destination of the measuring print, before the fillers. */
  measured: Map<string, number>
  /** The block markers found in the measuring print, by number. */
  marks: Map<number, LinkMark>
  /** What markPageBlocks marked: the page map's documents (with it), then the bookmarks' documents (with the digital PDF). */
  groups: { marks: number[]; texts: [string, string][] }[]
}

/** The groups to mark in the first pass: every block of the EPUB's documents (page map), each heading of the bookmarked ones (digital PDF). */
function markGroups(book: PrintBook, input: InteriorInput): { root: string; selector: string; texts: boolean }[] {
  return [
    ...(input.pageMap ? book.pageDocuments.map((root) => ({ root, selector: pageBlockSelector, texts: false })) : []),
    ...(input.digital !== false ? outlineRoots(book).map((root) => ({ root, selector: 'h1, h2[id]', texts: true })) : []),
  ]
}

/**
 * Lay the book out, measure where each document opens, and plan the
 * fillers. The gutter depends on the page count, which is known only after
 * a print: start from an estimate (so that a long book is not laid out and
 * printed twice), and when the first pass lands in a higher bracket, lay it
 * out again with the wider gutter.
 */
async function firstPass(page: Page, deadline: Deadline, input: InteriorInput): Promise<FirstPass> {
  const { book } = input
  const characters = await guard(deadline, page, 'counting the text', page.evaluate(countText))
  let layout = interiorLayout(input.print.trim, input.print.bleed, estimatePageCount(characters, interiorLayout(input.print.trim, input.print.bleed, 0), book.openings.length))
  for (let attempt = 0; ; attempt++) {
    // A wider gutter changes the lines: start again from the page as written, with every soft hyphen.
    if (attempt > 0) await loadPage(page, book.htmlPath, deadline, 'reloading the print interior')
    // Before the first print, so that both PDFs have the same text and lines. (Chromium's screen and print
    // layouts do not break every line alike: removing hyphens between the passes could move a page break.)
    await pruneSoftHyphens(page, deadline, layout)
    const lines = await correctLines(page, deadline, layout)
    await setPageRules(page, deadline, pageRules({ layout, bookTitle: book.bookTitle, documents: book.openings }))
    const groups = markGroups(book, input)
    // Measure until no word is hyphenated across a page turn (typesetting.ts), a few rounds at most.
    let data: Uint8Array
    let measuredPdf: Awaited<ReturnType<typeof openPdf>>
    let marked: FirstPass['groups'] = []
    let pageTurns = 0
    for (let round = 0; ; round++) {
      marked = groups.length > 0 ? await guard(deadline, page, 'marking the text blocks', page.evaluate(markPageBlocks, groups, markOrigin)) : []
      await markHyphenatedWords(page, deadline)
      data = await measuringPrint(page, deadline)
      if (groups.length > 0) await guard(deadline, page, 'unmarking the text blocks', page.evaluate(markPageBlocksDone))
      // Opened once a round, for the page turns, the destinations and the block markers.
      measuredPdf = await openPdf(data)
      const turns = round < pageTurnRounds ? wordsAcrossPageTurns(measuredPdf) : []
      await unmarkHyphenatedWords(page, deadline, turns)
      if (turns.length === 0) break
      pageTurns += turns.length
    }
    input.onTypeset?.({ ...lines, pageTurns })
    const measured = await inspectPdf(measuredPdf)
    const plan = planFillers(book.openings, measured.destinations, measured.pageCount, input.print.chapterOpening)
    const pageCount = plan.pageCount
    if (minimumGutter(pageCount) <= minimumGutter(layout.gutterFor) || attempt >= 3) {
      return { layout, plan, pageCount, measured: measured.destinations, marks: groups.length > 0 ? await linkMarks(measuredPdf, markOrigin) : new Map(), groups: marked }
    }
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
