/**
 * Golden files: every rule in the catalogue has a folder in
 * test/fixtures/rules/<code>/ that breaks exactly that rule. The folder is a
 * small book (chapters/, and springboard.yaml, assets/ or dist/ when the
 * rule needs them; the test config is used when it has none), and
 * expected.txt is what springboard prints for it, exactly: every message
 * with its line and column, paths relative to the folder. Remove a rule's
 * check, or move one of its messages, and its test fails; a rule without a
 * folder fails the first test.
 *
 * Markers: a file `build` lists the formats to build (rules only a laid-out
 * page can break); a file `release` names the volume to release (rules only a
 * release checks); a file `verify` runs `springboard verify` on the
 * folder's dist/, where each `*.epub` folder is zipped into an EPUB first.
 *
 * `UPDATE_GOLDEN=1 npx vitest run test/rule-fixtures.test.ts` rewrites the
 * expected files; read the diff before committing it. README.md in the
 * fixtures folder says how the binary fixtures were made.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, describe, expect, it } from 'vitest'
import { buildBook, lintBook, type Format } from '../src/build.ts'
import { loadConfig } from '../src/config/index.ts'
import { flattenMessages, formatFlatMessages, formatMessages } from '../src/report/messages.ts'
import { rules, type RuleCode } from '../src/report/rules.ts'
import { verifyOutputs } from '../src/verify/index.ts'
import { makeBook, validChapter, validConfig } from './helpers/book.ts'

const goldenDir = path.join(import.meta.dirname, 'fixtures/rules')
const update = process.env.UPDATE_GOLDEN === '1'
const folders = readdirSync(goldenDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
/** Files of a golden folder that are not part of the book. */
const notInBook = new Set(['expected.txt', 'build', 'verify', 'release'])
const chart = await readFile(path.join(import.meta.dirname, 'fixtures/chart.png'))

const roots: string[] = []

afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
})

/** What springboard prints for the golden folder `code`, run in a copy of it. */
async function run(code: string): Promise<string> {
  const golden = path.join(goldenDir, code)
  const root = await mkdtemp(path.join(os.tmpdir(), `springboard-golden-${code}-`))
  roots.push(root)
  await cp(golden, root, { recursive: true, filter: (source) => !notInBook.has(path.relative(golden, source)) })
  if (!existsSync(path.join(root, 'springboard.yaml'))) await writeFile(path.join(root, 'springboard.yaml'), validConfig)

  if (existsSync(path.join(golden, 'verify'))) {
    await zipEpubFolders(path.join(root, 'dist'))
    const { config, file } = await loadConfig(root)
    if (!config) return `${formatMessages([file], root)}\n`
    const lines = await verifyOutputs(path.join(root, 'dist'), config)
    return `${formatFlatMessages(lines.flatMap((line) => line.messages), root)}\n`
  }
  const build = existsSync(path.join(golden, 'build'))
    ? ((await readFile(path.join(golden, 'build'), 'utf8')).split(/\s+/).filter(Boolean) as Format[])
    : undefined
  const release = existsSync(path.join(golden, 'release')) ? (await readFile(path.join(golden, 'release'), 'utf8')).trim() : undefined
  const result = release
    ? await buildBook({ root, formats: [], volume: release, release: true })
    : build
      ? await buildBook({ root, formats: build })
      : await lintBook(root)
  return `${formatMessages(result.files, root)}\n`
}

/** Every `*.epub` folder under `dir` becomes an EPUB file of that name: `mimetype` first and stored, as OCF asks. */
async function zipEpubFolders(dir: string): Promise<void> {
  if (!existsSync(dir)) return
  for (const name of (await readdir(dir, { recursive: true })).map(String).sort()) {
    const folder = path.join(dir, name)
    if (!name.endsWith('.epub') || !(await stat(folder)).isDirectory()) continue
    const zip = new JSZip()
    zip.file('mimetype', await readFile(path.join(folder, 'mimetype')), { compression: 'STORE' })
    for (const entry of (await readdir(folder, { recursive: true })).map(String).sort()) {
      const file = path.join(folder, entry)
      if (entry === 'mimetype' || !(await stat(file)).isFile()) continue
      // `x.bytes` holding a number: an entry `x` of that many bytes that do not compress (a store's size limit).
      if (entry.endsWith('.bytes')) {
        const size = Number(await readFile(file, 'utf8'))
        zip.file(entry.slice(0, -'.bytes'.length).split(path.sep).join('/'), incompressible(size), { compression: 'STORE' })
        continue
      }
      zip.file(entry.split(path.sep).join('/'), await readFile(file), { compression: 'DEFLATE' })
    }
    const data = await zip.generateAsync({ type: 'nodebuffer' })
    await rm(folder, { recursive: true })
    await writeFile(folder, data)
  }
}

/** `size` bytes that look random, the same every run: SHA-256 of a counter. */
function incompressible(size: number): Buffer {
  const blocks: Buffer[] = []
  for (let index = 0; index * 32 < size; index++) blocks.push(createHash('sha256').update(String(index)).digest())
  return Buffer.concat(blocks).subarray(0, size)
}

describe('rule fixtures (golden files)', () => {
  it('every rule in the catalogue has a golden folder, and every folder is a rule', () => {
    const missing = [...rules.values()].filter((rule) => !rule.retired && !folders.includes(rule.code)).map((rule) => rule.code)
    expect(missing).toEqual([])
    expect(folders.filter((folder) => !rules.has(folder as RuleCode))).toEqual([])
  })

  for (const code of folders) {
    const rule = rules.get(code as RuleCode)
    const golden = path.join(goldenDir, code)
    const slow = ['build', 'verify', 'release'].some((marker) => existsSync(path.join(golden, marker)))
    it(`${code}: ${rule?.description ?? '(not in the catalogue)'}`, async () => {
      const actual = await run(code)
      const expectedFile = path.join(golden, 'expected.txt')
      if (update) await writeFile(expectedFile, actual)
      expect(actual).toBe(await readFile(expectedFile, 'utf8'))
      // The folder breaks its own rule, with the catalogue's severity and a hint.
      expect(actual).toMatch(new RegExp(`^\\S+:\\d+:\\d+: ${rule!.severity} .+ \\[${code}\\]\\n {4}hint: \\S`, 'm'))
    }, slow ? 240_000 : undefined)
  }
})

describe('the valid base book', () => {
  it('has no messages at all', async () => {
    const root = await makeBook({ '2026-01-05-medical-records-director.md': validChapter() }, { files: { 'assets/chart.png': chart } })
    roots.push(root)
    expect(flattenMessages((await lintBook(root)).files, root)).toEqual([])
  })
})

describe('a book with no chapters at all', () => {
  it('is v-005 on the config, at its start: the book has no file of its own', async () => {
    const root = await makeBook({})
    roots.push(root)
    expect(formatMessages((await lintBook(root)).files, root)).toMatch(/^springboard\.yaml:1:1: error No chapters: chapters\/ has no \.md files \[v-005\]$/m)
  })
})

describe('nesting far beyond the tools', () => {
  // 2,000 deep: 20,000 on one line is longer than a block may be (f-021, test/attack-input.test.ts).
  it('raw HTML nested 2,000 deep is content error s-007 at the first tag past 500 levels, not a crash', async () => {
    const deep = `<div>${'<span>'.repeat(2_000)}deep${'</span>'.repeat(2_000)}</div>`
    const text = validChapter({ append: `\n${deep}\n` })
    const root = await makeBook({ '2026-01-05-medical-records-director.md': text })
    roots.push(root)
    const messages = flattenMessages((await lintBook(root)).files, root).filter((message) => message.rule === 's-007')
    // The chapter's root is level 1 and the div level 2: the 499th span is level 501.
    const line = text.split('\n').indexOf(deep) + 1
    const column = '<div>'.length + 498 * '<span>'.length + 1
    expect(messages.map(({ line, column }) => ({ line, column }))).toEqual([{ line, column }])
  }, 60_000)
})
