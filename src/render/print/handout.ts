/**
 * Stage 4, render (handouts): one HTML page per career, US Letter, with a
 * QR code (npm `qrcode`, as inline SVG: sharp at any size, no image file)
 * to the chapter's first resource, or to the book's `url` when a chapter
 * lists none.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import QRCode from 'qrcode'
import type { Chapter } from '../../chapter.ts'
import type { BookConfig, Volume } from '../../config/index.ts'
import { formatDate, formatSalaryRange } from '../format.ts'
import type { Templates } from '../templates.ts'
import { displayUrl, hyphenateText, hyphenatorFor, urlBreakParts } from './prepare.ts'

export interface HandoutPage {
  chapter: Chapter
  htmlPath: string
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
