/**
 * `springboard check`, and the first half of every build: load, parse,
 * validate and transform the whole book, report every problem, build
 * nothing.
 */
import path from 'node:path'
import { VFile } from 'vfile'
import { getChapter, setChapter } from './cache/chapters.ts'
import type { BuildCache, CacheRun } from './cache/index.ts'
import type { TransformedChapter } from './chapter.ts'
import { loadConfig, resolveVolumes, type BookConfig } from './config/index.ts'
import { printTextWidthInches } from './config/print-layout.ts'
import { loadChapters } from './load/index.ts'
import { parseChapter, parseMarkdown } from './parse/index.ts'
import { fontFaces } from './render/fonts.ts'
import { outsideTemplates, Templates, type SerializableBody } from './render/index.ts'
import { report } from './report/messages.ts'
import { silentProgress, type Progress } from './report/progress.ts'
import { GlyphCoverage } from './text/glyphs.ts'
import { transformBody, transformChapter, type ResourceContext } from './transform/index.ts'
import { checkImageContent, type InspectedImages } from './validate/image-content.ts'
import { validatePrintResolution } from './validate/images.ts'
import { validateChapter, validateVolume } from './validate/index.ts'
import { checkListingLimits } from './config/listing-checks.ts'
import { reportPlaceholders } from './config/placeholders.ts'
import { checkStoreVolumes } from './validate/release.ts'
import { checkVolumeContent } from './config/volume-content.ts'

/** What the book's fonts can set: their character maps are read when first needed, once per process. */
const bookGlyphs = new GlyphCoverage(fontFaces)

export interface LintResult {
  /** Every file that can carry messages: the config, the chapters, the introduction. */
  files: VFile[]
  config?: BookConfig
  chapters: TransformedChapter[]
  introduction?: SerializableBody
  /** How many chapters were parsed and transformed (not taken from the cache). */
  parsed: number
  /** Where a config field sits, for messages on the config found after loading it. */
  placeOf?: (path: readonly (string | number)[]) => { line: number; column: number }
  /** What the chapters' links are checked against: each chapter file's slug. */
  context: ResourceContext
  /** This check's use of the build cache: the build's later entries (covers, audits) go on in it, each file hashed once. */
  cacheRun?: CacheRun
}

/**
 * A chapter's body as far as it renders, whatever its front matter says: what the preview shows of a
 * draft. Parsed and transformed from a copy of the file, so that its messages (already reported by
 * lintBook) are not added twice.
 */
export function draftBody(file: VFile, context: ResourceContext): ReturnType<typeof transformBody> {
  const copy = new VFile({ path: file.path, cwd: file.cwd, value: String(file.value ?? '') })
  return transformBody(copy, 'draft', parseMarkdown(copy), context)
}

/**
 * Load, validate and transform the whole book; report every problem, build nothing. `cache`: chapters
 * already checked, while all they read is unchanged (src/cache/); none parses every chapter. `signal`: Ctrl-C stops
 * the check between two chapters.
 */
export async function lintBook(root: string, progress: Progress = silentProgress, cache?: BuildCache, signal?: AbortSignal): Promise<LintResult> {
  let started = performance.now()
  const { file: configFile, config, placeOf, placeholders } = await loadConfig(root)
  const sources = await loadChapters(root)
  progress.stage('load', `${sources.length} chapters`, performance.now() - started)

  started = performance.now()
  const chapterSlugs = new Map<string, string>()
  for (const source of sources) if (source.slug) chapterSlugs.set(path.resolve(source.file.path), source.slug)
  const context: ResourceContext = { root, chapterSlugs }
  const run = cache?.run(chapterSlugs)
  const chapters: TransformedChapter[] = []
  let parsed = 0
  const inspected: InspectedImages = new Map()
  const loop = progress.loop('check', sources.length)
  let yielded = performance.now()
  for (const source of sources) {
    // Checking is all computation: now and then, let a Ctrl-C that came in be heard.
    if (signal && performance.now() - yielded > 50) {
      await new Promise((resolve) => setImmediate(resolve))
      yielded = performance.now()
    }
    signal?.throwIfAborted()
    // The text as loaded is what the check reads: its hash, not a second read of the file.
    run?.states.seed(source.file.path, String(source.file.value))
    const cached = run && getChapter(run, source.file)
    if (cached) {
      source.file.messages = [...cached.messages]
      if (cached.transformed) chapters.push({ ...cached.transformed, chapter: { ...cached.transformed.chapter, file: source.file } })
    } else {
      parsed++
      const reads = run?.log()
      reads?.path(source.file.path)
      const readingContext: ResourceContext = reads ? { ...context, reads } : context
      const { chapter, tree } = validateChapter(source, parseChapter(source), bookGlyphs)
      const transformed = chapter && tree ? transformChapter(chapter, tree, readingContext) : undefined
      if (transformed) chapters.push(transformed)
      // A chapter that failed is transformed for its messages only; its images are checked all the same.
      const images = transformed?.images ?? (tree ? transformBody(source.file, 'lint', tree, readingContext).images : undefined)
      if (images) await checkImageContent(source.file, images, inspected)
      if (run && reads) setChapter(run, source.file, reads, { messages: [...source.file.messages], transformed })
    }
    loop.tick(source.file.basename ?? '')
  }
  run?.finish('chapters')
  run?.finish('blocks')
  loop.done()
  validateVolume(chapters.map((transformed) => transformed.chapter))
  if (config) validatePrintResolution(chapters, printTextWidthInches(config.print))
  if (config && placeOf) {
    const volumes = resolveVolumes(config, chapters.map((transformed) => transformed.chapter))
    checkStoreVolumes(configFile, config, volumes, placeOf)
    // The release's checks of the config (issue 26): placeholders, volumes of the same chapters, store limits.
    reportPlaceholders(configFile, placeholders ?? [])
    checkVolumeContent(configFile, config, volumes, placeOf)
    checkListingLimits(configFile, config, placeOf)
  }

  signal?.throwIfAborted()
  const templates = new Templates(root)
  // A template that is a link out of the book is never read (render/templates.ts); each stops the build here.
  const linkedOut = outsideTemplates(root).map((template) => {
    const file = new VFile({ path: template, cwd: root, value: '' })
    report(file, 'f-010', 'The template is a link to a file outside the book folder: it is not read', { line: 1, column: 1 })
    return file
  })
  const introductionFile = new VFile({ path: templates.path('introduction.md'), cwd: root, value: templates.read('introduction.md') })
  const introduction = transformBody(introductionFile, 'introduction', parseMarkdown(introductionFile), context)

  const files = [configFile, ...sources.map((source) => source.file), introductionFile, ...linkedOut]
  if (sources.length === 0) {
    // About the whole book, which has no file of its own: the config stands for it.
    report(configFile, 'v-005', 'No chapters: chapters/ has no .md files', { line: 1, column: 1 })
  }
  const problems = files.reduce((sum, file) => sum + file.messages.length, 0)
  const fromCache = cache && parsed < sources.length ? ` (${sources.length - parsed} from the cache)` : ''
  progress.stage('check', `${chapters.length} valid, ${problems} problem${problems === 1 ? '' : 's'}${fromCache}`, performance.now() - started)
  return { files, config, chapters, introduction, parsed, placeOf, context, cacheRun: run }
}
