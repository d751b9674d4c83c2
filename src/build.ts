/**
 * The whole pipeline: the check (lint.ts), then render → package and print,
 * as functions the command line, the dev server and the tests call. Content
 * problems come back as messages on VFiles; usage and environment problems
 * are thrown as typed errors; nothing is written unless everything
 * succeeded.
 */
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { VFile } from 'vfile'
// The browser (puppeteer) and the print modules are imported when a build first needs them: an EPUB
// build never does, and loading them would slow every start (bench/README.md).
import type { BrowserSession } from './browser/index.ts'
import type { PrintInput } from './print/index.ts'
import { diskCache } from './cache/index.ts'
import { epubAuditCache } from './cache/audits.ts'
import { coverCache } from './cache/covers.ts'
import { pageMapFile, pageMapName, printedPageMap, printHash } from './printed-pages.ts'
import type { TransformedChapter } from './chapter.ts'
import { configFileName, resolveVolumes, weekVolume, type BookConfig, type Volume } from './config/index.ts'
import { InterruptedError, UsageError } from './errors.ts'
import { removeWorkFolder } from './files/remove.ts'
import { packageVolumeEpub, storeEditions, volumeCoverPath } from './package/volume-epub.ts'
import type { PageMap } from './render/page-breaks.ts'
import type { SerializableBody } from './render/index.ts'
import { writeOutputs, type OutputFile, type WrittenFile } from './package/write.ts'
import { hasErrors, report } from './report/messages.ts'
import { silentProgress, type Progress } from './report/progress.ts'
import { Templates } from './render/index.ts'
import { toName } from './transform/index.ts'
import { isRealIsoDate, settledDate } from './dates.ts'
import { configKeyPosition } from './validate/places.ts'
import { checkStoreForms } from './config/listing-checks.ts'
import { refusePlaceholders } from './config/placeholders.ts'
import { checkReleasable } from './validate/release.ts'
import { scopeToWeek } from './week.ts'
import { reportFindings, SourceCache } from './audit/index.ts'
import { auditEpub } from './audit/epub.ts'
import { auditHandout } from './audit/handouts.ts'
import { auditPrint } from './audit/print.ts'

import { extraFormats, formats, type Format } from './formats.ts'
export { extraFormats, formats, type Format } from './formats.ts'

import { lintBook } from './lint.ts'

export { draftBody, lintBook, type LintResult } from './lint.ts'

export interface BuildOptions {
  root: string
  /** Defaults to `<root>/dist`. */
  out?: string
  formats: readonly Format[]
  /** Build only this volume. */
  volume?: string
  /**
   * Build only the chapter that ran in the week of this date (`YYYY-MM-DD`), as its own small volume;
   * other weeks' chapters do not stop it (their problems are shown as warnings).
   */
  week?: string
  progress?: Progress
  env?: NodeJS.ProcessEnv
  /** Aborting stops the build at the next step; nothing is written. */
  signal?: AbortSignal
  /** Keep checked chapters in `<root>/.springboard-cache/` between builds (default true; `--no-cache`). */
  cache?: boolean
  /** Also make the volume's upload pack, `<volume>/release/` (needs `volume`; builds every format). */
  release?: boolean
}

export interface BuildResult {
  ok: boolean
  files: VFile[]
  written: WrittenFile[]
  /** Requests the browser tried to make outside the build folder (all blocked). */
  blocked: string[]
  /** With `release`: what to upload where (paths inside the release folder). */
  checklist?: string[]
}

export { InterruptedError }
const interruptedBuild = 'Interrupted; dist/ was left as it was'

export async function buildBook(options: BuildOptions): Promise<BuildResult> {
  const progress = options.progress ?? silentProgress
  const env = options.env ?? process.env
  const signal = options.signal
  const root = path.resolve(options.root)
  const out = path.resolve(options.out ?? path.join(root, 'dist'))
  if (!existsSync(path.join(root, configFileName))) {
    throw new UsageError(`${root} is not a book folder (no ${configFileName})`, 'Run the command in the folder with springboard.yaml and chapters/, or pass --root <folder>.')
  }
  if (options.week && !isRealIsoDate(options.week)) {
    throw new UsageError(`--week ${options.week} is not a date`, 'Give any date of the week as YYYY-MM-DD, e.g. --week 2026-01-05.')
  }
  if (options.release && (!options.volume || options.week)) {
    throw new UsageError('A release is made for one volume', 'Name it: springboard release --volume complete (the volumes are the folders of dist/).')
  }
  // A release makes everything, PDF/X too: the IngramSpark paperback's files are in the pack.
  const requested = options.week ? (['epub', 'handouts'] as const).filter((f) => options.formats.includes(f)) : options.release ? [...formats, ...extraFormats] : options.formats

  // The browser, when the formats need it, launches while the book is checked (it takes about as long).
  // A failed launch is reported where the browser is first awaited; a build that stops before printing
  // (a book with problems) cuts the launch short rather than wait for it. A release launches it only once
  // its refusals (placeholders, the stores' forms) are known: a refused release starts no browser.
  let session: BrowserSession | undefined
  let launching: Promise<BrowserSession> | undefined
  let printing = false
  const launchCancel = new AbortController()
  const launch = () =>
    (launching ??= import('./browser/index.ts')
      .then(({ launchBrowser }) => launchBrowser({ env, signal: launchCancel.signal }))
      .then((launched) => (session = launched)))
  if (!options.release && requested.some((format) => format !== 'epub')) launch().catch(() => {})
  let workDir: string | undefined
  // Work beside the print (the EPUB's cover): waited for on a failure, before the work folder is removed.
  const beside: Promise<unknown>[] = []
  const onAbort = () => void session?.close()
  signal?.addEventListener('abort', onAbort)
  try {
    const cache = options.cache === false ? undefined : diskCache(root)
    const lint = await lintBook(root, progress, cache, signal)
    // The week's release depends on the week's chapter only: other weeks' problems become warnings.
    if (options.week) scopeToWeek(root, lint.files, lint.chapters, options.week)
    const { config, introduction } = lint
    if (hasErrors(lint.files) || !config || !introduction) return { ok: false, files: lint.files, written: [], blocked: [] }
    checkAborted(signal)

    const volumes = selectVolumes(config, lint.chapters, options)
    const configFile = lint.files[0]!
    // A release refuses what a build only warns about: the config's placeholders (issue 26).
    if (options.release) refusePlaceholders(configFile)
    for (const volume of volumes) {
      if (volume.chapters.length === 0) {
        const index = config.volumes?.findIndex((entry) => entry.id === volume.id) ?? -1
        const place = index === -1 ? { line: 1, column: 1 } : configKeyPosition(configFile, ['volumes', index])
        report(configFile, 'v-005', `Volume \`${volume.id}\` has no chapters`, place)
      }
      if (options.release && lint.placeOf) {
        checkReleasable(configFile, config, volume, lint.placeOf)
        checkStoreForms(configFile, config, volume, lint.placeOf)
      }
    }
    if (hasErrors(lint.files)) return { ok: false, files: lint.files, written: [], blocked: [] }
    if (options.release) launch().catch(() => {})

    // PDF/X needs Ghostscript: say so now rather than after printing.
    if (requested.includes('pdfx')) await (await import('./print/pdfx.ts')).findOutputProfile()

    const byFile = new Map(lint.chapters.map((transformed) => [transformed.chapter.file.path, transformed]))
    const templates = new Templates(root)
    const outputs: OutputFile[] = []
    // Every volume, not only those built: a store edition links to the other volumes on its store.
    const allVolumes = resolveVolumes(config, lint.chapters.map((transformed) => transformed.chapter))
    const covers = new Map<string, string>()
    let checklist: string[] | undefined
    const work = (workDir = await mkdtemp(path.join(os.tmpdir(), 'springboard-build-')))
    // The covers' and the EPUB audits' entries go on in the check's run: each file is hashed once a build.
    const coverRun = lint.cacheRun
    let browser: Promise<string | undefined> | undefined
    const browserVersion = () => (browser ??= import('./browser/index.ts').then(({ browserVersion }) => browserVersion(env)))
    // The fidelity audit (src/audit/): each chapter's blocks, parsed once, looked for in every output.
    const sources = new SourceCache(config.language, lint.chapters)
    for (const volume of volumes) {
      const chapters = volume.chapters.map((chapter) => byFile.get(chapter.file.path)!)
      const modified = modifiedDate(volume, env)
      const volumeDir = path.join(work, volume.id)
      const name = toName(volume.title) || volume.id

      const coverCacheInput = coverRun && coverCache(coverRun, volume.id)
      const epubInput = { root, config, volume, chapters, introduction, templates, modified, workDir: path.join(volumeDir, 'cover'), covers, coverCache: coverCacheInput, progress, signal }
      const printFormats = requested.filter((format) => format !== 'epub')
      const printsInterior = printFormats.includes('pdf') || printFormats.includes('pdfx')
      // The page map is a print output, with the hash of the print it came from (src/printed-pages.ts).
      const print = async () => printHash({ root, configText: String(configFile.value), volume, chapters, introduction, modified, browser: await browserVersion() })

      // The print book first: the EPUB's page list is its page map. The EPUB's cover needs none: drawn meanwhile.
      const drawingCover = requested.includes('epub') && printFormats.length > 0 ? volumeCoverPath(epubInput) : undefined
      if (drawingCover) beside.push(drawingCover.catch(() => {}))
      let pageMap: PageMap | undefined
      const printed: OutputFile[] = []
      if (printFormats.length > 0) {
        const workDir = path.join(volumeDir, 'print')
        const { makePrintOutputs } = await import('./print/index.ts')
        printing = true
        const onPageMap = printsInterior ? (map: PageMap) => void (pageMap = map) : undefined
        const audit = {
          interior: (texts: Parameters<typeof auditPrint>[0], map: PageMap | undefined) => {
            const auditStarted = performance.now()
            for (const [chapter, findings] of auditPrint(texts, map, volume.chapters, sources)) reportFindings(chapter, findings)
            progress.stage('audit', `${volume.id}: print book, ${volume.chapters.length} chapters`, performance.now() - auditStarted)
          },
          handouts: (texts: (Parameters<typeof auditHandout>[1] & { chapter: TransformedChapter['chapter'] })[]) => {
            texts.forEach((reading) => reportFindings(reading.chapter, auditHandout(byFile.get(reading.chapter.file.path)!, reading, sources)))
          },
        }
        printed.push(...(await makePrintOutputs({ config, volume, chapters, introduction, templates, session: launch(), workDir, modified, formats: printFormats, progress, pageMap: onPageMap, audit, signal })))
        if (pageMap) printed.push({ path: `${volume.id}/${pageMapName}`, data: pageMapFile(await print(), pageMap) })
        checkAborted(signal)
      }

      if (requested.includes('epub')) {
        if (!printsInterior) {
          const printed = await printedPageMap(out, volume.id, print)
          if ('map' in printed) pageMap = printed.map
          else progress.stage('pages', printed.missing, 0)
        }
        await drawingCover
        const epub = await packageVolumeEpub({ ...epubInput, pageMap })
        outputs.push({ path: `${volume.id}/${name}.epub`, data: epub })
        const auditStarted = performance.now()
        const auditCache = coverRun && epubAuditCache(coverRun, volume.id, config.language)
        for (const [chapter, findings] of await auditEpub(epub, volume.chapters, sources, auditCache)) reportFindings(chapter, findings)
        progress.stage('audit', `${volume.id}: EPUB, ${volume.chapters.length} chapters`, performance.now() - auditStarted)
        // One edition per store, each linking to that store only; the weekly release is not sold in stores.
        for (const store of volume.weekly ? [] : storeEditions(config, volume, allVolumes)) {
          outputs.push({ path: `${volume.id}/${name}-${store.id}.epub`, data: await packageVolumeEpub({ ...epubInput, store, pageMap }) })
        }
        checkAborted(signal)
      }
      outputs.push(...printed)

      if (options.release) {
        const started = performance.now()
        const { makeReleasePack } = await import('./package/release.ts')
        const pack = await makeReleasePack({ config, volume, name, outputs, coverPath: await volumeCoverPath(epubInput) })
        outputs.push(...pack.files)
        checklist = pack.checklist
        progress.stage('release', `${volume.id}: ${pack.files.length} files`, performance.now() - started)
      }
    }
    // A handout too long for its page is reported on its chapter (p-001).
    if (hasErrors(lint.files)) return { ok: false, files: lint.files, written: [], blocked: session?.blocked ?? [] }
    const started = performance.now()
    const written = await writeOutputs(out, outputs, {
      onWait: (pid) => progress.stage('wait', pid ? `for the build in process ${pid}` : 'for another build', 0),
      signal,
    })
    progress.stage('write', `${written.length} file${written.length === 1 ? '' : 's'}`, performance.now() - started)
    // Only the covers this build drew and the audits it made are kept (the cache stays the size of one build).
    if (requested.includes('epub') || options.release) {
      coverRun?.finish('covers')
      coverRun?.finish('cover-texts')
      coverRun?.finish('audits')
    }
    return { ok: true, files: lint.files, written, blocked: session?.blocked ?? [], checklist }
  } catch (error) {
    await Promise.allSettled(beside)
    if (signal?.aborted) throw new InterruptedError(interruptedBuild)
    const { explainBrowserFailure } = await import('./browser/index.ts')
    throw explainBrowserFailure(error, session, 'rendering the book')
  } finally {
    signal?.removeEventListener('abort', onAbort)
    if (!printing) launchCancel.abort()
    await (await launching?.catch(() => undefined))?.close()
    if (workDir) await removeWorkFolder(workDir)
  }
}

function selectVolumes(config: BookConfig, chapters: readonly TransformedChapter[], options: BuildOptions): Volume[] {
  const all = chapters.map((transformed) => transformed.chapter)
  if (options.week) {
    const volume = weekVolume(config, all, options.week)
    if (!volume) throw new UsageError(`No chapter ran in the week of ${options.week}`, 'Check the date, or run `springboard check` to list problems with the chapters.')
    return [volume]
  }
  const volumes = resolveVolumes(config, all)
  if (!options.volume) return volumes
  const chosen = volumes.filter((volume) => volume.id === options.volume)
  if (chosen.length === 0) {
    throw new UsageError(`No volume \`${options.volume}\``, `Volumes in this book: ${volumes.map((volume) => volume.id).join(', ')}.`)
  }
  return chosen
}


/**
 * One volume's handouts laid out and printed in one print, as `build` makes them (the print stage's
 * makePrintOutputs, handouts only), for the preview's handout view. Each chapter's one-page PDF, by slug;
 * none for a handout too long (p-001, reported on its chapter).
 */
export async function layOutHandouts(input: Pick<PrintInput, 'config' | 'volume' | 'chapters' | 'introduction' | 'templates' | 'session' | 'workDir' | 'modified' | 'signal' | 'audit'>): Promise<Map<string, Uint8Array>> {
  const { makePrintOutputs } = await import('./print/index.ts')
  const outputs = await makePrintOutputs({ ...input, formats: ['handouts'] })
  // `<volume>/handouts/<slug>.pdf`; the fair pack beside them is not needed here.
  const folder = `${input.volume.id}/handouts/`
  const handouts = new Map<string, Uint8Array>()
  for (const output of outputs) {
    if (output.path.startsWith(folder) && output.path.endsWith('.pdf')) handouts.set(output.path.slice(folder.length, -'.pdf'.length), output.data)
  }
  return handouts
}

/**
 * One volume's print interior laid out and printed (the print PDF only, no digital PDF, cover or
 * handouts): the preview's Print view, which shows each chapter's pages as in the printed book. Where
 * each document opens (0-based page index) and the folio on its opening page come back with it.
 */
export async function layOutInterior(input: {
  config: BookConfig
  volume: Volume
  chapters: readonly TransformedChapter[]
  introduction: SerializableBody
  templates: Templates
  session: BrowserSession
  workDir: string
}): Promise<{ pdf: Uint8Array; pageCount: number; starts: Map<string, number>; folios: Map<string, string>; page: { width: number; height: number } }> {
  const { config, volume, session, workDir: dir } = input
  const [{ interiorLayout }, { renderPrintBook }, { printInterior }] = await Promise.all([import('./config/print-layout.ts'), import('./print/html.ts'), import('./print/passes.ts')])
  await mkdir(dir, { recursive: true })
  const layout = interiorLayout(config.print.trim, config.print.bleed, 0)
  const book = await renderPrintBook({ config, volume, chapters: input.chapters, introduction: input.introduction, templates: input.templates, dir, layout })
  const interior = await printInterior({ book, print: config.print, session, dir, timeoutMs: 300_000, digital: false })
  return { pdf: interior.print, pageCount: interior.pageCount, starts: interior.starts, folios: interior.folios, page: interior.layout.page }
}

/** `SOURCE_DATE_EPOCH` when set (reproducible-builds.org), else the volume's own date (the newest chapter's, unless it is stray). */
export function modifiedDate(volume: Volume, env: NodeJS.ProcessEnv): Date {
  const epoch = env.SOURCE_DATE_EPOCH
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000)
  // The volume's own date: a chapter dated far from the others (m-031) does not move it.
  const newest = settledDate(volume.chapters.map((chapter) => chapter.meta.published)) ?? '1980-01-01'
  return new Date(`${newest}T00:00:00Z`)
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError(interruptedBuild)
}


