/**
 * Stage 4, render (paperback cover): the full wrap (back, spine, front) as
 * one HTML page sized from the interior's final page count. The ISBN's
 * EAN-13 barcode comes from bwip-js as SVG (vector, so it stays sharp),
 * only when a print ISBN is configured.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import bwipjs from 'bwip-js'
import type { BookConfig, Volume } from '../../config/index.ts'
import type { Templates } from '../templates.ts'
import { coverLayout, inches, type CoverLayout } from './layout.ts'

export const coverBlurb =
  'Every week, SpringBoard profiles one career in health care: what the job is, the education it takes, the skills that matter, what it pays and whether the field is growing. This volume collects those profiles:'

export function isbnBarcodeSvg(isbn: string): string {
  // EAN-13 with the digits under the bars; the ISBN itself is printed above it by the template.
  return bwipjs.toSVG({ bcid: 'ean13', text: isbn, includetext: true, textxalign: 'center', guardwhitespace: true })
}

export async function renderPrintCover(input: {
  config: BookConfig
  volume: Volume
  templates: Templates
  pageCount: number
  /** The fonts must already be installed here. */
  dir: string
  fontFaces: string
}): Promise<{ htmlPath: string; layout: CoverLayout }> {
  const { config, volume } = input
  const layout = coverLayout(config.print.trim, config.print.paper, input.pageCount)
  const isbn = volume.isbn.print
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
    barcodeSvg: isbn ? isbnBarcodeSvg(isbn) : '',
    isbn: isbn ?? '',
  })
  const htmlPath = path.join(input.dir, 'cover.html')
  await writeFile(htmlPath, html)
  return { htmlPath, layout }
}
