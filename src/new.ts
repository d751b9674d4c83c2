/**
 * `springboard new "Career title"`: a chapter skeleton from
 * templates/chapter.md. Its placeholders (`TODO`) fail `check` (rule s-006)
 * until an editor replaces them, so a half-written chapter never ships.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseDocument } from 'yaml'
import { UsageError } from './errors.ts'
import { chapterFileName, listChapterFiles } from './load/index.ts'
import { Templates } from './render/templates.ts'
import { toName } from './transform/index.ts'
import { isRealIsoDate } from './dates.ts'

export interface NewChapterOptions {
  root: string
  title: string
  /** `YYYY-MM-DD`; default: a week after the newest chapter (today when there is none). */
  date?: string
  today?: Date
}

export async function newChapter(options: NewChapterOptions): Promise<string> {
  const title = options.title.trim()
  const slug = toName(title)
  if (!slug) throw new UsageError(`"${options.title}" has no letters or digits to make a file name from`, 'Give the career title, e.g. springboard new "Medical Coder".')
  if (options.date && !isRealIsoDate(options.date)) {
    throw new UsageError(`--date ${options.date} is not a date`, 'Write it as YYYY-MM-DD, e.g. --date 2026-03-02.')
  }
  const same = await chapterWithTitle(options.root, title)
  if (same) {
    throw new UsageError(
      `A chapter titled "${same.title}" already exists: ${path.relative(options.root, same.file)}; nothing was written`,
      'Edit that chapter, or give the new career a title of its own (two chapters with one title fail `check`, rule v-002).',
    )
  }
  const date = options.date ?? (await nextWeek(options.root, options.today ?? new Date()))
  const file = path.join(options.root, 'chapters', `${date}-${slug}.md`)
  if (existsSync(file)) {
    throw new UsageError(`${path.relative(options.root, file)} already exists; it was left as it was`, 'Pick another title or --date, or edit the existing chapter.')
  }
  const text = new Templates(options.root).render('chapter.md', { title, date })
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, text, { flag: 'wx' })
  return file
}

/**
 * The chapter whose title is `title` (ignoring case and surrounding spaces),
 * read from each file's front matter; a file whose front matter does not
 * parse is skipped (`check` reports it).
 */
export async function chapterWithTitle(root: string, title: string): Promise<{ file: string; title: string } | undefined> {
  const wanted = title.trim().toLowerCase()
  for (const file of await listChapterFiles(root)) {
    const existing = frontMatterTitle(await readFile(file, 'utf8').catch(() => ''))
    if (existing?.toLowerCase() === wanted) return { file, title: existing }
  }
  return undefined
}

/** The `title` of a chapter's front matter, trimmed, even when the rest of the chapter is not valid. */
export function frontMatterTitle(text: string): string | undefined {
  const frontMatter = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text)?.[1]
  if (frontMatter === undefined) return undefined
  const doc = parseDocument(frontMatter, { logLevel: 'silent' })
  const title = doc.errors.length === 0 ? doc.get('title') : undefined
  return typeof title === 'string' && title.trim() ? title.trim() : undefined
}

/** The date a week after the newest chapter's file name date (today when there is none). */
export async function nextWeek(root: string, today: Date): Promise<string> {
  const dates = (await listChapterFiles(root))
    .map((file) => chapterFileName.exec(path.basename(file))?.[1])
    .filter((date): date is string => Boolean(date && isRealIsoDate(date)))
    .sort()
  const newest = dates.at(-1)
  return newest ? addWeeks(newest, 1) : today.toISOString().slice(0, 10)
}

/** `YYYY-MM-DD` plus whole weeks. */
export function addWeeks(date: string, weeks: number): string {
  const next = new Date(`${date}T00:00:00Z`)
  next.setUTCDate(next.getUTCDate() + 7 * weeks)
  return next.toISOString().slice(0, 10)
}
