/**
 * Print step: the whole interior of a volume as one HTML file for Chromium
 * to print. The documents are the EPUB's (renderDocuments), with links made
 * page-internal, then the print-only parts from templates/print/: half
 * title, table of contents, the appendix with page numbers, and a filler
 * slot before every document that must open on a right-hand page.
 */
import { createHash } from 'node:crypto'
import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { ImageAsset, TransformedChapter } from '../chapter.ts'
import type { BookConfig, Volume } from '../config/index.ts'
import type { InteriorLayout } from '../config/print-layout.ts'
import { cleanSvgFile } from '../images/svg.ts'
import { installFonts } from '../render/fonts.ts'
import { formatSalaryRange } from '../render/format.ts'
import { appendixTitle, renderDocuments, type DocumentTarget, type SerializableBody } from '../render/index.ts'
import type { Templates } from '../render/templates.ts'
import { chapterId } from '../transform/index.ts'
import { pageRules } from './page-rules.ts'
import { endFillerIds, type OpeningDocument } from './plan.ts'
import { preparePrintHtml } from './text.ts'

export const contentsTitle = 'Contents'
/** The id of the printed contents (templates/print/toc.ejs). */
export const contentsId = 'contents'

export interface PrintBookInput {
  config: BookConfig
  volume: Volume
  chapters: readonly TransformedChapter[]
  introduction: SerializableBody
  templates: Templates
  /** The folder the page is loaded from; fonts and images are copied here. */
  dir: string
  /** The layout for the first pass. */
  layout: InteriorLayout
}

export interface PrintBook {
  htmlPath: string
  /** The documents whose start pages the passes read (all linked from the contents). */
  openings: OpeningDocument[]
  /** The left-hand running head. */
  bookTitle: string
  /** The documents the EPUB has too, in reading order: the page map is made for these. */
  pageDocuments: string[]
  /** The printed contents' id (print only: the EPUB has its navigation document instead). */
  contentsId: string
}

export async function renderPrintBook(input: PrintBookInput): Promise<PrintBook> {
  const { config, volume, templates, dir } = input
  await mkdir(dir, { recursive: true })
  const fontFaces = await installFonts(dir)
  const imageSrc = await copyImages(input.chapters, dir)
  const target: DocumentTarget = {
    chapterHref: (slug) => `#${chapterId(slug)}`,
    documentHref: (id) => `#${id}`,
    imageSrc: (image) => imageSrc.get(image.absolutePath)!,
  }
  const documents = renderDocuments({
    config,
    volume,
    chapters: input.chapters,
    introduction: input.introduction,
    templates,
    target,
  })

  const openings: OpeningDocument[] = documents.flatMap((document): OpeningDocument[] =>
    document.kind === 'introduction' || document.kind === 'chapter' || document.kind === 'appendix'
      ? [{ id: document.id, kind: document.kind, title: document.title, front: document.kind === 'introduction' }]
      : [],
  )
  const chapterNumbers = new Map(input.chapters.map(({ chapter }, index) => [chapterId(chapter.slug), index + 1]))
  const toc = templates.render('print/toc.ejs', {
    title: contentsTitle,
    entries: openings.map((opening) => ({
      id: opening.id,
      kind: opening.kind,
      title: opening.title,
      label: chapterNumbers.has(opening.id) ? `Career ${chapterNumbers.get(opening.id)}` : '',
    })),
  })

  // Chicago's order: half title, (blank), title page, copyright, contents, introduction, chapters, back matter.
  const parts: string[] = [templates.render('print/halftitle.ejs', { title: volume.title }), filler('halftitle', true)]
  for (const document of documents) {
    if (document.kind === 'titlepage' || document.kind === 'copyright') {
      parts.push(document.html)
    } else if (document.kind === 'introduction') {
      parts.push(toc, filler(document.id, true), document.html)
    } else if (document.kind === 'chapter') {
      // The page before the first chapter is still front matter: arabic 1 is the first chapter's opening.
      const first = document.id === openings.find((opening) => opening.kind === 'chapter')?.id
      parts.push(filler(document.id, first), document.html)
    } else {
      const careers = input.chapters.map(({ chapter }) => ({
        id: chapterId(chapter.slug),
        href: target.chapterHref(chapter.slug),
        title: chapter.meta.title,
        degree: chapter.meta.degree,
        salaryRange: formatSalaryRange(chapter.meta.salary, config.language),
        salaryPer: chapter.meta.salary.per,
      }))
      parts.push(filler(document.id, false), templates.render('print/appendix.ejs', { title: appendixTitle, careers }))
    }
  }
  // The blank pages at the end (plan.ts): an even count, the last page blank.
  for (const id of endFillerIds) parts.push(filler(id, false))
  const body = parts.join('\n')

  const bookTitle = volume.title
  const html = templates.render('print/book.html.ejs', {
    lang: config.language,
    title: bookTitle,
    fontFaces,
    css: templates.read('print/print.css'),
    pageRules: pageRules({ layout: input.layout, bookTitle, documents: openings }),
    body: preparePrintHtml(body, { language: config.language, printUrls: true }),
  })
  const htmlPath = path.join(dir, 'book.html')
  await writeFile(htmlPath, html)
  return { htmlPath, openings, bookTitle, pageDocuments: documents.map((document) => document.id), contentsId }
}

/** An empty block that, shown, fills the left-hand page before a document; hidden until the first pass says it is needed. */
function filler(before: string, front: boolean): string {
  // A class, not the boolean `hidden` attribute, so that the page stays well-formed XML.
  const unused = before === 'halftitle' ? '' : ' unused'
  return `<div class="filler${front ? ' front' : ''}${unused}" data-filler-for="${before}" aria-hidden="true"></div>`
}

/** Copy every image into `dir/images`, named by a hash of its project path, and map each to its `src`. */
async function copyImages(chapters: readonly TransformedChapter[], dir: string): Promise<Map<string, string>> {
  const sources = new Map<string, string>()
  const images: ImageAsset[] = chapters.flatMap((chapter) => [...chapter.images.values()])
  if (images.length > 0) await mkdir(path.join(dir, 'images'), { recursive: true })
  for (const image of images) {
    if (sources.has(image.absolutePath)) continue
    const name = `${createHash('sha256').update(image.projectPath).digest('hex').slice(0, 16)}${path.extname(image.absolutePath).toLowerCase()}`
    // An SVG is printed as `check` cleaned it (src/images/svg.ts), never as it was written.
    if (image.mediaType === 'image/svg+xml') await writeFile(path.join(dir, 'images', name), cleanSvgFile(image.absolutePath))
    else await copyFile(image.absolutePath, path.join(dir, 'images', name))
    sources.set(image.absolutePath, `images/${name}`)
  }
  return sources
}
