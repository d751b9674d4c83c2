/**
 * Stage 5, package (print): every PDF of one volume, made with one browser
 * session.
 *
 * - `<name>-print.pdf`: the paperback interior for print on demand: no
 *   bookmarks, no links, every font embedded (KDP's rules);
 * - `<name>-digital.pdf`: the same pages for screens: tagged, a bookmark per
 *   document, working links;
 * - `<name>-cover.pdf`: the full-wrap paperback cover, sized from the
 *   interior's page count;
 * - `handouts/<slug>.pdf`: one US Letter page per career.
 *
 * Nothing is written here: the files come back as OutputFiles for
 * writeOutputs, which puts them into dist/ all together or not at all. A
 * handout that does not fit its page is a content problem (p-001) on the
 * chapter; browser crashes and hangs are EnvironmentErrors.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { BrowserSession } from '../browser/index.ts'
import type { TransformedChapter } from '../chapter.ts'
import type { BookConfig, Volume } from '../config/index.ts'
import { report } from '../report/messages.ts'
import { silentProgress, type Progress } from '../report/progress.ts'
import { installFonts } from '../render/fonts.ts'
import type { SerializableBody } from '../render/index.ts'
import { renderPrintBook } from '../render/print/book.ts'
import { renderPrintCover } from '../render/print/cover.ts'
import { renderHandouts } from '../render/print/handout.ts'
import { interiorLayout, letter } from '../render/print/layout.ts'
import type { Templates } from '../render/templates.ts'
import { toName } from '../transform/index.ts'
import { frontMatterKeyPosition } from '../validate/places.ts'
import { closeQuietly, printInterior } from './interior.ts'
import { defaultPrintTimeoutMs, inspectPdf, loadPage, printPdf, setPageSize, setPdfDates, type Deadline } from './pdf.ts'
import type { OutputFile } from './write.ts'

export type PrintFormat = 'pdf' | 'handouts'

export interface PrintInput {
  config: BookConfig
  volume: Volume
  chapters: readonly TransformedChapter[]
  introduction: SerializableBody
  templates: Templates
  /** The browser, or its launch still under way: the print HTML is rendered meanwhile. */
  session: BrowserSession | Promise<BrowserSession>
  /** A private folder for this volume's pages; the pages may load files only from here. */
  workDir: string
  /** The book's last modification: written into every PDF as its creation and modification date. */
  modified: Date
  /** `pdf`: interior (print and digital), cover and handouts; `handouts`: the handouts alone. */
  formats: readonly PrintFormat[]
  progress?: Progress
  /** How long one browser step may take before the build fails (default ten minutes). */
  timeoutMs?: number
}

export async function makePrintOutputs(input: PrintInput): Promise<OutputFile[]> {
  const { config, volume, templates, modified } = input
  const progress = input.progress ?? silentProgress
  const timeoutMs = input.timeoutMs ?? defaultPrintTimeoutMs
  const dir = path.resolve(input.workDir)
  await mkdir(dir, { recursive: true })
  const name = toName(volume.title) || volume.id
  const outputs: OutputFile[] = []
  const wantsBook = input.formats.includes('pdf')
  const wantsHandouts = wantsBook || input.formats.includes('handouts')

  if (wantsBook) {
    let started = performance.now()
    const book = await renderPrintBook({
      config,
      volume,
      chapters: input.chapters,
      introduction: input.introduction,
      templates,
      dir,
      layout: interiorLayout(config.print.trim, config.print.bleed, 0),
    })
    const interior = await printInterior({ book, print: config.print, session: await input.session, dir, timeoutMs })
    outputs.push(
      { path: `${volume.id}/${name}-print.pdf`, data: setPdfDates(setPageSize(interior.print, interior.layout.page), modified) },
      { path: `${volume.id}/${name}-digital.pdf`, data: setPdfDates(setPageSize(interior.digital, interior.layout.page), modified) },
    )
    const { measure, digital, print } = interior.timings
    progress.stage('pdf', `${volume.id}: ${interior.pageCount} pages, ${config.print.trim} in`, performance.now() - started)
    progress.detail(`pdf passes: measure ${Math.round(measure)} ms, digital ${Math.round(digital)} ms, print ${Math.round(print)} ms`)

    started = performance.now()
    const fontFaces = await installFonts(dir)
    const cover = await renderPrintCover({ config, volume, templates, pageCount: interior.pageCount, dir, fontFaces })
    const coverPdf = await printSinglePage(await input.session, dir, cover.htmlPath, timeoutMs, 'printing the cover')
    outputs.push({ path: `${volume.id}/${name}-cover.pdf`, data: setPdfDates(setPageSize(coverPdf, cover.layout.page), modified) })
    progress.stage('cover', `${volume.id}: ${cover.layout.page.width.toFixed(3)} × ${cover.layout.page.height.toFixed(3)} in`, performance.now() - started)
  }

  if (wantsHandouts) {
    const started = performance.now()
    const fontFaces = await installFonts(dir)
    const pages = await renderHandouts({ config, volume, chapters: input.chapters.map((transformed) => transformed.chapter), templates, dir, fontFaces })
    const session = await input.session
    const page = await session.newPage(dir)
    const deadline: Deadline = { session, timeoutMs }
    let made = 0
    try {
      for (const handout of pages) {
        const what = `printing the handout for ${handout.chapter.meta.title}`
        await loadPage(page, handout.htmlPath, deadline, what)
        const data = await printPdf(page, { tagged: true, outline: false }, deadline, what)
        const { pageCount } = await inspectPdf(data)
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
        outputs.push({ path: `${volume.id}/handouts/${handout.chapter.slug}.pdf`, data: setPdfDates(data, modified) })
        made++
      }
    } finally {
      await closeQuietly(page)
    }
    progress.stage('handouts', `${volume.id}: ${made} of ${pages.length} careers`, performance.now() - started)
  }
  return outputs
}

async function printSinglePage(session: BrowserSession, dir: string, htmlPath: string, timeoutMs: number, what: string): Promise<Uint8Array> {
  const page = await session.newPage(dir)
  const deadline: Deadline = { session, timeoutMs }
  try {
    await loadPage(page, htmlPath, deadline, what)
    const data = await printPdf(page, { tagged: true, outline: false }, deadline, what)
    const { pageCount } = await inspectPdf(data)
    if (pageCount !== 1) throw new Error(`The cover printed on ${pageCount} pages`)
    return data
  } finally {
    await closeQuietly(page)
  }
}
