/**
 * The dev server's print preview: a volume laid out by the real print
 * pipeline (layOutInterior in build.ts), whole, so that each chapter has the number, the folios, the
 * running heads and the blank pages it has in the printed book; then a
 * chapter's pages rasterized with poppler's pdftoppm (and their text read
 * with pdftotext) to show at the trim size in any browser.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { layOutInterior } from '../build.ts'
import { EnvironmentError } from '../errors.ts'
import { runTool, toolLimit } from '../process/children.ts'
import { chapterId } from '../transform/index.ts'

/** A volume's print interior, laid out once per good build. */
export interface VolumePrint {
  dir: string
  pdf: string
  pageCount: number
  /** 0-based page index where each document (introduction, chapters, appendix) opens. */
  starts: Map<string, number>
  /** The folio printed on each document's opening page. */
  folios: Map<string, string>
  /** Trim size in inches, to show the pages at. */
  width: number
  height: number
}

export interface PrintedPage {
  /** PNG at 96 px per inch. */
  file: string
  /** The page number printed on it (arabic: chapters are in the body of the book). */
  folio: number
  /** Its text, as pdftotext reads it, spaces collapsed; empty for a blank page. */
  text: string
}

export async function renderVolumePrint(input: Omit<Parameters<typeof layOutInterior>[0], 'workDir'> & { dir: string }): Promise<VolumePrint> {
  const interior = await layOutInterior({ ...input, workDir: input.dir })
  const pdf = path.join(input.dir, 'interior.pdf')
  await writeFile(pdf, interior.pdf)
  return { dir: input.dir, pdf, pageCount: interior.pageCount, starts: interior.starts, folios: interior.folios, width: interior.page.width, height: interior.page.height }
}

/** The pages of one chapter: from its opening to the page before the next document (a blank verso included). */
export async function chapterPages(print: VolumePrint, slug: string): Promise<PrintedPage[]> {
  const id = chapterId(slug)
  const first = print.starts.get(id)
  const folio = Number(print.folios.get(id))
  if (first === undefined || !Number.isInteger(folio)) throw new Error(`The print preview has no opening page for ${slug}`)
  const later = [...print.starts.values()].filter((start) => start > first)
  const last = later.length > 0 ? Math.min(...later) - 1 : print.pageCount - 1
  const pagesDir = path.join(print.dir, 'pages', id)
  await mkdir(pagesDir, { recursive: true })
  const range = ['-f', String(first + 1), '-l', String(last + 1)]
  const [, text] = await Promise.all([poppler('pdftoppm', ['-png', '-r', '96', ...range, print.pdf, path.join(pagesDir, 'page')]), poppler('pdftotext', ['-layout', ...range, print.pdf, '-'])])
  // pdftoppm pads the page number to the width of the page count: the names sort in page order.
  const files = (await readdir(pagesDir)).filter((name) => name.endsWith('.png')).sort()
  const texts = text.split('\f')
  return files.map((name, index) => ({ file: path.join(pagesDir, name), folio: folio + index, text: (texts[index] ?? '').replace(/\s+/g, ' ').trim() }))
}

async function poppler(tool: string, args: string[]): Promise<string> {
  try {
    return (await runTool(tool, args, { timeoutMs: toolLimit('pdfTool'), doing: `${tool} (print preview)` })).stdout
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new EnvironmentError(`The print preview needs ${tool}`, 'Install poppler-utils (`apt-get install poppler-utils`, or `brew install poppler`).')
    }
    throw error
  }
}

/** The first page of a PDF as a PNG at 96 px per inch (`<prefix>.png`), and its text (the handout view). */
export async function firstPage(pdf: string, prefix: string): Promise<{ file: string; text: string }> {
  await mkdir(path.dirname(prefix), { recursive: true })
  const [, text] = await Promise.all([poppler('pdftoppm', ['-png', '-r', '96', '-singlefile', '-f', '1', '-l', '1', pdf, prefix]), poppler('pdftotext', ['-layout', '-f', '1', '-l', '1', pdf, '-'])])
  return { file: `${prefix}.png`, text: text.replace(/\s+/g, ' ').trim() }
}
