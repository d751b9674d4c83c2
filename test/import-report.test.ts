/**
 * Issue 24: after writing the chapters, `import` says where each part went
 * (the source lines, and how sure it was: by its label, from its content or
 * position, or not found → TODO), lists what it left out and why, and turns
 * what it is unsure of into a TODO with the candidate in a comment, which
 * `check` stops on. `--format json` gives the same report.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { ImportReport } from '../src/import/report.ts'
import { lintBook } from '../src/lint.ts'
import { flattenMessages } from '../src/report/messages.ts'
import { makeBook } from './helpers/book.ts'
import { runCli } from './helpers/cli.ts'

const fixtures = path.join(import.meta.dirname, 'fixtures/import')
const folders: string[] = []
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })))
})

async function book(): Promise<string> {
  const root = await makeBook({})
  folders.push(root)
  return root
}

async function features(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'springboard-features-'))
  folders.push(folder)
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(folder, name), text)
  return folder
}

interface JsonChapter {
  source: string
  file: string
  report: ImportReport
}

async function importJson(inputs: string[], root: string): Promise<JsonChapter[]> {
  const run = await runCli(['import', ...inputs, '--date', '2026-03-02', '--root', root, '--format', 'json'])
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  return JSON.parse(run.stdout) as JsonChapter[]
}

describe('the import report', () => {
  it('gives, as JSON, the source lines of each field and section and how each was found, and what was left out', async () => {
    const root = await book()
    const [chapter] = await importJson([path.join(fixtures, '01-genetic-counselor.txt')], root)
    const { fields, sections, unused, todos } = chapter!.report
    const field = (name: string) => fields.find((entry) => entry.name === name)
    expect(field('title')).toEqual({ name: 'title', value: 'Genetic Counselor', how: 'position', lines: [{ from: 4, to: 4 }] })
    expect(field('salary')).toMatchObject({ value: '$64,000–$114,000 a year', how: 'label', label: 'Pay', lines: [{ from: 19, to: 19 }] })
    expect(field('competencies')).toMatchObject({ value: '5 items', how: 'label', label: 'Key skills', lines: [{ from: 12, to: 12 }, { from: 13, to: 13 }, { from: 14, to: 14 }, { from: 15, to: 15 }, { from: 16, to: 16 }, { from: 17, to: 17 }] })
    expect(sections.map((entry) => [entry.name, entry.how, entry.label])).toEqual([
      ['## Description', 'label', 'What they do'],
      ['## Education', 'label', 'Education required'],
      ['## Salary', 'label', 'Pay'],
      ['## Outlook', 'label', 'Job outlook'],
    ])
    expect(unused.map((entry) => [entry.lines.from, entry.why])).toEqual([
      [1, 'newsletter header'],
      [27, '\u00A9 footer'],
    ])
    expect(todos).toEqual([])
  })

  it('prints the same as text under each chapter, with each TODO at its line in the chapter', async () => {
    const root = await book()
    const run = await runCli(['import', path.join(fixtures, '02-registered-dietitian.txt'), '--date', '2026-03-02', '--root', root])
    expect(run.code).toBe(0)
    const chapter = await readFile(path.join(root, 'chapters/2026-03-02-registered-dietitian.md'), 'utf8')
    const todoLines = chapter.split('\n').flatMap((line, index) => (line.includes('TODO') ? [index + 1] : []))
    expect(todoLines).toHaveLength(2)
    expect(run.stdout).toMatch(/^Wrote .*2026-03-02-registered-dietitian\.md \(from .*, read as Windows-1252\)$/m)
    expect(run.stdout).toMatch(/^ {4}title {11}Registered Dietitian +line 3 +by its label "CAREER OF THE WEEK"$/m)
    expect(run.stdout).toMatch(/^ {4}left out {8}line 1 +newsletter header: "Health Careers Bulletin · Week of March 11"$/m)
    expect(run.stdout).toMatch(/line 5 +series blurb: "Each week the Bulletin looks at one job/)
    for (const line of todoLines) expect(run.stdout).toMatch(new RegExp(`^ {4}TODO at line ${line}: the address of ".*" was cut off`, 'm'))
    expect(run.stdout).toMatch(/^2 TODOs left/m)
  })

  it('makes what it is unsure of a TODO with the candidate in a comment, never content, and check stops on it at its line', async () => {
    const root = await book()
    const feature = [
      'Genetic Counselor',
      '',
      'Genetic counselors assess the risk that a family has an inherited condition. They explain test results to patients.',
      '',
      "Counselors need a master's degree in genetic counseling and pass a board exam to earn the Certified Genetic Counselor (CGC) credential.",
      '',
      'Key skills:',
      '- Compassion',
      '- Listening',
      '',
      'Genetic counselors earn $64,000 to $114,000 a year.',
      '',
      'Employment is projected to grow 21 percent over the decade.',
      '',
      'Learn more:',
      '- National Society of Genetic Counselors (https://www.nsgc.org)',
      '',
      'Our thanks to the clinic staff who showed us around their genetics department for this profile.',
    ].join('\n')
    const folder = await features({ 'feature.txt': feature })
    const [chapter] = await importJson([path.join(folder, 'feature.txt')], root)
    expect(chapter!.report.unsure).toEqual([{ lines: { from: 18, to: 18 }, text: expect.stringMatching(/^Our thanks/), section: '## Outlook', why: expect.stringMatching(/position only/) }])
    const text = await readFile(path.resolve(chapter!.file), 'utf8')
    const body = text.split('\n---\n')[1]!
    // The candidate is in a comment, never in the text the book prints.
    expect(body.replace(/<!--[\s\S]*?-->/g, '')).not.toContain('Our thanks')
    const todoLine = text.split('\n').findIndex((line) => /^TODO <!-- .*Our thanks to the clinic staff/.test(line)) + 1
    expect(todoLine).toBeGreaterThan(0)
    expect(chapter!.report.todos.map((todo) => todo.line)).toEqual([todoLine])
    const messages = flattenMessages((await lintBook(root)).files, root)
    expect(messages.map((message) => [message.line, message.rule])).toEqual([[todoLine, 's-006']])
  })

  it('says an address was never given, rather than cut off, when the line has no "("', async () => {
    const root = await book()
    const [chapter] = await importJson([path.join(fixtures, '08-physician-assistant.txt')], root)
    const todos = chapter!.report.todos.map((todo) => todo.text)
    expect(todos).toHaveLength(3)
    for (const todo of todos) expect(todo).toMatch(/^no address for ".*" in the text/)
    const text = await readFile(path.resolve(chapter!.file), 'utf8')
    expect(text).not.toContain('cut off')
    expect(parse(text.split('\n---\n')[0]!.slice(4)).resources[0]).toEqual({ name: 'American Academy of Physician Assistants', url: 'TODO' })
  })
})

describe('a folder of features from one newsletter', () => {
  const footer = 'Brought to you by the Allied Health Club of Springfield, every Monday.'
  const feature = (career: string, plural: string) =>
    [
      career,
      '',
      `${plural} work in hospitals and clinics, caring for patients every day of the week.`,
      '',
      `${plural} need an associate's degree from an accredited program.`,
      '',
      '- Compassion',
      '- Stamina',
      '',
      `${plural} earn $40,000 to $60,000 a year.`,
      '',
      'Employment is projected to grow 10 percent over the decade.',
      '',
      '- American Hospital Association (https://www.aha.org)',
      '',
      footer,
    ].join('\n')

  it('learns the footer the features share and leaves it out of each, saying why; the same feature twice is not learned from', async () => {
    const root = await book()
    const folder = await features({ 'a.txt': feature('Phlebotomist', 'Phlebotomists'), 'b.txt': feature('Audiologist', 'Audiologists') })
    const chapters = await importJson([folder], root)
    expect(chapters.map((chapter) => path.basename(chapter.file))).toEqual(['2026-03-02-phlebotomist.md', '2026-03-09-audiologist.md'])
    for (const chapter of chapters) {
      expect(chapter.report.unused).toEqual([{ lines: { from: 16, to: 16 }, text: footer, why: 'in other features of this import too' }])
      expect(chapter.report.todos).toEqual([])
      expect(await readFile(path.resolve(chapter.file), 'utf8')).not.toContain('Allied Health Club')
    }
    // Alone, the footer is not known to be boilerplate: it is placed, but only as an unsure TODO.
    const [alone] = await importJson([path.join(folder, 'a.txt'), '--date', '2027-01-04'], await book())
    expect(alone!.report.unsure.map((entry) => entry.text)).toEqual([footer])

    // The same feature twice shares every paragraph: nothing is learned from it, and both chapters are whole.
    const twice = await features({ 'a.txt': feature('Phlebotomist', 'Phlebotomists'), 'b.txt': feature('Phlebotomist', 'Phlebotomists') })
    const both = await importJson([twice], await book())
    for (const chapter of both) {
      expect(chapter.report.sections.map((section) => section.how)).toEqual(['position', 'content', 'content', 'content'])
      expect(chapter.report.unsure.map((entry) => entry.text)).toEqual([footer])
    }
    expect(await readdir(twice)).toEqual(['a.txt', 'b.txt'])
  })
})
