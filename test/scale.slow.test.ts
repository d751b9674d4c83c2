/**
 * Issue 6, scale: ten years of weekly chapters (520) build as an EPUB and a
 * print PDF on these 2-core machines without running out of memory, and
 * EPUBCheck passes on the result. Slow (minutes): `npm run test:slow`,
 * which .ci/run runs after the main suite; `npm test` leaves it out.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateBook } from '../scripts/bench/generate.ts'
import { buildBook, type BuildResult } from '../src/build.ts'
import { runEpubcheck } from '../src/verify/index.ts'

const run = promisify(execFile)
let root: string
let result: BuildResult
let peakMiB: number

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'springboard-scale-'))
  await generateBook(520, root)
  // The 520-chapter volume alone (the book also makes one per year: issue 26).
  result = await buildBook({ root, formats: ['epub', 'pdf'], volume: 'complete' })
  peakMiB = Number(/VmHWM:\s+(\d+) kB/.exec(await import('node:fs/promises').then((fs) => fs.readFile('/proc/self/status', 'utf8')))![1]) / 1024
}, 1_800_000)

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** The complete volume's file ending in `suffix`: the generic EPUB, not a store edition (their names are longer). */
function completeFile(suffix: string): string {
  const files = result.written.map((file) => file.path).filter((file) => file.split(path.sep).includes('complete') && file.endsWith(suffix))
  return files.sort((a, b) => a.length - b.length)[0]!
}

describe('a 520-chapter volume', () => {
  it('builds the EPUB and the print PDFs', () => {
    expect(result.ok).toBe(true)
    const names = result.written.map((file) => path.basename(file.path))
    expect(names.some((name) => name.endsWith('.epub'))).toBe(true)
    expect(names.some((name) => name.endsWith('-print.pdf'))).toBe(true)
    // Far below the machine's 24 GiB: the process stays small.
    expect(peakMiB).toBeLessThan(4096)
  })

  it('passes EPUBCheck 5.1.0 with 0 errors and 0 warnings', async () => {
    const epub = completeFile('.epub')
    const report = await runEpubcheck(epub, '5.1.0')
    expect(report.messages).toEqual([])
    expect([report.fatals, report.errors, report.warnings]).toEqual([0, 0, 0])
  }, 600_000)

  it('prints every chapter: the print PDF has at least two pages per chapter', async () => {
    const pdf = completeFile('-print.pdf')
    const { stdout } = await run('pdfinfo', [pdf])
    expect(Number(/Pages:\s+(\d+)/.exec(stdout)![1])).toBeGreaterThanOrEqual(1040)
  })
})
