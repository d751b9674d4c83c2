/**
 * The whole pipeline, load → validate → transform → render → package, as
 * one function the command line (and tests) call. Content problems come
 * back as messages on VFiles; usage and environment problems are thrown as
 * typed errors; nothing is written unless everything succeeded.
 */
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { VFile } from 'vfile'
import { withBrowser } from './browser/index.ts'
import type { TransformedChapter } from './chapter.ts'
import { loadConfig, resolveVolumes, type BookConfig, type Volume } from './config/index.ts'
import { UsageError } from './errors.ts'
import { listChapterFiles, loadChapters } from './load/index.ts'
import { epubTarget, packageEpub } from './package/epub.ts'
import { writeOutputs, type OutputFile, type WrittenFile } from './package/write.ts'
import { hasErrors, report } from './report/messages.ts'
import { renderCover } from './render/cover.ts'
import { renderDocuments, Templates, type SerializableBody } from './render/index.ts'
import { toName, transformBody, transformChapter } from './transform/index.ts'
import { parseMarkdown, validateChapter, validateVolume } from './validate/index.ts'

export type Format = 'epub' | 'pdf' | 'handouts'
export const formats: readonly Format[] = ['epub', 'pdf', 'handouts']

export interface Logger {
  info(line: string): void
}

export const silentLogger: Logger = { info() {} }

export interface LintResult {
  /** Every file that can carry messages: the config, the chapters, the introduction. */
  files: VFile[]
  config?: BookConfig
  chapters: TransformedChapter[]
  introduction?: SerializableBody
}

/** Load, validate and transform the whole book; report every problem, build nothing. */
export async function lintBook(root: string, log: Logger = silentLogger): Promise<LintResult> {
  const started = performance.now()
  const { file: configFile, config } = await loadConfig(root)
  const sources = await loadChapters(root)
  const chapterSlugs = new Map<string, string>()
  for (const source of sources) if (source.slug) chapterSlugs.set(path.resolve(source.file.path), source.slug)
  const context = { root, chapterSlugs }

  const chapters: TransformedChapter[] = []
  for (const source of sources) {
    const { chapter, tree } = validateChapter(source)
    if (chapter) chapters.push(transformChapter(chapter, context))
    else if (tree) transformBody(source.file, 'lint', tree, context) // for its messages only
  }
  validateVolume(chapters.map((transformed) => transformed.chapter))

  const templates = new Templates(root)
  const introductionFile = new VFile({ path: templates.path('introduction.md'), cwd: root, value: templates.read('introduction.md') })
  const introduction = transformBody(introductionFile, 'introduction', parseMarkdown(introductionFile), context)

  const files = [configFile, ...sources.map((source) => source.file), introductionFile]
  if (sources.length === 0) {
    report(configFile, 'v-005', `No chapters: ${path.join(root, 'chapters')} has no .md files`, { line: 1, column: 1 })
  }
  log.info(`Checked ${sources.length} chapters in ${Math.round(performance.now() - started)} ms`)
  return { files, config, chapters, introduction }
}

export interface BuildOptions {
  root: string
  /** Defaults to `<root>/dist`. */
  out?: string
  formats: readonly Format[]
  /** Build only this volume. */
  volume?: string
  log?: Logger
  env?: NodeJS.ProcessEnv
}

export interface BuildResult {
  ok: boolean
  files: VFile[]
  written: WrittenFile[]
}

export async function buildBook(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? silentLogger
  const env = options.env ?? process.env
  const root = path.resolve(options.root)
  const out = path.resolve(options.out ?? path.join(root, 'dist'))
  if ((await listChapterFiles(root)).length === 0 && !(await exists(path.join(root, 'springboard.yaml')))) {
    throw new UsageError(`${root} is not a book folder`, 'Run the command in the folder with springboard.yaml and chapters/, or pass --root <folder>.')
  }
  for (const format of options.formats) {
    if (format !== 'epub') throw new UsageError(`The ${format} output is not available yet`, 'Build the EPUB with --format epub.')
  }

  const lint = await lintBook(root, log)
  const { config, introduction } = lint
  if (hasErrors(lint.files) || !config || !introduction) return { ok: false, files: lint.files, written: [] }

  const byFile = new Map(lint.chapters.map((transformed) => [transformed.chapter.file.path, transformed]))
  let volumes = resolveVolumes(config, lint.chapters.map((transformed) => transformed.chapter))
  if (options.volume) {
    volumes = volumes.filter((volume) => volume.id === options.volume)
    if (volumes.length === 0) {
      const known = resolveVolumes(config, []).map((volume) => volume.id)
      throw new UsageError(`No volume \`${options.volume}\``, `Volumes in this book: ${known.join(', ')}.`)
    }
  }
  const configFile = lint.files[0]!
  for (const volume of volumes) {
    if (volume.chapters.length === 0) report(configFile, 'v-005', `Volume \`${volume.id}\` has no chapters`, { line: 1, column: 1 })
  }
  if (hasErrors(lint.files)) return { ok: false, files: lint.files, written: [] }

  const templates = new Templates(root)
  const outputs: OutputFile[] = []
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'springboard-build-'))
  try {
    for (const volume of volumes) {
      const started = performance.now()
      const chapters = volume.chapters.map((chapter) => byFile.get(chapter.file.path)!)
      const modified = modifiedDate(volume, env)
      const coverPath = volume.cover
        ? path.resolve(root, volume.cover)
        : await renderCoverFile(config, volume, templates, path.join(workDir, volume.id, 'cover'))
      const documents = renderDocuments({
        config,
        volume,
        chapters,
        introduction,
        templates,
        target: epubTarget,
        isbn: volume.isbn.ebook,
        isbnLabel: 'ISBN (e-book)',
      })
      const images = [...new Map(chapters.flatMap((chapter) => [...chapter.images.values()]).map((image) => [image.absolutePath, image])).values()]
      const epub = await packageEpub({ config, volume, documents, templates, coverPath, images, modified })
      outputs.push({ path: `${volume.id}/${toName(volume.title) || volume.id}.epub`, data: epub })
      log.info(`Packaged ${volume.id}: ${chapters.length} chapters into an EPUB in ${Math.round(performance.now() - started)} ms`)
    }
    const written = await writeOutputs(out, outputs)
    return { ok: true, files: lint.files, written }
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
}

async function renderCoverFile(config: BookConfig, volume: Volume, templates: Templates, workDir: string): Promise<string> {
  const image = await withBrowser((session) => renderCover({ config, volume, templates, session, workDir }))
  const file = path.join(workDir, 'cover.jpg')
  await writeFile(file, image)
  return file
}

/** `SOURCE_DATE_EPOCH` when set (reproducible-builds.org), else the newest chapter's date. */
export function modifiedDate(volume: Volume, env: NodeJS.ProcessEnv): Date {
  const epoch = env.SOURCE_DATE_EPOCH
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000)
  const newest = volume.chapters.map((chapter) => chapter.meta.published).sort().at(-1) ?? '1980-01-01'
  return new Date(`${newest}T00:00:00Z`)
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file)
    return true
  } catch {
    return false
  }
}
