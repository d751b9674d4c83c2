/**
 * Print step: the paperback's full-wrap cover (back, spine, front), one
 * HTML page sized from the interior's final page count, printed to a
 * one-page PDF. The back panel's barcode box is barcode.ts's.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { BrowserSession } from '../browser/index.ts'
import { closeQuietly, type Deadline } from '../browser/page.ts'
import type { BookConfig, Volume } from '../config/index.ts'
import { coverLayout, kdpProfile, type CoverLayout, type PrintProfile } from '../config/print-layout.ts'
import { installFonts } from '../render/fonts.ts'
import type { Templates } from '../render/templates.ts'
import { barcodeFor, renderBarcodeBox } from './barcode.ts'
import { inches } from './css.ts'
import { rgbPalette, type CoverPalette } from './ink.ts'
import { inspectPdf, loadPage, printPdf } from './pdf.ts'

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
  /** Whose rules (spine text) and which colours: KDP's RGB cover by default; the PDF/X cover has its own. */
  profile?: PrintProfile
  palette?: CoverPalette
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
    const pdf = await printPdf(page, { tagged: input.palette === undefined, outline: false }, deadline, what)
    const { pageCount } = await inspectPdf(pdf)
    if (pageCount !== 1) throw new Error(`The cover printed on ${pageCount} pages`)
    return { pdf, layout: cover.layout }
  } finally {
    await closeQuietly(page)
  }
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
  palette?: CoverPalette
}): Promise<{ htmlPath: string; layout: CoverLayout }> {
  const { config, volume } = input
  const layout = coverLayout(config.print.trim, config.print.paper, input.pageCount, input.profile ?? kdpProfile)
  const profile = input.profile ?? kdpProfile
  const html = input.templates.render('print/cover.html.ejs', {
    lang: config.language,
    fontFaces: input.fontFaces,
    title: volume.title,
    subtitle: volume.subtitle ?? '',
    editors: config.editors,
    publisher: config.publisher,
    careers: volume.chapters.map((chapter) => chapter.meta.title),
    blurb: coverBlurb,
    width: inches(layout.page.width),
    height: inches(layout.page.height),
    trimWidth: inches(layout.trim.width),
    trimHeight: inches(layout.trim.height),
    spine: inches(layout.spine),
    bleed: inches(layout.bleed),
    spineText: layout.spineText,
    // The back panel's barcode box, a partial of its own (templates/print/barcode.ejs).
    barcodeBox: renderBarcodeBox(input.templates, barcodeFor(volume, profile)),
    colors: input.palette ?? rgbPalette,
  })
  const htmlPath = path.join(input.dir, input.palette ? 'cover-pdfx.html' : 'cover.html')
  await writeFile(htmlPath, html)
  return { htmlPath, layout }
}
