/**
 * What the dev server's pages show, worked out from the preview build and
 * the latest rebuild: the contents (each chapter numbered in the volume it
 * is previewed in, with its status now, drafts apart) and the chapter a
 * view is about. A preview build has every chapter that is valid now, and
 * each chapter with problems in the last good version it had, if any.
 */
import path from 'node:path'
import type { LintResult } from '../build.ts'
import type { TransformedChapter } from '../chapter.ts'
import type { BookConfig, Volume } from '../config/index.ts'
import { chapterFileName } from '../load/index.ts'
import { frontMatterTitle } from '../new.ts'
import type { FlatMessage } from '../report/messages.ts'
import type { SerializableBody, Templates } from '../render/index.ts'
import type { ResourceContext } from '../transform/index.ts'
import type { EpubFiles } from './epub-files.ts'
import type { ChapterView, ContentsEntry, ContentsSection, IndexPage, Shown, Status } from './pages.ts'

/** The rebuild whose EPUBs the views show: the latest one that could package the book. */
export interface GoodBuild {
  key: string
  /** The rebuild it was made by. */
  version: number
  /** Chapters (by `chapters/…` path) shown in an earlier good version, and when that was checked. */
  older: Map<string, { at: Date }>
  config: BookConfig
  introduction: SerializableBody
  templates: Templates
  chapters: TransformedChapter[]
  volumes: Volume[]
  epubs: Map<string, Uint8Array>
  opened: Map<string, Promise<EpubFiles>>
}

/** The chapter files of the latest rebuild, good or not. */
export interface LatestFiles {
  title?: string | undefined
  subtitle?: string | undefined
  language?: string | undefined
  files: { file: string; title?: string | undefined; published?: string | undefined }[]
  /** The text of every file messages may point at (chapters, the config, the introduction), by `chapters/…` path; `readable`: loaded (load leaves a file it could not read or decode empty). */
  texts: Map<string, { text: string; readable: boolean; absolute: string }>
  /** What a draft's links are checked against. */
  context?: ResourceContext | undefined
}

export function latestFiles(root: string, lint: LintResult): LatestFiles {
  const chaptersDir = path.join(root, 'chapters')
  const valid = new Map(lint.chapters.map(({ chapter }) => [path.resolve(root, chapter.file.path), chapter]))
  const files = lint.files
    .filter((file) => path.dirname(path.resolve(file.cwd, file.path)) === chaptersDir)
    .map((file) => {
      const absolute = path.resolve(file.cwd, file.path)
      const chapter = valid.get(absolute)
      return {
        file: relative(root, absolute),
        title: chapter?.meta.title ?? frontMatterTitle(String(file.value ?? '')),
        published: chapter?.meta.published ?? chapterFileName.exec(path.basename(absolute))?.[1],
      }
    })
  const texts = new Map(
    lint.files.map((file) => {
      const absolute = path.resolve(file.cwd, file.path)
      return [relative(root, absolute), { text: String(file.value ?? ''), readable: String(file.value ?? '') !== '', absolute }] as const
    }),
  )
  return { title: lint.config?.title, subtitle: lint.config?.subtitle, language: lint.config?.language, files, texts, context: lint.context }
}

/** Errors (placeholders from `springboard new` apart) and warnings by file, as `chapters/…` paths. */
export function statuses(messages: readonly FlatMessage[]): Map<string, Status> {
  const byFile = new Map<string, Status>()
  for (const message of messages) {
    const status = byFile.get(message.file) ?? { errors: 0, warnings: 0, todos: 0 }
    if (message.rule === placeholderRule) status.todos++
    else if (message.severity === 'error') status.errors++
    else status.warnings++
    byFile.set(message.file, status)
  }
  return byFile
}

/** `TODO` left from `springboard new` (validate/index.ts): what makes a chapter a draft. */
const placeholderRule = 's-006'
const noProblems: Status = { errors: 0, warnings: 0, todos: 0 }

/**
 * The volume a chapter is previewed in: the one asked for if it has the
 * chapter, else the smallest that has it (a year's volume rather than the
 * complete one: the print view lays the whole volume out).
 */
export function previewVolume(volumes: readonly Volume[], slug: string, asked?: string | null): Volume | undefined {
  const having = volumes.filter((volume) => volume.chapters.some((chapter) => chapter.slug === slug))
  return having.find((volume) => volume.id === asked) ?? [...having].sort((a, b) => a.chapters.length - b.chapters.length)[0]
}

/** Which version of a chapter the views show. */
function shownOf(build: GoodBuild, file: string, status: Status): Shown {
  const older = build.older.get(file)
  if (older) return { kind: 'older', at: older.at.toISOString() }
  return status.errors + status.todos > 0 ? { kind: 'stale' } : { kind: 'current' }
}

export function contentsOf(root: string, out: string, good: GoodBuild | undefined, latest: LatestFiles, state: { ok: boolean; ms: number; messages: readonly FlatMessage[]; version: number; preview?: string; handouts?: IndexPage['handouts']['state']; handoutsNote?: string | undefined }): IndexPage {
  const status = statuses(state.messages)
  const statusOf = (file: string) => status.get(file) ?? noProblems
  const sections: ContentsSection[] = []
  const shown = new Set<string>()
  for (const volume of good?.volumes ?? []) {
    const entries: ContentsEntry[] = []
    volume.chapters.forEach((chapter, index) => {
      if (previewVolume(good!.volumes, chapter.slug) !== volume) return
      const file = relative(root, path.resolve(root, chapter.file.path))
      shown.add(file)
      entries.push({ slug: chapter.slug, number: index + 1, title: chapter.meta.title, published: chapter.meta.published, file, status: statusOf(file), volume: volume.id, shown: shownOf(good!, file, statusOf(file)) })
    })
    if (entries.length > 0) sections.push({ volume: { id: volume.id, title: volume.title }, entries })
  }
  const unbuilt = latest.files
    .filter((entry) => !shown.has(entry.file))
    .map((entry) => ({ title: entry.title ?? path.basename(entry.file), published: entry.published, file: entry.file, status: statusOf(entry.file), shown: { kind: 'draft' as const } }))
  const config = good?.config
  return {
    title: latest.title ?? config?.title ?? 'SpringBoard preview',
    subtitle: latest.subtitle ?? config?.subtitle,
    language: latest.language ?? config?.language ?? 'en',
    sections,
    unbuilt,
    epubFolder: relative(root, out) || out,
    // Every chapter shown as it is now: a problem only the handouts' layout found (p-001) does not change the views.
    rebuild: { ok: state.preview === undefined ? state.ok : state.preview === 'current', ms: state.ms, current: good?.version === state.version },
    handouts: { state: state.handouts ?? 'not checked', note: state.handoutsNote },
  }
}

/** A chapter of the last good build in the volume asked for (or its own), or why there is none. */
export function chapterView(build: GoodBuild, state: { messages: readonly FlatMessage[] }, slug: string, asked: string | null): ChapterView | string {
  const volume = previewVolume(build.volumes, slug, asked)
  if (!volume) return `No chapter \`${slug}\` in the preview: it has never been valid. Its problems are listed on the contents page.`
  if (asked && asked !== volume.id) return `The chapter \`${slug}\` is not in volume \`${asked}\`.`
  const index = volume.chapters.findIndex((chapter) => chapter.slug === slug)
  const chapter = volume.chapters[index]!
  const root = chapter.file.cwd
  const file = relative(root, path.resolve(root, chapter.file.path))
  const status = statuses(state.messages).get(file) ?? noProblems
  return {
    entry: { slug, number: index + 1, title: chapter.meta.title, published: chapter.meta.published, file, status, volume: volume.id, shown: shownOf(build, file, status) },
    problems: state.messages.filter((message) => message.file === file),
    volumeTitle: volume.title,
    otherVolumes: build.volumes.filter((other) => other !== volume && other.chapters.some((candidate) => candidate.slug === slug)).map((other) => ({ id: other.id, title: other.title })),
    language: build.config.language,
  }
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/')
}
