/**
 * The render stage: fill the templates with a volume's chapters. The result
 * is a list of documents (title page, copyright page, introduction,
 * chapters, appendix), each an XHTML fragment, in reading order. Packaging
 * wraps them for the EPUB; the print book joins them into one HTML file.
 */
import type { BookConfig, Volume } from '../config/index.ts'
import type { TransformedChapter } from '../chapter.ts'
import { settledDate } from '../dates.ts'
import { chapterId, serializeBody, type OutputTarget, type SerializedBody } from '../transform/index.ts'
import { formatDate, formatSalaryRange } from './format.ts'
import type { Templates } from './templates.ts'

export { Templates, builtinTemplatesDir, outsideTemplates } from './templates.ts'
export { formatDate, formatSalaryRange } from './format.ts'
export { renderStorePage, volumeDescription, type StoreLink } from './release.ts'

export type DocumentKind = 'titlepage' | 'copyright' | 'introduction' | 'chapter' | 'appendix' | 'storelinks'

export interface BookDocument {
  /** Unique within the book; also the EPUB file name (without `.xhtml`) and manifest id. */
  id: string
  kind: DocumentKind
  /** For `<title>` and the tables of contents. */
  title: string
  /** The document's content: one `<section>`. */
  html: string
  /** EPUB landmark type (`bodymatter`, `backmatter` …), if this document starts one. */
  landmark?: string
}

export interface RenderInput {
  config: BookConfig
  volume: Volume
  /** The volume's chapters, transformed, in reading order. */
  chapters: readonly TransformedChapter[]
  /** The series introduction (templates/introduction.md), transformed. */
  introduction: SerializableBody
  templates: Templates
  /** Where links to chapters, other documents and images point in this output. */
  target: DocumentTarget
}

export type SerializableBody = Parameters<typeof serializeBody>[0]

export interface DocumentTarget extends OutputTarget {
  documentHref(id: string): string
}

export const appendixTitle = 'Careers at a glance'

export function renderDocuments(input: RenderInput): BookDocument[] {
  const { config, volume, templates, target } = input
  const locale = config.language
  const published = volume.chapters.map((chapter) => chapter.meta.published).sort()
  const firstPublished = published[0] ?? ''
  const lastPublished = published[published.length - 1] ?? ''
  // The volume's own date: one chapter dated far from the others (a typo, m-031) does not move the copyright year.
  const volumeDate = settledDate(published) ?? ''
  const documents: BookDocument[] = []

  documents.push({
    id: 'titlepage',
    kind: 'titlepage',
    title: 'Title page',
    landmark: 'titlepage',
    html: templates.render('titlepage.ejs', {
      title: volume.title,
      subtitle: volume.subtitle ?? '',
      editors: config.editors,
      publisher: config.publisher,
    }),
  })

  documents.push({
    id: 'copyright',
    kind: 'copyright',
    title: 'Copyright',
    landmark: 'copyright-page',
    html: templates.render('copyright.ejs', {
      title: volume.title,
      subtitle: volume.subtitle ?? '',
      editors: config.editors,
      publisher: config.publisher,
      year: config.copyrightYear ?? Number(volumeDate.slice(0, 4)),
      rights: config.rights,
      // Every format's ISBN and the edition (issue 27), whichever output this page is in.
      isbns: copyrightIsbns(volume),
      edition: editionLine(volume.listing?.edition, volumeDate, locale),
      url: config.url ?? '',
      firstPublished: firstPublished && formatDate(firstPublished, locale),
      lastPublished: lastPublished && formatDate(lastPublished, locale),
      chapterCount: volume.chapters.length,
    }),
  })

  const introduction = serializeBody(input.introduction, target)
  documents.push({
    id: 'introduction',
    kind: 'introduction',
    title: 'Introduction',
    html: templates.render('introduction.ejs', { body: introduction.html + introduction.notes }),
  })

  input.chapters.forEach((transformed, index) => {
    const { meta, slug } = transformed.chapter
    const body: SerializedBody = serializeBody(transformed, target)
    documents.push({
      id: chapterId(slug),
      kind: 'chapter',
      title: meta.title,
      landmark: index === 0 ? 'bodymatter' : undefined,
      html: templates.render('chapter.ejs', {
        id: chapterId(slug),
        number: index + 1,
        title: meta.title,
        summary: meta.summary,
        category: meta.category ?? '',
        degree: meta.degree,
        certifications: meta.certifications,
        salaryRange: formatSalaryRange(meta.salary, locale),
        salaryPer: meta.salary.per,
        competencies: meta.competencies,
        resources: meta.resources,
        published: formatDate(meta.published, locale),
        body: body.html,
        notes: body.notes,
      }),
    })
  })

  documents.push({
    id: 'careers-at-a-glance',
    kind: 'appendix',
    title: appendixTitle,
    landmark: 'backmatter',
    html: templates.render('appendix.ejs', {
      careers: input.chapters.map(({ chapter }) => ({
        href: target.chapterHref(chapter.slug),
        title: chapter.meta.title,
        degree: chapter.meta.degree,
        salaryRange: formatSalaryRange(chapter.meta.salary, locale),
        salaryPer: chapter.meta.salary.per,
      })),
    }),
  })
  return documents
}

/** The copyright page's ISBN lines: the e-book's, then the paperback's (one line when KDP and IngramSpark share it). */
export function copyrightIsbns(volume: Pick<Volume, 'isbn'>): { label: string; isbn: string }[] {
  const { ebook, print } = volume.isbn
  const ingramspark = volume.isbn.ingramspark ?? print
  const lines = ebook ? [{ label: 'e-book', isbn: ebook }] : []
  if (print && ingramspark && print !== ingramspark) lines.push({ label: 'paperback, Amazon', isbn: print }, { label: 'paperback', isbn: ingramspark })
  else if (ingramspark) lines.push({ label: 'paperback', isbn: ingramspark })
  return lines
}

const ordinals = ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth', 'Ninth', 'Tenth']

/** `First edition, February 2026`: the edition (1 unless `listing.edition` says) and the month of its newest chapter. */
export function editionLine(edition: number | undefined, lastPublished: string, locale: string): string {
  const number = edition ?? 1
  const name = number <= ordinals.length ? `${ordinals[number - 1]} edition` : `Edition ${number}`
  if (!lastPublished) return name
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${lastPublished}T00:00:00Z`))
  return `${name}, ${month}`
}
