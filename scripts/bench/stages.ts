/**
 * The pipeline's stages (the EPUB's here, the PDF's in pdf-stages.ts), called one by one in this process, each timed
 * and its peak memory read (Node's, and the browser's for the PDF stages).
 * They call the same functions buildBook calls, in the same order; the
 * whole build is measured separately through buildBook itself.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Root as MdastRoot } from 'mdast'
import type { VFile } from 'vfile'
import { modifiedDate } from '../../src/build.ts'
import type { Chapter, TransformedChapter } from '../../src/chapter.ts'
import { loadConfig, resolveVolumes, type BookConfig, type Volume } from '../../src/config/index.ts'
import { loadChapters } from '../../src/load/index.ts'
import { renderCoverFile } from '../../src/package/cover.ts'
import { epubTarget, packageEpub } from '../../src/package/epub.ts'
import { uniqueImages } from '../../src/package/volume-epub.ts'
import { hasErrors } from '../../src/report/messages.ts'
import { renderDocuments, Templates, type SerializableBody } from '../../src/render/index.ts'
import { transformBody, transformChapter, type ResourceContext } from '../../src/transform/index.ts'
import { parseChapter, parseMarkdown } from '../../src/parse/index.ts'
import { validateChapter, validateVolume } from '../../src/validate/index.ts'
import { fontFaces } from '../../src/render/fonts.ts'
import { GlyphCoverage } from '../../src/text/glyphs.ts'
import { VFile as VFileClass } from 'vfile'
import type { Sample } from './measure.ts'

const glyphs = new GlyphCoverage(fontFaces)
import { mib, peakRss, resetPeak, resetTreePeak, treePeakRss } from './memory.ts'

/**
 * pdfjs-dist's legacy build (under src/print/pdf.ts) replaces Array.prototype.push with core-js's
 * slower polyfill for the rest of the process. The EPUB is measured before anything loads it, and this
 * says whether that held.
 */
export function pushPolyfilled(): boolean {
  return '__core-js_shared__' in globalThis
}

export type StageSamples = Record<string, Sample>

/** Run one stage: collect garbage first (so stages do not pay for each other), then time it and read the peaks. */
export async function stage<T>(samples: StageSamples, name: string, work: () => T | Promise<T>, browserPid?: number): Promise<T> {
  globalThis.gc?.()
  resetPeak()
  if (browserPid) resetTreePeak(browserPid)
  const started = performance.now()
  const value = await work()
  const seconds = (performance.now() - started) / 1000
  samples[name] = { seconds, peakMiB: mib(peakRss()), ...(browserPid ? { browserMiB: mib(treePeakRss(browserPid)) } : {}) }
  return value
}

export interface Checked {
  config: BookConfig
  volume: Volume
  chapters: TransformedChapter[]
  introduction: SerializableBody
  templates: Templates
}

/** Load + validate, transform, EPUB cover, EPUB render, EPUB package: the EPUB's stages. */
export async function epubStages(root: string, samples: StageSamples): Promise<{ checked: Checked; epub: Buffer }> {
  const loaded = await stage(samples, 'load + validate', async () => {
    const { file: configFile, config } = await loadConfig(root)
    const sources = await loadChapters(root)
    const validated = sources.map((source) => ({ source, ...validateChapter(source, parseChapter(source), glyphs) }))
    const valid = validated.filter((item): item is typeof item & { chapter: Chapter; tree: MdastRoot } => item.chapter !== undefined && item.tree !== undefined)
    validateVolume(valid.map((item) => item.chapter))
    return { configFile, config, sources, chapters: valid }
  })
  const { config } = loaded
  if (!config || hasErrors([loaded.configFile, ...loaded.sources.map((source) => source.file)])) {
    throw new Error(`The book in ${root} has problems: run \`springboard check --root ${root}\``)
  }
  const transformed = await stage(samples, 'transform', () => {
    const chapterSlugs = new Map(loaded.sources.filter((source) => source.slug).map((source) => [path.resolve(source.file.path), source.slug!]))
    const context: ResourceContext = { root, chapterSlugs }
    const chapters = loaded.chapters.map(({ chapter, tree }) => transformChapter(chapter, tree, context))
    const templates = new Templates(root)
    const introductionFile: VFile = new VFileClass({ path: templates.path('introduction.md'), cwd: root, value: templates.read('introduction.md') })
    const introduction = transformBody(introductionFile, 'introduction', parseMarkdown(introductionFile), context)
    return { chapters, introduction, templates }
  })
  const volume = resolveVolumes(config, transformed.chapters.map((item) => item.chapter))[0]!
  const byFile = new Map(transformed.chapters.map((item) => [item.chapter.file.path, item]))
  const chapters = volume.chapters.map((chapter) => byFile.get(chapter.file.path)!)
  const { templates, introduction } = transformed
  // The config has no cover art, as by default: the cover is drawn (resvg), as a first build draws it.
  const coverDir = await mkdtemp(path.join(os.tmpdir(), 'springboard-bench-cover-'))
  const coverPath = await stage(samples, 'EPUB cover', () => renderCoverFile({ config, volume, templates, workDir: coverDir }))
  const documents = await stage(samples, 'EPUB render', () =>
    renderDocuments({ config, volume, chapters, introduction, templates, target: epubTarget }),
  )
  const epub = await stage(samples, 'EPUB package', () =>
    packageEpub({ config, volume, documents, templates, coverPath, images: uniqueImages(chapters), modified: modifiedDate(volume, {}) }),
  )
  await rm(coverDir, { recursive: true, force: true })
  return { checked: { config, volume, chapters, introduction, templates }, epub }
}

