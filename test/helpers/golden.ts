/**
 * The golden-file runner shared by test/rule-fixtures.test.ts (the rules that are checked without an
 * external tool) and test/rule-fixtures.e2e.test.ts (those that need a laid-out page or the real
 * validators). The folders, their markers and `UPDATE_GOLDEN` are described in rule-fixtures.test.ts.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, expect, it } from 'vitest'
import { buildBook, lintBook, type Format } from '../../src/build.ts'
import { loadConfig } from '../../src/config/index.ts'
import { formatFlatMessages, formatMessages } from '../../src/report/messages.ts'
import { rules, type RuleCode } from '../../src/report/rules.ts'
import { verifyOutputs } from '../../src/verify/index.ts'
import { validConfig } from './book.ts'

export const goldenDir = path.join(import.meta.dirname, '../fixtures/rules')
const update = process.env.UPDATE_GOLDEN === '1'
export const folders = readdirSync(goldenDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
/** Files of a golden folder that are not part of the book. */
const notInBook = new Set(['expected.txt', 'build', 'verify', 'release', 'week'])

const marker = (code: string, name: 'build' | 'release' | 'verify' | 'week') => path.join(goldenDir, code, name)
const buildFormats = (code: string): Format[] | undefined =>
  existsSync(marker(code, 'build')) ? (readFileSync(marker(code, 'build'), 'utf8').split(/\s+/).filter(Boolean) as Format[]) : undefined

/**
 * Whether a folder needs the real tools: `verify` runs EPUBCheck, Ace, poppler, qpdf and Ghostscript on
 * whatever dist/ holds, and a build of anything but the EPUB lays pages out in Chromium.
 */
export function needsTools(code: string): boolean {
  return existsSync(marker(code, 'verify')) || (buildFormats(code) ?? []).some((format) => format !== 'epub')
}

/** What springboard prints for the golden folder `code`, run in a copy of it (under `roots`, removed after the file's tests). */
async function run(code: string, roots: string[]): Promise<string> {
  const golden = path.join(goldenDir, code)
  const root = await mkdtemp(path.join(os.tmpdir(), `springboard-golden-${code}-`))
  roots.push(root)
  await cp(golden, root, { recursive: true, filter: (source) => !notInBook.has(path.relative(golden, source)) })
  if (!existsSync(path.join(root, 'springboard.yaml'))) await writeFile(path.join(root, 'springboard.yaml'), validConfig)

  if (existsSync(marker(code, 'verify'))) {
    await zipEpubFolders(path.join(root, 'dist'))
    const { config, file } = await loadConfig(root)
    if (!config) return `${formatMessages([file], root)}\n`
    // With chapters, the fidelity audit runs on the EPUBs and print interiors too (src/verify/fidelity.ts).
    const chapters = existsSync(path.join(root, 'chapters')) ? (await lintBook(root)).chapters : undefined
    const lines = await verifyOutputs(path.join(root, 'dist'), config, undefined, chapters)
    return `${formatFlatMessages(lines.flatMap((line) => line.messages), root)}\n`
  }
  const build = buildFormats(code)
  const release = existsSync(marker(code, 'release')) ? (await readFile(marker(code, 'release'), 'utf8')).trim() : undefined
  // `week` holds a date: the weekly release of that date's week (`build --week`), its EPUB only.
  const week = existsSync(marker(code, 'week')) ? (await readFile(marker(code, 'week'), 'utf8')).trim() : undefined
  const result = release
    ? await buildBook({ root, formats: [], volume: release, release: true })
    : week
      ? await buildBook({ root, formats: ['epub'], week })
      : build
        ? await buildBook({ root, formats: build })
        : await lintBook(root)
  return `${formatMessages(result.files, root)}\n`
}

/** One test per folder in `codes`: springboard's output for it is expected.txt, exactly. */
export function goldenTests(codes: readonly string[]): void {
  const roots: string[] = []
  afterAll(async () => {
    await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
  })
  for (const code of codes) {
    const rule = rules.get(code as RuleCode)
    const golden = path.join(goldenDir, code)
    const slow = ['build', 'verify', 'release', 'week'].some((name) => existsSync(marker(code, name as 'build')))
    it(`${code}: ${rule?.description ?? '(not in the catalogue)'}`, async () => {
      const actual = await run(code, roots)
      const expectedFile = path.join(golden, 'expected.txt')
      if (update) await writeFile(expectedFile, actual)
      expect(actual).toBe(await readFile(expectedFile, 'utf8'))
      // The folder breaks its own rule, with the catalogue's severity and a hint.
      expect(actual).toMatch(new RegExp(`^\\S+:\\d+:\\d+: ${rule!.severity} .+ \\[${code}\\]\\n {4}hint: \\S`, 'm'))
    }, slow ? 240_000 : undefined)
  }
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
