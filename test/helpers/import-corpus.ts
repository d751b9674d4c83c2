/**
 * Issue 24's measure: import every feature of a folder (`NAME.txt`) on its
 * own and compare the chapter, field by field, with the editor's expected
 * chapter beside it (`NAME.md`). Where the expected chapter says `TODO`,
 * the import is right only if it left a `TODO` there too (a guess is wrong).
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { parse } from 'yaml'
import { addWeeks } from '../../src/new.ts'
import { importFeatures, type ImportedChapter } from '../../src/import/index.ts'
import { makeBook, projectRoot } from './book.ts'

export const fields = [
  'title',
  'summary',
  'degree',
  'certifications',
  'salary',
  'competencies.count',
  'competencies.text',
  'resources.names',
  'resources.urls',
  'body',
] as const
export type Field = (typeof fields)[number]

export interface FieldResult {
  fixture: string
  field: Field
  ok: boolean
  expected: unknown
  actual: unknown
}

export interface CorpusRun {
  /** The book the features were imported into (one chapter per feature). */
  root: string
  imported: { fixture: string; chapter: ImportedChapter; text: string }[]
  results: FieldResult[]
}

/** A book like the sample: its title, subtitle, publisher and description, which import reads to tell the series' words from the feature's. */
async function bookConfig(): Promise<string> {
  const own = parse(await readFile(path.join(projectRoot, 'springboard.yaml'), 'utf8')) as Record<string, string>
  const fields = ['title', 'subtitle', 'publisher', 'description'].map((key) => `${key}: ${JSON.stringify(own[key])}`)
  return `${fields.join('\n')}\neditors:\n  - Test Editor\nlanguage: en-US\n`
}

export async function measureCorpus(folder: string, firstDate = '2026-03-02'): Promise<CorpusRun> {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.txt')).sort()
  const root = await makeBook({}, { config: await bookConfig() })
  const imported: CorpusRun['imported'] = []
  const results: FieldResult[] = []
  for (const [index, name] of names.entries()) {
    const fixture = name.replace(/\.txt$/, '')
    const [chapter] = await importFeatures({ root, inputs: [path.join(folder, name)], date: addWeeks(firstDate, index) })
    const text = await readFile(chapter!.file, 'utf8')
    imported.push({ fixture, chapter: chapter!, text })
    const expected = await readFile(path.join(folder, `${fixture}.md`), 'utf8')
    results.push(...compareChapters(fixture, expected, text))
  }
  return { root, imported, results }
}

interface Parsed {
  front: Record<string, any>
  sections: [string, string][]
}

function parseChapter(text: string): Parsed {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text.replace(/\r\n/g, '\n'))
  if (!match) return { front: {}, sections: [] }
  const sections: [string, string][] = []
  for (const part of match[2]!.split(/^## /m).slice(1)) {
    const [heading, ...rest] = part.split('\n')
    sections.push([heading!.trim(), clean(rest.join('\n'))])
  }
  return { front: (parse(match[1]!) as Record<string, any>) ?? {}, sections }
}

/** Markdown text as it reads: comments out, escapes undone, whitespace collapsed. */
function clean(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\\([\\`*_[\]<>~#+=|.)!-])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
}

const isTodo = (value: unknown) => typeof value === 'string' && /\bTODO\b/.test(value)

/** One value: `TODO` expected means a TODO left; otherwise the same text or number. */
function same(expected: unknown, actual: unknown): boolean {
  if (isTodo(expected)) return isTodo(actual)
  if (typeof expected === 'string' && typeof actual === 'string') return clean(expected) === clean(actual)
  return expected === actual
}

function sameList(expected: unknown[], actual: unknown[], compare = same): boolean {
  return expected.length === actual.length && expected.every((value, index) => compare(value, actual[index]))
}

/** Addresses compare as URLs: `https://www.nsgc.org` is `https://www.nsgc.org/`. */
function sameUrl(expected: unknown, actual: unknown): boolean {
  if (isTodo(expected) || isTodo(actual)) return isTodo(expected) && isTodo(actual)
  try {
    return new URL(String(expected)).href === new URL(String(actual)).href
  } catch {
    return false
  }
}

export function compareChapters(fixture: string, expectedText: string, actualText: string): FieldResult[] {
  const expected = parseChapter(expectedText)
  const actual = parseChapter(actualText)
  const e = expected.front
  const a = actual.front
  const list = (value: unknown) => (Array.isArray(value) ? value : value === undefined ? [] : [value])
  const salaryOf = (front: Record<string, any>) => ({ min: front.salary?.min, max: front.salary?.max, per: front.salary?.per ?? 'year' })
  const resources = (front: Record<string, any>) => list(front.resources) as { name?: unknown; url?: unknown }[]
  const checks: [Field, unknown, unknown, boolean][] = [
    ['title', e.title, a.title, same(e.title, a.title)],
    ['summary', e.summary, a.summary, same(e.summary, a.summary)],
    ['degree', e.degree, a.degree, same(e.degree, a.degree)],
    ['certifications', list(e.certifications), list(a.certifications), sameList(list(e.certifications), list(a.certifications))],
    [
      'salary',
      salaryOf(e),
      salaryOf(a),
      same(salaryOf(e).min, salaryOf(a).min) && same(salaryOf(e).max, salaryOf(a).max) && salaryOf(e).per === salaryOf(a).per,
    ],
    [
      'competencies.count',
      list(e.competencies).length,
      // One TODO item is no count at all: the field was left for an editor.
      list(a.competencies).every(isTodo) ? 'TODO' : list(a.competencies).length,
      list(e.competencies).length === list(a.competencies).length,
    ],
    ['competencies.text', list(e.competencies), list(a.competencies), sameList(list(e.competencies), list(a.competencies))],
    [
      'resources.names',
      resources(e).map((r) => r.name),
      resources(a).map((r) => r.name),
      sameList(resources(e).map((r) => r.name), resources(a).map((r) => r.name)),
    ],
    [
      'resources.urls',
      resources(e).map((r) => r.url),
      resources(a).map((r) => r.url),
      sameList(resources(e).map((r) => r.url), resources(a).map((r) => r.url), sameUrl),
    ],
    [
      'body',
      expected.sections,
      actual.sections,
      sameList(expected.sections, actual.sections, (x, y) => {
        const [eh, et] = x as [string, string]
        const [ah, at] = y as [string, string]
        return eh === ah && same(et, at)
      }),
    ],
  ]
  return checks.map(([field, expectedValue, actualValue, ok]) => ({ fixture, field, ok, expected: expectedValue, actual: actualValue }))
}

/** The accuracy, overall and per field, as a table to print. */
export function accuracyTable(title: string, results: readonly FieldResult[]): { accuracy: number; text: string } {
  const percent = (ok: number, all: number) => `${((100 * ok) / all).toFixed(1)} %`
  const right = results.filter((result) => result.ok).length
  const lines = [`${title}: ${right} of ${results.length} fields right (${percent(right, results.length)})`]
  for (const field of fields) {
    const of = results.filter((result) => result.field === field)
    const ok = of.filter((result) => result.ok).length
    lines.push(`  ${field.padEnd(20)} ${String(ok).padStart(3)} / ${of.length}  ${percent(ok, of.length)}`)
  }
  const wrong = results.filter((result) => !result.ok)
  // A field left as TODO stops check and an editor fills it in; a wrong value passes unseen.
  const flagged = wrong.filter((result) => JSON.stringify(result.actual).includes('TODO')).length
  if (wrong.length > 0) lines.push(`  wrong: ${wrong.length} (${flagged} left as TODO, which check stops on; ${wrong.length - flagged} with a wrong value)`)
  for (const result of wrong) {
    lines.push(`    ${result.fixture} ${result.field}: expected ${JSON.stringify(result.expected)}, got ${JSON.stringify(result.actual)}`)
  }
  return { accuracy: right / results.length, text: lines.join('\n') }
}

/**
 * What an editor does with each `TODO` line of an imported chapter (`name`
 * tells the chapters apart): a value in its place (a distinct address for
 * each `url`, a title of its own), a sentence for a section. After this,
 * `check` should have nothing left to say.
 */
export function fillTodos(chapter: string, name: string): string {
  let n = 0
  return chapter
    .split('\n')
    .map((line) => {
      if (!/\bTODO\b/.test(line)) return line
      n++
      const key = /^(\s*(?:- )?)(\w+):/.exec(line)
      if (!key) return /^\s*- TODO/.test(line) ? line.replace(/TODO.*$/, `Skill ${n}`) : 'Filled in by the editor.'
      const [, indent, field] = key
      const value: Record<string, string> = { url: `https://example.org/${name}/${n}`, min: '40000', max: '60000', degree: "Bachelor's degree" }
      return `${indent}${field}: ${value[field!] ?? `Filled in ${name} ${n}`}`
    })
    .join('\n')
}
