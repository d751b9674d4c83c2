/**
 * The handouts' HTML: each chapter's handout and the document that holds
 * them (templates/print/handout.html.ejs, handouts.html.ejs). Apart from the
 * printing (handouts.ts), so that `check` can key its layouts on the HTML
 * without loading the PDF libraries.
 */
import QRCode from 'qrcode'
import type { Chapter, TransformedChapter } from '../chapter.ts'
import type { BookConfig, Volume } from '../config/index.ts'
import { careerLines, splitSentences } from '../render/career-lines.ts'
import { formatDate, formatSalaryRange } from '../render/format.ts'
import type { Templates } from '../render/templates.ts'
import { letter } from '../config/print-layout.ts'
import { report } from '../report/messages.ts'
import { frontMatterKeyPosition } from '../validate/places.ts'
import { displayUrl, hyphenateText, hyphenatorFor, urlBreakParts } from './text.ts'

export function handoutLink(chapter: Chapter, config: BookConfig): string | undefined {
  return chapter.meta.resources[0]?.url ?? config.url
}

/**
 * Each chapter's handout as HTML, and the document that holds them: all that
 * lays a handout out, besides the fonts, the program and the browser (which
 * `check` keys its layout results on as well: check-layout.ts).
 */
export async function handoutParts(input: { config: BookConfig; volume: Volume; chapters: readonly TransformedChapter[]; templates: Templates }): Promise<{
  sections: string[]
  document: (fontFaces: string, sections: readonly string[]) => string
}> {
  const { config, volume, templates } = input
  const hyphenate = hyphenatorFor(config.language)
  const buy = await buyBlock(config, volume)
  const sections: string[] = []
  for (const { chapter, body } of input.chapters) {
    const { meta } = chapter
    const link = handoutLink(chapter, config)
    sections.push(
      templates.render('print/handout.html.ejs', {
        id: `handout-${chapter.slug}`,
        title: meta.title,
        summaryHtml: escapeHtml(hyphenate ? hyphenateText(meta.summary, hyphenate) : meta.summary),
        degree: meta.degree,
        certifications: meta.certifications,
        salaryRange: formatSalaryRange(meta.salary, config.language),
        salaryPer: meta.salary.per,
        category: meta.category ?? '',
        lines: careerLines(body, config.language),
        competencies: meta.competencies,
        resources: meta.resources.map((resource) => ({ ...resource, displayHtml: breakableUrl(resource.url) })),
        qrSvg: link ? await qrSvg(link) : '',
        qrUrl: link ?? '',
        qrDisplay: link ? displayUrl(link) : '',
        qrDisplayHtml: link ? breakableUrl(link) : '',
        bookTitle: volume.title,
        publisher: config.publisher,
        url: config.url ?? '',
        published: formatDate(meta.published, config.language),
        buy,
      }),
    )
  }
  const css = templates.read('print/handout.css')
  const document = (fontFaces: string, parts: readonly string[]) =>
    templates.render('print/handouts.html.ejs', { lang: config.language, title: `${volume.title}: career handouts`, fontFaces, css, handouts: parts.join('\n') })
  return { sections, document }
}

/**
 * "Buy now on the Kindle or Nook!": every configured store by name, the
 * opening of the book's description, and a QR code to the book's page
 * (`url`). Null when there is nowhere to send a reader.
 */
async function buyBlock(config: BookConfig, volume: Volume) {
  const names = Object.values(config.stores).map((store) => store.name)
  if (names.length === 0 && !config.url) return null
  const storeNames = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? '')
  // The weekly release is one chapter: its handout sells the whole book.
  const title = volume.weekly ? config.title : volume.title
  const count = volume.weekly ? 0 : volume.chapters.length
  const description = volume.weekly ? config.description : volume.description
  const about = description ? (splitSentences(description, config.language)[0] ?? '') : ''
  // Named once: not again when the description's opening already names it.
  const named = about.includes(title)
  const contents = `${count > 1 ? `this career and ${count - 1} more` : 'every career of the weekly feature'}, each with its education, pay and outlook.`
  return {
    headline: storeNames ? `Buy now on the ${storeNames}!` : 'Get the book',
    title: named ? '' : title,
    contents: named ? contents[0]!.toUpperCase() + contents.slice(1) : contents,
    about,
    qrSvg: config.url ? await qrSvg(config.url) : '',
    url: config.url ?? '',
    display: config.url ? displayUrl(config.url) : '',
    displayHtml: config.url ? breakableUrl(config.url) : '',
  }
}

function qrSvg(link: string): Promise<string> {
  return QRCode.toString(link, { type: 'svg', margin: 0, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } })
}

/** The printed address with `<wbr>` where a line may break, never inside a word. */
function breakableUrl(href: string): string {
  return urlBreakParts(href).map(escapeHtml).join('<wbr>')
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

export function reportTooLong(chapter: Chapter, pages: number): void {
  // A chapter in two volumes (a year and the complete book) is reported once.
  if (chapter.file.messages.some((message) => message.ruleId === 'p-001')) return
  report(
    chapter.file,
    'p-001',
    `The handout for \`${chapter.meta.title}\` takes ${pages} pages; it must fit on one US Letter page (${letter.width} × ${letter.height} in)`,
    frontMatterKeyPosition(chapter.file, ['competencies']),
  )
}
