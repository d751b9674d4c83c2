/**
 * Print step: the paperback's full-wrap cover (back, spine, front), one
 * HTML page sized from the interior's final page count, printed to a
 * one-page PDF. The front is the book's cover design (render/cover.ts, the
 * e-book's) drawn at the trim size as vector art, its background running on
 * under the spine and the back. The back panel's barcode box is barcode.ts's.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { BrowserSession } from '../browser/index.ts'
import { closeQuietly, type Deadline } from '../browser/page.ts'
import type { BookConfig, Volume } from '../config/index.ts'
import { coverLayout, kdpProfile, type CoverLayout, type PrintProfile } from '../config/print-layout.ts'
import { coverSvg, designWidth } from '../render/cover.ts'
import { installFonts } from '../render/fonts.ts'
import type { Templates } from '../render/templates.ts'
import { barcodeFor, renderBarcodeBox } from './barcode.ts'
import { inches } from './css.ts'
import { rgbPalette } from './ink.ts'
import { inspectPdf, loadPage, printPdf } from './pdf.ts'
import { openPdf, savePdf } from './pdf-objects.ts'

export const coverBlurb =
  'Every week, SpringBoard profiles one career in health care: what the job is, the education it takes, the skills that matter, what it pays and whether the field is growing. This volume collects those profiles:'

export interface WrapCoverInput {
  config: BookConfig
  volume: Volume
  templates: Templates
  pageCount: number
  session: BrowserSession
  /** The folder the page is loaded from; the fonts are installed here. */
  dir: string
  timeoutMs: number
  /** Whose rules (spine text): KDP's by default; the PDF/X cover is IngramSpark's (and made CMYK afterwards: cmyk-cover.ts). */
  profile?: PrintProfile
}

/** The wrap cover as a one-page PDF, and its layout (the PDF's exact size). */
export async function printWrapCover(input: WrapCoverInput): Promise<{ pdf: Uint8Array; layout: CoverLayout }> {
  const { session, dir } = input
  const fontFaces = await installFonts(dir)
  const cover = await renderPrintCover({ ...input, fontFaces })
  const page = await session.newPage(dir)
  const deadline: Deadline = { session, timeoutMs: input.timeoutMs }
  const what = 'printing the cover'
  try {
    await loadPage(page, cover.htmlPath, deadline, what)
    // Tagged for screens; the PDF/X conversion drops tags, so its source is not.
    const pdf = await printPdf(page, { tagged: (input.profile ?? kdpProfile) === kdpProfile, outline: false }, deadline, what)
    const { pageCount } = await inspectPdf(pdf)
    if (pageCount !== 1) throw new Error(`The cover printed on ${pageCount} pages`)
    return { pdf: await withPageSize(pdf, cover.layout.page), layout: cover.layout }
  } finally {
    await closeQuietly(page)
  }
}

/**
 * The page exactly the wrap's size. Chromium writes its MediaBox rounded (887.51 pt as 888, half a page's
 * spine), and setPageSize (pdf.ts) rewrites it only within the characters Chromium wrote: pdf-lib sets it.
 */
async function withPageSize(pdf: Uint8Array, size: { width: number; height: number }): Promise<Uint8Array> {
  const document = await openPdf(pdf)
  document.getPage(0).setMediaBox(0, 0, Number((size.width * 72).toFixed(4)), Number((size.height * 72).toFixed(4)))
  return savePdf(document)
}

export async function renderPrintCover(input: {
  config: BookConfig
  volume: Volume
  templates: Templates
  pageCount: number
  /** The fonts must already be installed here. */
  dir: string
  fontFaces: string
  profile?: PrintProfile
}): Promise<{ htmlPath: string; layout: CoverLayout }> {
  const { config, volume } = input
  const profile = input.profile ?? kdpProfile
  const layout = coverLayout(config.print.trim, config.print.paper, input.pageCount, profile)
  // The design is 1600 units across the front's trim; its background covers the whole wrap, bleed included.
  const unit = designWidth / layout.trim.width
  const art = await coverSvg(input, {
    height: layout.trim.height * unit,
    left: (layout.bleed + layout.trim.width + layout.spine) * unit,
    bleed: layout.bleed * unit,
    width: inches(layout.page.width),
    svgHeight: inches(layout.page.height),
  })
  const html = input.templates.render('print/cover.html.ejs', {
    lang: config.language,
    fontFaces: input.fontFaces,
    title: volume.title,
    subtitle: volume.subtitle ?? '',
    editors: config.editors,
    publisher: config.publisher,
    careers: volume.chapters.map((chapter) => chapter.meta.title),
    blurb: coverBlurb,
    // A point wider than the wrap, cut back to its size (withPageSize): Chromium rounds the page's width
    // to whole pixels, which would leave a sliver of its right edge unpainted.
    width: inches(layout.page.width + 1 / 72),
    height: inches(layout.page.height),
    trimWidth: inches(layout.trim.width),
    trimHeight: inches(layout.trim.height),
    spine: inches(layout.spine),
    bleed: inches(layout.bleed),
    spineText: layout.spineText,
    // The back panel's barcode box, a partial of its own (templates/print/barcode.ejs).
    barcodeBox: renderBarcodeBox(input.templates, barcodeFor(volume, profile)),
    colors: rgbPalette,
    art,
  })
  const htmlPath = path.join(input.dir, profile === kdpProfile ? 'cover.html' : 'cover-pdfx.html')
  await writeFile(htmlPath, html)
  return { htmlPath, layout }
}
