/**
 * The dev server's print preview: a chapter laid out by the real print
 * pipeline (as a one-chapter book, so the two passes, running heads and
 * hyphenation are the book's), then its pages rasterized with poppler's
 * pdftoppm to show at the trim size in any browser.
 */
import { execFile } from 'node:child_process'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import type { BrowserSession } from '../browser/index.ts'
import type { TransformedChapter } from '../chapter.ts'
import type { BookConfig, Volume } from '../config/index.ts'
import { EnvironmentError } from '../errors.ts'
import { interiorLayout } from '../config/print-layout.ts'
import { renderPrintBook } from '../print/html.ts'
import { printInterior } from '../print/passes.ts'
import type { SerializableBody, Templates } from '../render/index.ts'
import { chapterId } from '../transform/index.ts'

const run = promisify(execFile)

export interface PrintPreview {
  /** PNG files of the chapter's pages, in order. */
  pages: string[]
  /** Trim size in inches, to show the pages at. */
  width: number
  height: number
}

export async function renderPrintPreview(input: {
  config: BookConfig
  chapter: TransformedChapter
  introduction: SerializableBody
  templates: Templates
  session: BrowserSession
  dir: string
}): Promise<PrintPreview> {
  const { config, chapter, session, dir } = input
  await mkdir(dir, { recursive: true })
  const volume: Volume = { id: 'preview', title: config.title, subtitle: config.subtitle, chapters: [chapter.chapter], isbn: {} }
  const layout = interiorLayout(config.print.trim, config.print.bleed, 0)
  const book = await renderPrintBook({ config, volume, chapters: [chapter], introduction: input.introduction, templates: input.templates, dir, layout })
  const interior = await printInterior({ book, print: config.print, session, dir, timeoutMs: 120_000, digital: false })
  const first = interior.starts.get(chapterId(chapter.chapter.slug))
  if (first === undefined) throw new Error(`The preview of ${chapter.chapter.slug} has no opening page`)
  const later = [...interior.starts.values()].filter((start) => start > first)
  const last = later.length > 0 ? Math.min(...later) - 1 : interior.pageCount - 1
  const pdf = path.join(dir, 'preview.pdf')
  await writeFile(pdf, interior.print)
  try {
    await run('pdftoppm', ['-png', '-r', '96', '-f', String(first + 1), '-l', String(last + 1), pdf, path.join(dir, 'page')])
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new EnvironmentError('The print preview needs pdftoppm', 'Install poppler-utils (`apt-get install poppler-utils`, or `brew install poppler`).')
    }
    throw error
  }
  const pages = (await readdir(dir)).filter((name) => /^page-\d+\.png$/.test(name)).sort().map((name) => path.join(dir, name))
  return { pages, width: interior.layout.page.width, height: interior.layout.page.height }
}
