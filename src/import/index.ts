/**
 * `springboard import FILE…`: weekly features as they were published in
 * plain text (README: "Importing the weekly feature from plain text") →
 * chapter files, with `TODO` wherever the text does not say. It never
 * overwrites a chapter, and writes every chapter or none (files.ts).
 */
import { existsSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { UsageError } from '../errors.ts'
import { chapterFileName, listChapterFiles } from '../load/index.ts'
import { addWeeks, nextWeek } from '../new.ts'
import { toName } from '../transform/index.ts'
import { isRealIsoDate } from '../dates.ts'
import { bookWords, recurringTexts } from './boilerplate.ts'
import { composeChapter } from './compose.ts'
import { readFeatureFile, writeChaptersAtOnce } from './files.ts'
import { loadOrganizations } from './organizations.ts'
import { cleanText, decodeFeature, toUnits } from './read.ts'
import type { ImportReport } from './report.ts'
import { readStructure } from './structure.ts'

export interface ImportOptions {
  root: string
  /** Absolute paths of feature files, or of folders of them (`*.txt`). */
  inputs: readonly string[]
  title?: string
  /** The first chapter's date; the others follow a week apart. */
  date?: string
  today?: Date
  /** Ctrl-C: stop, and write nothing. */
  signal?: AbortSignal
}

export interface ImportedChapter {
  source: string
  file: string
  encoding: 'utf-8' | 'windows-1252'
  /** What was left as TODO. */
  todos: string[]
  /** Where each part of the source went, and what was left out. */
  report: ImportReport
  /** An existing chapter with the same slug, which `check` will report (v-001). */
  sameSlug?: string
}

/** A date in a file name: `2019-03-04 nurse.txt`, `nurse_2019_03_04.txt`, `20190304.txt`. */
const dateInName = /(?:^|\D)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)/

export async function importFeatures(options: ImportOptions): Promise<ImportedChapter[]> {
  const { root } = options
  if (!existsSync(path.join(root, 'springboard.yaml'))) {
    throw new UsageError(`No springboard.yaml in ${root}`, 'Run the command in the book folder (the one with springboard.yaml and chapters/), or pass --root <folder>.')
  }
  if (options.date && !isRealIsoDate(options.date)) {
    throw new UsageError(`--date ${options.date} is not a date`, 'Write it as YYYY-MM-DD, e.g. --date 2026-03-02.')
  }
  const sources = await expandInputs(options.inputs)
  if (options.title !== undefined && sources.length > 1) {
    throw new UsageError(`--title names one chapter, but ${sources.length} files were given`, 'Import that file on its own with --title, and the others without it.')
  }
  const dates = await assignDates(sources, options)
  const organizations = loadOrganizations(root)
  const existing = new Map((await listChapterFiles(root)).map((file) => [chapterFileName.exec(path.basename(file))?.[2], file]))

  const decoded = await Promise.all(sources.map(async (source) => decodeFeature(await readFeatureFile(source))))
  // Boilerplate is learned from the book's own words and from what several features of this import share.
  const context = {
    book: await bookWords(root),
    recurring: recurringTexts(decoded.map(({ text }) => toUnits(cleanText(text).text).flatMap((unit) => (unit.kind === 'text' ? [unit.text] : [])))),
  }
  const planned = sources.map((source, index) => {
    const { text, encoding } = decoded[index]!
    const chapter = composeChapter(readStructure(text, context), { title: options.title, date: dates[index]!, organizations })
    const slug = toName(chapter.title ?? '') || toName(path.parse(source).name.replace(dateInName, ' ')) || 'imported'
    const file = path.join(root, 'chapters', `${dates[index]}-${slug}.md`)
    return { source, file, encoding, text: chapter.text, todos: chapter.todos, report: chapter.report, sameSlug: existing.get(slug) }
  })

  const hint = 'import never overwrites a chapter: give another --date or --title, or move the existing chapter away first.'
  const twice = planned.find((chapter, index) => planned.findIndex((other) => other.file === chapter.file) < index)
  if (twice) {
    const both = planned.filter((chapter) => chapter.file === twice.file).map((chapter) => path.basename(chapter.source))
    throw new UsageError(`${both.join(' and ')} would both become ${path.relative(root, twice.file)}; nothing was imported`, hint)
  }
  await writeChaptersAtOnce(root, planned, options.signal)
  return planned.map(({ text: _text, ...chapter }) => chapter)
}

/** Files as given, folders as their `*.txt` files by name. */
async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  if (inputs.length === 0) throw new UsageError('`import` needs a file or a folder of features', 'springboard import feature.txt [--title T] [--date YYYY-MM-DD]')
  const files: string[] = []
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined)
    if (!info) throw new UsageError(`${input} does not exist`, 'Check the path of the feature file or folder.')
    if (!info.isDirectory()) {
      files.push(input)
      continue
    }
    const names = (await readdir(input)).filter((name) => /\.te?xt$/i.test(name) && !name.startsWith('.')).sort()
    if (names.length === 0) throw new UsageError(`The folder ${input} holds no .txt files`, 'Save each feature as a plain text file (.txt) in the folder.')
    files.push(...names.map((name) => path.join(input, name)))
  }
  return files
}

/**
 * `--date` for the first file and a week apart for the rest; else the date
 * in each file's name; else a week apart after the newest chapter, existing
 * or dated in this import.
 */
async function assignDates(sources: readonly string[], options: ImportOptions): Promise<string[]> {
  if (options.date) return sources.map((_, index) => addWeeks(options.date!, index))
  const named = sources.map((source) => {
    const match = dateInName.exec(path.basename(source))
    const date = match && `${match[1]}-${match[2]}-${match[3]}`
    return date && isRealIsoDate(date) ? date : undefined
  })
  let next = await nextWeek(options.root, options.today ?? new Date())
  const newestNamed = named.filter(Boolean).sort().at(-1)
  if (newestNamed && addWeeks(newestNamed, 1) > next) next = addWeeks(newestNamed, 1)
  return named.map((date) => {
    if (date) return date
    const assigned = next
    next = addWeeks(next, 1)
    return assigned
  })
}
