/**
 * The whole pipeline: the check (lint.ts), then render → package and print,
 * as functions the command line, the dev server and the tests call. Content
 * problems come back as messages on VFiles; usage and environment problems
 * are thrown as typed errors; nothing is written unless everything
 * succeeded.
 */
import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { VFile } from 'vfile'
// The browser (puppeteer) and the print modules are imported when a build first needs them: an EPUB
// build never does, and loading them would slow every start (bench/README.md).
import type { BrowserSession } from './browser/index.ts'
import { DiskChapterCache } from './cache/chapters.ts'
import { pageMapKey, readPageMap, writePageMap } from './cache/page-maps.ts'
import type { TransformedChapter } from './chapter.ts'
import { configFileName, resolveVolumes, weekVolume, type BookConfig, type Volume } from './config/index.ts'
import { InterruptedError, UsageError } from './errors.ts'
import { removeWorkFolder } from './files/remove.ts'
import { packageVolumeEpub, storeEditions, volumeCoverPath } from './package/volume-epub.ts'
import type { PageMap } from './render/page-breaks.ts'
import { writeOutputs, type OutputFile, type WrittenFile } from './package/write.ts'
import { hasErrors, report } from './report/messages.ts'
import { silentProgress, type Progress } from './report/progress.ts'
import { Templates } from './render/index.ts'
import { toName } from './transform/index.ts'
import { isRealIsoDate } from './dates.ts'
import { configKeyPosition } from './validate/places.ts'
import { checkStoreForms } from './config/listing-checks.ts'
import { refusePlaceholders } from './config/placeholders.ts'
import { checkReleasable } from './validate/release.ts'
import { scopeToWeek } from './week.ts'
import { reportFindings, SourceCache } from './audit/index.ts'
import { auditEpub } from './audit/epub.ts'
import { auditHandout } from './audit/handouts.ts'
import { auditPrint } from './audit/print.ts'

export type Format = 'epub' | 'pdf' | 'pdfx' | 'handouts'
/** What `--format all` makes. PDF/X (for IngramSpark and offset printers) is asked for by name: it adds a print and Ghostscript's conversion. */
export const formats: readonly Format[] = ['epub', 'pdf', 'handouts']
export const extraFormats: readonly Format[] = ['pdfx']

import { lintBook } from './lint.ts'

export { lintBook, type LintResult } from './lint.ts'

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
  // (a book with problems) cuts the launch short rather than wait for it.
  let session: BrowserSession | undefined
  let launching: Promise<BrowserSession> | undefined
  let printing = false
  const launchCancel = new AbortController()
  const browser = () =>
    (launching ??= import('./browser/index.ts')
      .then(({ launchBrowser }) => launchBrowser({ env, signal: launchCancel.signal }))
      .then((launched) => (session = launched)))
  if (requested.some((format) => format !== 'epub')) browser().catch(() => {})
  let workDir: string | undefined
  // Work beside the print (the EPUB's cover): waited for on a failure, before the work folder is removed.
  const beside: Promise<unknown>[] = []
  const onAbort = () => void session?.close()
  signal?.addEventListener('abort', onAbort)
  try {
    const lint = await lintBook(root, progress, options.cache === false ? undefined : new DiskChapterCache(root), signal)
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
    const pageMaps: { volume: string; key: string; map: PageMap }[] = []
    // The fidelity audit (src/audit/): each chapter's blocks, parsed once, looked for in every output.
    const sources = new SourceCache(config.language, lint.chapters)
    for (const volume of volumes) {
      const chapters = volume.chapters.map((chapter) => byFile.get(chapter.file.path)!)
      const modified = modifiedDate(volume, env)
      const volumeDir = path.join(work, volume.id)
      const name = toName(volume.title) || volume.id

      const epubInput = { root, config, volume, chapters, introduction, templates, modified, workDir: path.join(volumeDir, 'cover'), covers, coverCacheDir: options.cache === false ? undefined : path.join(root, '.springboard-cache', 'covers'), progress, signal }
      const printFormats = requested.filter((format) => format !== 'epub')
      const printsInterior = printFormats.includes('pdf') || printFormats.includes('pdfx')
      // The page map is kept by a key over what the pages depend on (src/cache/page-maps.ts); not with --no-cache.
      const caching = options.cache !== false && (requested.includes('epub') || printsInterior)
      const key = caching ? pageMapKey({ root, configText: String(configFile.value), volume, sources: chapters.map((transformed) => String(transformed.chapter.file.value)) }) : ''

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
        printed.push(...(await makePrintOutputs({ config, volume, chapters, introduction, templates, session: browser(), workDir, modified, formats: printFormats, progress, pageMap: onPageMap, audit, signal })))
        if (pageMap && caching) pageMaps.push({ volume: volume.id, key, map: pageMap })
        checkAborted(signal)
      }

      if (requested.includes('epub')) {
        if (!printsInterior) {
          pageMap = caching ? await readPageMap(root, volume.id, key) : undefined
          if (!pageMap) progress.stage('pages', `${volume.id}: no page list (print the book once, e.g. --format all)`, 0)
        }
        await drawingCover
        const epub = await packageVolumeEpub({ ...epubInput, pageMap })
        outputs.push({ path: `${volume.id}/${name}.epub`, data: epub })
        const auditStarted = performance.now()
        for (const [chapter, findings] of await auditEpub(epub, volume.chapters, sources)) reportFindings(chapter, findings)
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
    // Kept for EPUB-only builds of the same content; only once the build has succeeded.
    for (const { volume, key, map } of pageMaps) {
      await writePageMap(root, volume, key, map).catch((error: Error) => progress.detail(`page map not kept: ${error.message}`))
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


/** `SOURCE_DATE_EPOCH` when set (reproducible-builds.org), else the newest chapter's date. */
export function modifiedDate(volume: Volume, env: NodeJS.ProcessEnv): Date {
  const epoch = env.SOURCE_DATE_EPOCH
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000)
  const newest = volume.chapters.map((chapter) => chapter.meta.published).sort().at(-1) ?? '1980-01-01'
  return new Date(`${newest}T00:00:00Z`)
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError(interruptedBuild)
}


