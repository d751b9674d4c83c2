/**
 * The print stage: every PDF of one volume, made with one browser session.
 *
 * - `<name>-print.pdf`: the paperback interior for print on demand: no
 *   bookmarks, no links, every font embedded (KDP's rules);
 * - `<name>-digital.pdf`: the same pages for screens: tagged, a bookmark per
 *   document, working links;
 * - `<name>-cover.pdf`: the full-wrap paperback cover, sized from the
 *   interior's page count;
 * - `handouts/<slug>.pdf`: one US Letter page per career, and
 *   `<name>-handouts.pdf` (`-handouts-2up.pdf`), all of them for a print shop.
 *
 * In order: the interior's HTML (html.ts), its two passes (passes.ts: first
 * pass, the plan of fillers and folios in plan.ts, second pass, then the
 * digital PDF from the same loaded page), the wrap cover (cover.ts), the
 * handouts (handouts.ts). Imports go one way: this entry, then those steps,
 * then the helpers (pdf.ts, page-rules.ts, page-scripts.ts, text.ts, css.ts).
 *
 * Nothing is written here: the files come back as OutputFiles for
 * writeOutputs, which puts them into dist/ all together or not at all.
 * Browser crashes and hangs are EnvironmentErrors (browser/page.ts).
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { BrowserSession } from '../browser/index.ts'
import { defaultBrowserTimeoutMs } from '../browser/page.ts'
import type { TransformedChapter } from '../chapter.ts'
import type { BookConfig, Volume } from '../config/index.ts'
import { interiorLayout } from '../config/print-layout.ts'
import type { SerializableBody } from '../render/index.ts'
import type { Templates } from '../render/templates.ts'
import { silentProgress, type Progress } from '../report/progress.ts'
import { toName } from '../transform/index.ts'
import { printWrapCover } from './cover.ts'
import { printHandouts } from './handouts.ts'
import { renderPrintBook } from './html.ts'
import { printInterior } from './passes.ts'
import { setPageSize, setPdfDates } from './pdf.ts'

export type PrintFormat = 'pdf' | 'handouts'

/** One file for dist/, relative to it (the shape writeOutputs takes). */
export interface PrintOutput {
  path: string
  data: Uint8Array
}

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

export async function makePrintOutputs(input: PrintInput): Promise<PrintOutput[]> {
  const { config, volume, templates, modified } = input
  const progress = input.progress ?? silentProgress
  const timeoutMs = input.timeoutMs ?? defaultBrowserTimeoutMs
  const dir = path.resolve(input.workDir)
  await mkdir(dir, { recursive: true })
  const name = toName(volume.title) || volume.id
  const outputs: PrintOutput[] = []
  const wantsBook = input.formats.includes('pdf')
  const wantsHandouts = wantsBook || input.formats.includes('handouts')

  if (wantsBook) {
    let started = performance.now()
    const layout = interiorLayout(config.print.trim, config.print.bleed, 0)
    const book = await renderPrintBook({ config, volume, chapters: input.chapters, introduction: input.introduction, templates, dir, layout })
    const interior = await printInterior({ book, print: config.print, session: await input.session, dir, timeoutMs })
    outputs.push(
      { path: `${volume.id}/${name}-print.pdf`, data: setPdfDates(setPageSize(interior.print, interior.layout.page), modified) },
      { path: `${volume.id}/${name}-digital.pdf`, data: setPdfDates(setPageSize(interior.digital, interior.layout.page), modified) },
    )
    const { measure, digital, print } = interior.timings
    progress.stage('pdf', `${volume.id}: ${interior.pageCount} pages, ${config.print.trim} in`, performance.now() - started)
    progress.detail(`pdf passes: measure ${Math.round(measure)} ms, digital ${Math.round(digital)} ms, print ${Math.round(print)} ms`)

    started = performance.now()
    const cover = await printWrapCover({ config, volume, templates, pageCount: interior.pageCount, session: await input.session, dir, timeoutMs })
    outputs.push({ path: `${volume.id}/${name}-cover.pdf`, data: setPdfDates(setPageSize(cover.pdf, cover.layout.page), modified) })
    progress.stage('cover', `${volume.id}: ${cover.layout.page.width.toFixed(3)} × ${cover.layout.page.height.toFixed(3)} in`, performance.now() - started)
  }

  if (wantsHandouts) {
    const started = performance.now()
    const handouts = await printHandouts({ config, volume, chapters: input.chapters, templates, session: input.session, dir, timeoutMs, modified, fairPack: !volume.weekly })
    for (const { chapter, pdf } of handouts.printed) outputs.push({ path: `${volume.id}/handouts/${chapter.slug}.pdf`, data: pdf })
    for (const { suffix, pdf } of handouts.packs) outputs.push({ path: `${volume.id}/${name}-${suffix}.pdf`, data: pdf })
    progress.stage('handouts', `${volume.id}: ${handouts.printed.length} of ${handouts.of} careers${handouts.packs.length > 0 ? ', fair pack' : ''}`, performance.now() - started)
  }
  return outputs
}
