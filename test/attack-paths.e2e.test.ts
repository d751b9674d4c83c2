/**
 * Issue 22, the attack suite, end to end: the books of attack-paths.test.ts
 * that do build (a chapter linked from elsewhere inside the book, the build
 * cache a link to another folder, a rebuild after dist/ was restored) make
 * EPUBs that EPUBCheck 5.1.0 and 4.2.6 pass with nothing to say, and leave
 * no process behind.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runEpubcheck } from '../src/verify/index.ts'
import { makeBook, validChapter } from './helpers/book.ts'
import { runCli } from './helpers/cli.ts'
import { descendantProcesses, treeSnapshot } from './helpers/hostile.ts'

const temporary: string[] = []
let root: string
let victim: string
let victimBefore: string[]

beforeAll(async () => {
  root = await makeBook(
    { '2026-01-05-medical-records-director.md': validChapter() },
    { files: { 'drafts/nurse.md': validChapter({ published: '2026-01-12', title: 'Nurse' }) } },
  )
  victim = await mkdtemp(path.join(os.tmpdir(), 'springboard-attack-victim-'))
  temporary.push(root, victim)
  await mkdir(path.join(victim, 'chapters'))
  await writeFile(path.join(victim, 'chapters', 'keep.json'), '{"keep": true}')
  victimBefore = await treeSnapshot(victim)
  await symlink(path.join('..', 'drafts', 'nurse.md'), path.join(root, 'chapters', '2026-01-12-nurse.md'))
  await symlink(victim, path.join(root, '.springboard-cache'))
}, 60_000)

afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })))
})

describe('a book with a chapter linked inside it and its cache linked outside', () => {
  it('builds again after a failed write was undone; every EPUB passes EPUBCheck 5.1.0 and 4.2.6', async () => {
    const first = await runCli(['build', '--format', 'epub', '--root', root])
    expect(first.code, first.stderr).toBe(0)
    // A failed write (a folder in the way of the second file), undone; then the way is cleared and the build done again.
    await writeFile(path.join(root, 'chapters', '2026-01-19-pharmacist.md'), validChapter({ published: '2026-01-19', title: 'Pharmacist' }))
    const blocked = path.join(root, 'dist', 'complete', 'test-careers.epub')
    await rm(blocked)
    await mkdir(blocked)
    expect((await runCli(['build', '--format', 'epub', '--root', root])).code).toBe(2)
    await rm(blocked, { recursive: true })
    const second = await runCli(['build', '--format', 'epub', '--root', root])
    expect(second.code, second.stderr).toBe(0)

    const epubs = second.stdout.split('\n').flatMap((line) => /^Wrote (.+\.epub) \(/.exec(line)?.[1] ?? []).map((file) => path.resolve(file))
    // A book of one year is one volume, `complete` (no year volume of the same chapters), and this config names no store.
    expect(epubs).toEqual([path.join(root, 'dist', 'complete', 'test-careers.epub')])
    for (const epub of epubs) {
      expect((await readFile(epub)).subarray(0, 2).toString('latin1')).toBe('PK')
      for (const result of await Promise.all([runEpubcheck(epub, '5.1.0'), runEpubcheck(epub, '4.2.6')])) {
        expect(result.messages, `${epub} ${result.version}`).toEqual([])
        expect([result.fatals, result.errors, result.warnings]).toEqual([0, 0, 0])
      }
    }
    // The cache's link target kept its own file.
    expect(await treeSnapshot(victim)).toEqual(expect.arrayContaining(victimBefore))
  }, 600_000)
})

describe('afterwards', () => {
  it('no process is left behind (Chromium, Java): the last test of the file', async () => {
    await expect.poll(() => descendantProcesses(), { timeout: 30_000 }).toEqual([])
  })
})
