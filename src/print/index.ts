/**
 * The print stage: every PDF of one volume, made with one browser session.
 *
 * - `<name>-print.pdf`: the paperback interior for print on demand: no
 *   bookmarks, no links, every font embedded (KDP's rules);
 * - `<name>-digital.pdf`: the same pages for screens: tagged, bookmarks
 *   from our headings, page labels as printed, XMP, described links;
 * - `<name>-cover.pdf`: the full-wrap paperback cover, sized from the
 *   interior's page count;
 * - with `pdfx`: `<name>-print-pdfx.pdf` and `<name>-cover-pdfx.pdf`, PDF/X
 *   for IngramSpark and offset printers (greyscale interior with
 *   IngramSpark's margins for heads and folios, CMYK cover within 240 %
 *   ink);
 * - `handouts/<slug>.pdf`: one US Letter page per career, and
 *   `<name>-handouts.pdf` (`-handouts-2up.pdf`), all of them for a print shop.
 *
 * In order: the interior's HTML (html.ts), its passes (passes.ts: first
 * pass, the plan of fillers and folios in plan.ts, one print for the print
 * and digital PDFs, the PDF/X print), the digital PDF finished from the
 * print (digital-pdf.ts), the wrap covers (cover.ts), the PDF/X
 * conversion (pdfx.ts), the handouts (handouts.ts). Imports go one way:
 * this entry, then those steps, then the helpers.
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
import { ingramSparkProfile, interiorLayout } from '../config/print-layout.ts'
import type { SerializableBody } from '../render/index.ts'
import type { Templates } from '../render/templates.ts'
import { silentProgress, type Progress } from '../report/progress.ts'
import { chapterId, toName } from '../transform/index.ts'
import { printWrapCover } from './cover.ts'
import { finishDigitalPdf } from './digital-pdf.ts'
import { printHandouts, type HandoutText } from './handouts.ts'
import { contentsTitle, renderPrintBook, type PrintBook } from './html.ts'
import { cmykCover } from './cmyk-cover.ts'
import type { PageMap } from './page-map.ts'
import { printInterior, type InteriorResult } from './passes.ts'
import { setPageSize, setPdfDates } from './pdf.ts'
import { convertToPdfx } from './pdfx.ts'

export type PrintFormat = 'pdf' | 'pdfx' | 'handouts'
export type { PageMap } from './page-map.ts'

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
  /** `pdf`: interior (print and digital), cover and handouts; `pdfx`: the PDF/X interior and cover; `handouts`: the handouts alone. */
  formats: readonly PrintFormat[]
  /** Called with the page map (which page each text block begins on) when the interior is printed: the EPUB's page list. */
  pageMap?: (map: PageMap) => void
  /**
   * The fidelity audit's reading of what was laid out (src/audit/, which comes after this stage): where the
   * interior's chapter texts (cut into leaves by src/text/leaves.ts's rules) and the handouts' texts go.
   */
  audit?: {
    interior?: (texts: NonNullable<InteriorResult['chapterTexts']>, pageMap: PageMap | undefined) => void
    handouts?: (texts: HandoutText[]) => void
  }
  progress?: Progress
  /** How long one browser step may take before the build fails (default ten minutes). */
  timeoutMs?: number
  /** Aborting stops Ghostscript's conversions (the browser is closed by the build). */
  signal?: AbortSignal
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
  const wantsPdfx = input.formats.includes('pdfx')
  const wantsHandouts = wantsBook || input.formats.includes('handouts')

  // The handouts are laid out and printed on a page of their own while the interior prints, so that the
  // machine's second core has work (bench/README.md). Their own folder: both steps copy the fonts there.
  const handoutsStarted = performance.now()
  const handouts = wantsHandouts
    ? printHandouts({ config, volume, chapters: input.chapters, templates, session: input.session, dir: path.join(dir, 'handouts'), timeoutMs, modified, fairPack: !volume.weekly }).then(
        (result) => ({ ...result, ms: performance.now() - handoutsStarted }),
      )
    : undefined
  // Jobs beside the interior: awaited below; when something fails first they are still waited for, so that
  // none is left unhandled or still writing into the folder the build then removes.
  const beside: Promise<unknown>[] = []
  if (handouts) beside.push(handouts.catch(() => {}))

  try {
    if (wantsBook || wantsPdfx) {
      let started = performance.now()
      const layout = interiorLayout(config.print.trim, config.print.bleed, 0)
      const book = await renderPrintBook({ config, volume, chapters: input.chapters, introduction: input.introduction, templates, dir, layout })
      const session = await input.session
      // The wrap cover's spine depends on the page count, known once the first pass has planned the pages: it
      // prints on a page of its own (its own folder too) while the interior's second pass prints.
      let wrapCover: Promise<Awaited<ReturnType<typeof printWrapCover>> & { ms: number }> | undefined
      const onPlanned = (pageCount: number) => {
        if (!wantsBook) return
        const coverStarted = performance.now()
        wrapCover = printWrapCover({ config, volume, templates, pageCount, session, dir: path.join(dir, 'cover'), timeoutMs }).then((cover) => ({ ...cover, ms: performance.now() - coverStarted }))
        beside.push(wrapCover.catch(() => {}))
      }
      const interior = await printInterior({ book, print: config.print, session, dir, timeoutMs, digital: wantsBook, pdfx: wantsPdfx, pageMap: input.pageMap !== undefined || input.audit?.interior !== undefined, onPlanned,
        ...(input.audit?.interior ? { auditChapters: input.chapters.map(({ chapter }) => chapterId(chapter.slug)) } : {}),
        onTypeset: ({ tails, ladders, pageTurns }) => progress.detail(`pdf typesetting: soft hyphens taken out at ${pageTurns} page turns, ${tails} paragraph ends, ${ladders} ladders`),
      })
      if (interior.pageMap) input.pageMap?.(interior.pageMap)
      if (interior.chapterTexts) input.audit?.interior?.(interior.chapterTexts, interior.pageMap)
      if (wantsBook) {
        const digital = await finishDigitalPdf(interior.digital!, digitalPdfInput(input, book, interior))
        outputs.push({ path: `${volume.id}/${name}-print.pdf`, data: setPdfDates(interior.print, modified) }, { path: `${volume.id}/${name}-digital.pdf`, data: setPdfDates(digital, modified) })
      }
      const { measure, print, digital, pdfx, texts } = interior.timings
      progress.stage('pdf', `${volume.id}: ${interior.pageCount} pages, ${config.print.trim} in`, performance.now() - started)
      progress.detail(`pdf passes: measure ${Math.round(measure)} ms, print ${Math.round(print)} ms, print PDF from it ${Math.round(digital)} ms, PDF/X print ${Math.round(pdfx)} ms, the text read for the audit ${Math.round(texts)} ms`)

      if (wrapCover) {
        const cover = await wrapCover
        outputs.push({ path: `${volume.id}/${name}-cover.pdf`, data: setPdfDates(setPageSize(cover.pdf, cover.layout.page), modified) })
        progress.stage('cover', `${volume.id}: ${cover.layout.page.width.toFixed(3)} × ${cover.layout.page.height.toFixed(3)} in`, cover.ms)
      }

      if (wantsPdfx) {
        started = performance.now()
        const pdfxDir = path.join(dir, 'pdfx')
        await mkdir(pdfxDir, { recursive: true })
        const common = { modified, dir: pdfxDir, timeoutMs, signal: input.signal }
        const pages = interior.pageCount
        const { trim, bleed } = interior.layout
        // Ghostscript converts the interior while Chromium prints the PDF/X cover.
        const [interiorPdfx, coverPdfx] = await Promise.all([
          convertToPdfx({ ...common, kind: 'interior', pdf: interior.pdfx!, trim, bleed }),
          (async () => {
            const cover = await printWrapCover({ config, volume, templates, pageCount: pages, session, dir, timeoutMs, profile: ingramSparkProfile })
            const { page: size, bleed: coverBleed } = cover.layout
            // CMYK before Ghostscript, which then keeps the art vector (cmyk-cover.ts).
            const cmyk = await cmykCover(setPageSize(cover.pdf, size), { timeoutMs, signal: input.signal })
            return convertToPdfx({ ...common, kind: 'cover', pdf: cmyk.pdf, trim: { width: size.width - 2 * coverBleed, height: size.height - 2 * coverBleed }, bleed: coverBleed })
          })(),
        ])
        outputs.push({ path: `${volume.id}/${name}-print-pdfx.pdf`, data: interiorPdfx }, { path: `${volume.id}/${name}-cover-pdfx.pdf`, data: coverPdfx })
        progress.stage('pdfx', `${volume.id}: ${pages} pages, greyscale; cover CMYK`, performance.now() - started)
      }
    }

    if (handouts) {
      const { printed, packs, of, ms, texts } = await handouts
      input.audit?.handouts?.(texts)
      for (const { chapter, pdf } of printed) outputs.push({ path: `${volume.id}/handouts/${chapter.slug}.pdf`, data: pdf })
      for (const { suffix, pdf } of packs) outputs.push({ path: `${volume.id}/${name}-${suffix}.pdf`, data: pdf })
      progress.stage('handouts', `${volume.id}: ${printed.length} of ${of} careers${packs.length > 0 ? ', fair pack' : ''}`, ms)
    }
    return outputs
  } catch (error) {
    await Promise.allSettled(beside)
    throw error
  }
}

/** What the digital PDF is finished with: the book's metadata, the bookmarks and the titles of the links' targets. */
function digitalPdfInput(input: PrintInput, book: PrintBook, interior: InteriorResult): Parameters<typeof finishDigitalPdf>[1] {
  const bookmarks = interior.headings ?? []
  const targets = new Map<string, string>([[book.contentsId, contentsTitle]])
  for (const opening of book.openings) targets.set(opening.id, opening.title)
  bookmarks.forEach((bookmark) => {
    for (const child of bookmark.children) if (child.id) targets.set(child.id, `${child.title} (${bookmark.title})`)
  })
  return { title: input.volume.title, creators: input.config.editors, language: input.config.language, modified: input.modified, bookmarks, arabicStart: interior.arabicStart, targets }
}
