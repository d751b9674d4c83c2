/**
 * `springboard verify` runs the stores' validators on dist/: it passes a
 * good book and fails a damaged one, naming the check and each finding in
 * the shape of content messages (`file:line:col: error text [code]`).
 * The exact messages of each verify rule are golden files
 * (test/fixtures/rules/o-*, test/rule-fixtures.test.ts).
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

/** Every line of verify's output: a check's status, a finding in the shape of content messages, its hint, the summary. */
const shapes = [
  /^(ok {2}|FAIL) \S.*: .+: .+$/,
  /^\S+:\d+:\d+: (error|warning) .+ \[[ao]-\d{3}\]$/,
  /^ {4}hint: \S/,
  /^\d+ passed, \d+ failed$/,
]

function expectShape(stdout: string): void {
  const lines = stdout.split('\n')
  for (const line of lines) expect(shapes.some((shape) => shape.test(line)), line).toBe(true)
  // CI reads the summary from the last line.
  expect(lines.at(-1)).toMatch(shapes[3]!)
}

describe('springboard verify', () => {
  it('passes a good book: EPUBCheck 5.1.0 and 4.2.6, Ace', async () => {
    const run = await runCli(['verify', '--root', root], root)
    expect(run.code).toBe(0)
    expectShape(run.stdout)
    expect(run.stdout).toMatch(/^ok {3}dist\/complete\/test-careers\.epub: EPUBCheck 5\.1\.0: 0 fatal, 0 errors, 0 warnings$/m)
    expect(run.stdout).toMatch(/^ok {3}dist\/complete\/test-careers\.epub: EPUBCheck 4\.2\.6: 0 fatal, 0 errors, 0 warnings$/m)
    expect(run.stdout).toMatch(/^ok {3}dist\/complete\/test-careers\.epub: Ace by DAISY: \d+ violations, 0 critical or serious$/m)
    // The fidelity audit of the EPUB against the book's chapters (src/verify/fidelity.ts).
    expect(run.stdout).toMatch(/^ok {3}dist\/complete\/test-careers\.epub: fidelity audit: 1 chapter, 0 problems$/m)
    expect(run.stdout).not.toMatch(/: error /)
    expect(run.stdout.split('\n').at(-1)).toBe('4 passed, 0 failed')
  }, 180_000)

  it('fails a damaged EPUB with positioned messages inside it: the file, line and column, EPUBCheck\'s id, a code, a hint', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'springboard-verify-'))
    try {
      await mkdir(path.join(out, 'complete'))
      const zip = await JSZip.loadAsync(await readFile(epub()))
      const name = 'OEBPS/ch-medical-records-director.xhtml'
      const damaged = (await zip.file(name)!.async('string')).replace('</body>', '<p>unclosed</body>')
      zip.file(name, damaged)
      await writeFile(path.join(out, 'complete/damaged.epub'), await zip.generateAsync({ type: 'nodebuffer', mimeType: 'application/epub+zip' }))
      const run = await runCli(['verify', '--root', root, '--out', out], out)
      expect(run.code).toBe(1)
      expectShape(run.stdout)
      expect(run.stdout).toMatch(/^FAIL complete\/damaged\.epub: EPUBCheck 5\.1\.0: 1 fatal, \d+ errors, \d+ warnings$/m)
      // The unclosed <p> is found where the body ends, on the line that holds it.
      const line = damaged.split('\n').findIndex((text) => text.includes('<p>unclosed</body>')) + 1
      const fatal = new RegExp(`^complete/damaged\\.epub/${name.replace(/\./g, '\\.')}:${line}:\\d+: error EPUBCheck 5\\.1\\.0 fatal RSC-016: .+ \\[o-001\\]\\n {4}hint: \\S`, 'm')
      expect(run.stdout).toMatch(fatal)
      expect(run.stdout).toMatch(/^complete\/damaged\.epub:1:1: error Ace by DAISY could not check the EPUB: .*tag mismatch.* \[o-005\]$/m)
      // The chapter's text is whole (the damage is after it): the fidelity audit passes.
      expect(run.stdout).toMatch(/^ok {3}complete\/damaged\.epub: fidelity audit: 1 chapter, 0 problems$/m)
      expect(run.stdout.split('\n').at(-1)).toBe('1 passed, 3 failed')
    } finally {
      await rm(out, { recursive: true, force: true })
    }
  }, 180_000)
})
