/**
 * `springboard verify` runs the stores' validators on dist/: it passes a
 * good book and fails a damaged one, naming the file and the check.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './helpers/cli.ts'
import { makeBook, validChapter } from './helpers/book.ts'

let root: string
const epub = () => path.join(root, 'dist/complete/test-careers.epub')

beforeAll(async () => {
  root = await makeBook({ '2026-01-05-medical-records-director.md': validChapter() })
  expect((await runCli(['build', '--root', root, '--format', 'epub', '--volume', 'complete', '--quiet'])).code).toBe(0)
}, 120_000)

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('springboard verify', () => {
  it('passes a good book: EPUBCheck 5.1.0 and 4.2.6, Ace', async () => {
    const run = await runCli(['verify', '--root', root])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^ok {3}.*test-careers\.epub: EPUBCheck 5\.1\.0: 0 fatal, 0 errors, 0 warnings$/m)
    expect(run.stdout).toMatch(/^ok {3}.*test-careers\.epub: EPUBCheck 4\.2\.6: 0 fatal, 0 errors, 0 warnings$/m)
    expect(run.stdout).toMatch(/^ok {3}.*test-careers\.epub: Ace by DAISY: \d+ violations, 0 critical or serious$/m)
    expect(run.stdout).toMatch(/^3 passed, 0 failed$/m)
  }, 180_000)

  it('fails a damaged EPUB, naming the file, the check and the message', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'springboard-verify-'))
    try {
      await mkdir(path.join(out, 'complete'))
      const zip = await JSZip.loadAsync(await readFile(epub()))
      const name = 'OEBPS/ch-medical-records-director.xhtml'
      zip.file(name, (await zip.file(name)!.async('string')).replace('</body>', '<p>unclosed</body>'))
      await writeFile(path.join(out, 'complete/damaged.epub'), await zip.generateAsync({ type: 'nodebuffer', mimeType: 'application/epub+zip' }))
      const run = await runCli(['verify', '--root', root, '--out', out])
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(/^FAIL .*damaged\.epub: EPUBCheck 5\.1\.0: \d+ fatal, \d+ errors/m)
      expect(run.stdout).toMatch(/RSC-016|RSC-005/)
      expect(run.stdout).toMatch(/^\d+ passed, [1-9]\d* failed$/m)
    } finally {
      await rm(out, { recursive: true, force: true })
    }
  }, 180_000)
})
