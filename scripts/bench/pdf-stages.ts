/**
 * The PDF's stages, in process: browser launch, print HTML, PDF passes,
 * post-processing (the print PDF: what the peers are compared with), then
 * the digital PDF, the cover and the handouts. Imported only after the
 * EPUB has been measured (see pushPolyfilled in stages.ts).
 */
import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { launchBrowser, type BrowserSession } from '../../src/browser/index.ts'
import { modifiedDate } from '../../src/build.ts'
import { closeQuietly } from '../../src/browser/page.ts'
import { interiorLayout } from '../../src/config/print-layout.ts'
import { renderPrintCover } from '../../src/print/cover.ts'
import { renderPrintBook } from '../../src/print/html.ts'
import { makePrintOutputs } from '../../src/print/index.ts'
import { printInterior } from '../../src/print/passes.ts'
import { inspectPdf, loadPage, printPdf, setPageSize, setPdfDates } from '../../src/print/pdf.ts'
import { installFonts } from '../../src/render/fonts.ts'
import { stage, type Checked, type StageSamples } from './stages.ts'

export interface PdfStageResult {
  pages: number
  /** The print HTML as the first pass loads it, for the peers to print. */
  htmlDir: string
  /** The print PDF from the chapters, seconds: launch and print HTML overlap (as in buildBook), then the passes and post-processing. */
  interiorSeconds: number
  /** Chromium's own passes, from printInterior's timings (seconds). */
  passes: { measure: number; digital: number; print: number }
}

export async function pdfStages(checked: Checked, workDir: string, samples: StageSamples): Promise<PdfStageResult> {
  const { config, volume, chapters, introduction, templates } = checked
  await rm(workDir, { recursive: true, force: true })
  await mkdir(workDir, { recursive: true })
  // As in buildBook: the browser launches while the print HTML is rendered.
  const launchStarted = performance.now()
  const launching = launchBrowser().then((session) => ({ session, seconds: (performance.now() - launchStarted) / 1000 }))
  launching.catch(() => {})
  let opened: BrowserSession | undefined
  const modified = modifiedDate(volume, {})
  try {
    const dir = path.join(workDir, 'interior')
    const book = await stage(samples, 'print HTML', () =>
      renderPrintBook({ config, volume, chapters, introduction, templates, dir, layout: interiorLayout(config.print.trim, config.print.bleed, 0) }),
    )
    const launched = await launching
    const session: BrowserSession = (opened = launched.session)
    samples['browser launch'] = { seconds: launched.seconds, peakMiB: samples['print HTML']!.peakMiB }
    const pid = session.browser.process()?.pid
    const interior = await stage(samples, 'PDF passes', () => printInterior({ book, print: config.print, session, dir, timeoutMs: 3_600_000 }), pid)
    // One tagged print serves both PDFs; taking the print PDF out of it (timings.digital) is its own stage, outside the print PDF's total.
    const passes = samples['PDF passes']!
    passes.seconds -= interior.timings.digital / 1000
    await stage(samples, 'post-processing', () => setPdfDates(setPageSize(interior.print, interior.layout.page), modified))
    const started = performance.now()
    setPdfDates(setPageSize(interior.digital!, interior.layout.page), modified)
    samples['digital PDF'] = { ...passes, seconds: interior.timings.digital / 1000 + (performance.now() - started) / 1000 }
    await stage(
      samples,
      'cover PDF',
      async () => {
        const coverDir = path.join(workDir, 'cover')
        await mkdir(coverDir, { recursive: true })
        const fontFaces = await installFonts(coverDir)
        const cover = await renderPrintCover({ config, volume, templates, pageCount: interior.pageCount, dir: coverDir, fontFaces })
        const page = await session.newPage(coverDir)
        const deadline = { session, timeoutMs: 600_000 }
        try {
          await loadPage(page, cover.htmlPath, deadline, 'the cover')
          const data = await printPdf(page, { tagged: true, outline: false }, deadline, 'the cover')
          await inspectPdf(data)
          return setPdfDates(setPageSize(data, cover.layout.page), modified)
        } finally {
          await closeQuietly(page)
        }
      },
      pid,
    )
    await stage(
      samples,
      'handouts',
      () => makePrintOutputs({ config, volume, chapters, introduction, templates, session, workDir: path.join(workDir, 'handouts'), modified, formats: ['handouts'] }),
      pid,
    )
    const seconds = (ms: number) => ms / 1000
    return {
      pages: interior.pageCount,
      interiorSeconds:
        Math.max(samples['browser launch']!.seconds, samples['print HTML']!.seconds) + samples['PDF passes']!.seconds + samples['post-processing']!.seconds,
      htmlDir: dir,
      passes: { measure: seconds(interior.timings.measure), digital: seconds(interior.timings.digital), print: seconds(interior.timings.print) },
    }
  } finally {
    await (opened ?? (await launching.catch(() => undefined))?.session)?.close()
  }
}
