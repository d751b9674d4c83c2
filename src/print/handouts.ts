/**
 * Print step: the handouts, one US Letter page per career, all laid out in
 * one document and printed once (one print costs little more than one
 * handout's; printed one by one they were most of a long book's print).
 * The pages are then split into a file per career (handout-pack.ts), and
 * the whole print is the fair pack.
 *
 * Each handout has a QR code (npm `qrcode`, as inline SVG: sharp at any
 * size, no image file) to the chapter's first resource, or to the book's
 * `url` when a chapter lists none, and a "Buy now" block that names every
 * configured store with a QR code to the book's `url`. A handout that does
 * not fit its page is a content problem (p-001) on the chapter, and gets
 * no PDF; the volume then gets no fair pack.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Page } from 'puppeteer'
import type { BrowserSession } from '../browser/index.ts'
import { closeQuietly, guard, type Deadline } from '../browser/page.ts'
import type { Chapter, TransformedChapter } from '../chapter.ts'
import type { BookConfig, Volume } from '../config/index.ts'
import { letter } from '../config/print-layout.ts'
import { installFonts } from '../render/fonts.ts'
import type { Templates } from '../render/templates.ts'
import { countPages, splitPages, twoUp } from './handout-pack.ts'
import { compactOverflowingHandouts, handoutTexts } from './page-scripts.ts'
import { loadPage, printPdf, setPdfDates } from './pdf.ts'
import { handoutParts, reportTooLong } from './handout-html.ts'

export interface HandoutsInput {
  config: BookConfig
  volume: Volume
  chapters: readonly TransformedChapter[]
  templates: Templates
  /** The browser, or its launch still under way: the page is written meanwhile. */
  session: BrowserSession | Promise<BrowserSession>
  /** The folder the page is loaded from; the fonts are installed here. */
  dir: string
  timeoutMs: number
  /** Written into every PDF as its creation and modification date. */
  modified: Date
  /** Also return the fair pack (all handouts in one PDF, and two-up when the config asks). */
  fairPack: boolean
}

export interface HandoutsResult {
  /** One PDF per chapter whose handout fits its page, in chapter order. */
  printed: { chapter: Chapter; pdf: Uint8Array }[]
  /** The fair pack, when asked for and every handout fits: `handouts` and, when configured, `handouts-2up`. */
  packs: { suffix: string; pdf: Uint8Array }[]
  of: number
  /** How many pages each chapter's handout takes, in chapter order (1: it fits). */
  spans: number[]
  /** Each handout's laid-out text, in chapter order, for the fidelity audit. */
  texts: HandoutText[]
}

/** One handout's laid-out text, and what fills its page (page-scripts.ts, handoutTexts). */
export type HandoutText = ReturnType<typeof handoutTexts>[number] & { chapter: Chapter }

export async function printHandouts(input: HandoutsInput): Promise<HandoutsResult> {
  const { config, volume, dir } = input
  const fontFaces = await installFonts(dir)
  const htmlPath = await renderHandouts({ ...input, fontFaces })
  const chapters = input.chapters.map((transformed) => transformed.chapter)
  const session = await input.session
  const page = await session.newPage(dir)
  const deadline: Deadline = { session, timeoutMs: input.timeoutMs }
  try {
    await loadPage(page, htmlPath, deadline, 'loading the handouts')
    const laidOut = await compactTallHandouts(page, deadline)
    const texts = laidOut.map((text, index) => ({ ...text, chapter: chapters[index]! }))
    const all = await printPdf(page, { tagged: true, outline: false }, deadline, 'printing the handouts')
    const pageCount = await countPages(all)
    // One page each, the usual case, needs no more printing; else find which ones run over.
    const spans = pageCount === chapters.length ? chapters.map(() => 1) : await pagesOfEach(page, deadline, chapters)
    const total = spans.reduce((sum, pages) => sum + pages, 0)
    if (total !== pageCount) throw new Error(`The handouts printed alone take ${total} pages, together ${pageCount}`)

    const firstPages: number[] = []
    let next = 0
    spans.forEach((pages, index) => {
      if (pages === 1) firstPages.push(next)
      else reportTooLong(chapters[index]!, pages)
      next += pages
    })
    const fitting = chapters.filter((_, index) => spans[index] === 1)
    const split = await splitPages(all, firstPages, { modified: input.modified, titles: fitting.map((chapter) => chapter.meta.title), language: config.language })
    const printed = fitting.map((chapter, index) => ({ chapter, pdf: split[index]! }))

    const packs: HandoutsResult['packs'] = []
    if (input.fairPack && fitting.length === chapters.length) {
      packs.push({ suffix: 'handouts', pdf: setPdfDates(all, input.modified) })
      if (config.handouts.twoUp) packs.push({ suffix: 'handouts-2up', pdf: await twoUp(all, { modified: input.modified, title: `${volume.title}: career handouts, two up`, language: config.language }) })
    }
    return { printed, packs, of: chapters.length, spans, texts }
  } finally {
    await closeQuietly(page)
  }
}

/** Print each handout alone (only when some run over a page): how many pages each takes. */
async function pagesOfEach(page: Page, deadline: Deadline, chapters: readonly Chapter[]): Promise<number[]> {
  const spans: number[] = []
  for (const [index, chapter] of chapters.entries()) {
    const what = `printing the handout for ${chapter.meta.title}`
    await guard(deadline, page, what, page.evaluate(showOnly, index))
    spans.push(await countPages(await printPdf(page, { tagged: false, outline: false }, deadline, what)))
  }
  return spans
}

/** In the page: show only the handout at `index`, starting the first page. */
function showOnly(index: number): void {
  document.querySelectorAll<HTMLElement>('.handout').forEach((element, at) => {
    element.style.display = at === index ? '' : 'none'
    element.style.breakBefore = 'auto'
  })
}


/** Lay the handouts out as printed (print media, the page's text width), make the too-tall ones compact, and read their text as laid out. */
async function compactTallHandouts(page: Page, deadline: Deadline): Promise<ReturnType<typeof handoutTexts>> {
  const what = 'fitting the handouts to their pages'
  const cssPx = 96
  await guard(deadline, page, what, page.emulateMediaType('print'))
  await guard(deadline, page, what, page.setViewport({ width: Math.round((letter.width - 2 * handoutMargin.x) * cssPx), height: 1000 }))
  await guard(deadline, page, what, page.evaluate(compactOverflowingHandouts, (letter.height - 2 * handoutMargin.y) * cssPx - 2))
  const texts = await guard(deadline, page, 'reading the handouts\' text', page.evaluate(handoutTexts))
  await guard(deadline, page, what, page.emulateMediaType())
  return texts
}

/** The margins of templates/print/handout.css's `@page` rule, in inches. */
const handoutMargin = { x: 0.7, y: 0.5 }

/** The one document with every handout; returns its path. */
export async function renderHandouts(input: {
  config: BookConfig
  volume: Volume
  chapters: readonly TransformedChapter[]
  templates: Templates
  /** Where the page goes; the fonts must already be installed here (installFonts). */
  dir: string
  fontFaces: string
}): Promise<string> {
  const { sections, document } = await handoutParts(input)
  const htmlPath = path.join(input.dir, 'handouts.html')
  await writeFile(htmlPath, document(input.fontFaces, sections))
  return htmlPath
}

