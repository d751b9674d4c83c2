/**
 * Print step: the handouts, one US Letter page per career, each printed to
 * its own PDF. Each has a QR code (npm `qrcode`, as inline SVG: sharp at
 * any size, no image file) to the chapter's first resource, or to the
 * book's `url` when a chapter lists none. A handout that does not fit its
 * page is a content problem (p-001) on the chapter, and gets no PDF.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import QRCode from 'qrcode'
import type { BrowserSession } from '../browser/index.ts'
import { closeQuietly, type Deadline } from '../browser/page.ts'
import type { Chapter } from '../chapter.ts'
import type { BookConfig, Volume } from '../config/index.ts'
import { letter } from '../config/print-layout.ts'
import { installFonts } from '../render/fonts.ts'
import { formatDate, formatSalaryRange } from '../render/format.ts'
import type { Templates } from '../render/templates.ts'
import { report } from '../report/messages.ts'
import { frontMatterKeyPosition } from '../validate/places.ts'
import { inspectPdf, loadPage, printPdf } from './pdf.ts'
import { displayUrl, hyphenateText, hyphenatorFor, urlBreakParts } from './text.ts'

export interface HandoutPage {
  chapter: Chapter
  htmlPath: string
}

export interface HandoutsInput {
  config: BookConfig
  volume: Volume
  chapters: readonly Chapter[]
  templates: Templates
  /** The browser, or its launch still under way: the pages are written meanwhile. */
  session: BrowserSession | Promise<BrowserSession>
  /** The folder the pages are loaded from; the fonts are installed here. */
  dir: string
  timeoutMs: number
}

/** One PDF per chapter whose handout fits its page, in chapter order; the rest are reported (p-001). */
export async function printHandouts(input: HandoutsInput): Promise<{ printed: { chapter: Chapter; pdf: Uint8Array }[]; of: number }> {
  const { dir } = input
  const fontFaces = await installFonts(dir)
  const pages = await renderHandouts({ ...input, fontFaces })
  const session = await input.session
  const page = await session.newPage(dir)
  const deadline: Deadline = { session, timeoutMs: input.timeoutMs }
  const printed: { chapter: Chapter; pdf: Uint8Array }[] = []
  try {
    for (const handout of pages) {
      const what = `printing the handout for ${handout.chapter.meta.title}`
      await loadPage(page, handout.htmlPath, deadline, what)
      const pdf = await printPdf(page, { tagged: true, outline: false }, deadline, what)
      const { pageCount } = await inspectPdf(pdf)
      if (pageCount !== 1) {
        // A chapter in two volumes (a year and the complete book) is reported once.
        if (handout.chapter.file.messages.some((message) => message.ruleId === 'p-001')) continue
        report(
          handout.chapter.file,
          'p-001',
          `The handout for \`${handout.chapter.meta.title}\` takes ${pageCount} pages; it must fit on one US Letter page (${letter.width} × ${letter.height} in)`,
          frontMatterKeyPosition(handout.chapter.file, ['competencies']),
        )
        continue
      }
      printed.push({ chapter: handout.chapter, pdf })
    }
  } finally {
    await closeQuietly(page)
  }
  return { printed, of: pages.length }
}

export function handoutLink(chapter: Chapter, config: BookConfig): string | undefined {
  return chapter.meta.resources[0]?.url ?? config.url
}

export async function renderHandouts(input: {
  config: BookConfig
  volume: Volume
  chapters: readonly Chapter[]
  templates: Templates
  /** Where the pages go; the fonts must already be installed here (installFonts). */
  dir: string
  fontFaces: string
}): Promise<HandoutPage[]> {
  const { config, volume, templates, dir } = input
  const hyphenate = hyphenatorFor(config.language)
  const css = templates.read('print/handout.css')
  const pages: HandoutPage[] = []
  for (const chapter of input.chapters) {
    const { meta } = chapter
    const link = handoutLink(chapter, config)
    const qrSvg = link ? await QRCode.toString(link, { type: 'svg', margin: 0, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } }) : ''
    const html = templates.render('print/handout.html.ejs', {
      lang: config.language,
      fontFaces: input.fontFaces,
      css,
      title: meta.title,
      summaryHtml: escapeHtml(hyphenate ? hyphenateText(meta.summary, hyphenate) : meta.summary),
      degree: meta.degree,
      certifications: meta.certifications,
      salaryRange: formatSalaryRange(meta.salary, config.language),
      category: meta.category ?? '',
      competencies: meta.competencies,
      resources: meta.resources.map((resource) => ({ ...resource, displayHtml: breakableUrl(resource.url) })),
      qrSvg,
      qrUrl: link ?? '',
      qrDisplay: link ? displayUrl(link) : '',
      qrDisplayHtml: link ? breakableUrl(link) : '',
      bookTitle: volume.title,
      publisher: config.publisher,
      url: config.url ?? '',
      published: formatDate(meta.published, config.language),
    })
    const htmlPath = path.join(dir, `handout-${chapter.slug}.html`)
    await writeFile(htmlPath, html)
    pages.push({ chapter, htmlPath })
  }
  return pages
}

/** The printed address with `<wbr>` where a line may break, never inside a word. */
function breakableUrl(href: string): string {
  return urlBreakParts(href).map(escapeHtml).join('<wbr>')
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
