/**
 * Issue 22, the input half, as an attacker (or a hurried editor) would try
 * it: YAML bombs, control characters written as escapes, terminal escapes
 * meant for the screen, import inputs that are not text or not files, a
 * disk that fills half-way through an import, and chapters whose size or
 * shape would make the Markdown parser work for minutes. Each gets a
 * located message or a clear exit 2, and nothing is half written. No
 * browser, Java or Ghostscript here: the chapters with problems never reach
 * the handout layout, and the valid ones are checked with lintBook.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, statfs, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { lintBook } from '../src/build.ts'
import { processTag } from '../src/process/tree.ts'
import { formatFlatMessages, visible } from '../src/report/messages.ts'
import { makeBook, validBody, validChapter, validConfig, validFrontMatter } from './helpers/book.ts'
import { positionOf, runCli } from './helpers/cli.ts'
import { canMountTmpfs, deadPid, withTmpfs } from './helpers/machine.ts'
import { checkForLeftoverProcesses } from './helpers/orphans.ts'

checkForLeftoverProcesses()

const example = await readFile(path.join(import.meta.dirname, 'fixtures/import/director-of-medical-records.txt'), 'utf8')
const chapterName = '2026-01-05-medical-records-director.md'

const folders: string[] = []
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })))
})

async function book(chapters: Record<string, string | Uint8Array> = {}, options: Parameters<typeof makeBook>[1] = {}): Promise<string> {
  const root = await makeBook(chapters, options)
  folders.push(root)
  return root
}

async function tempFolder(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'springboard-attack-'))
  folders.push(folder)
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(folder, name), content)
  return folder
}

/** Every message of a lint, as `rule line:column`. */
async function lintMessages(root: string): Promise<string[]> {
  const result = await lintBook(root)
  return result.files.flatMap((file) => file.messages.map((message) => `${message.ruleId} ${message.line}:${message.column}`))
}

/** Nine aliases of nine aliases, nine deep: a billion values from ten lines. */
const aliasBomb = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n')

describe('YAML bombs (defect 6)', () => {
  it('an alias bomb in the front matter is a message at its first alias, with the limit (m-020), not exit 70', async () => {
    const text = validChapter({ extraFrontMatter: aliasBomb })
    const root = await book({ [chapterName]: text })
    const run = await runCli(['check', '--no-layout', '--root', root])
    expect(run.code).toBe(1)
    const at = positionOf(text, '*a0')
    expect(run.stderr).toContain(`chapters/${chapterName}:${at.line}:${at.column}: error The front matter's aliases (\`*name\`) repeat more than 100 values [m-020]`)
    expect(run.stderr).not.toMatch(/internal error|ReferenceError/)
  })

  it('an alias bomb in springboard.yaml is c-020 at its first alias', async () => {
    const config = `${validConfig}${aliasBomb}\n`
    const root = await book({ [chapterName]: validChapter() }, { config })
    const run = await runCli(['check', '--no-layout', '--root', root])
    expect(run.code).toBe(1)
    const at = positionOf(config, '*a0')
    expect(run.stderr).toContain(`springboard.yaml:${at.line}:${at.column}: error The config's aliases (\`*name\`) repeat more than 100 values [c-020]`)
  })

  it('an alias before its anchor is a syntax error at the alias (m-002), not exit 70', async () => {
    const text = validChapter({ frontMatter: validFrontMatter().replace('category: Health Information', 'category: *later\nlater: &later x') })
    const root = await book({ [chapterName]: text })
    const at = positionOf(text, '*later')
    expect(await lintMessages(root)).toEqual([`m-002 ${at.line}:${at.column}`])
  })

  it('a few aliases, as a config or front matter might use, still pass', async () => {
    const extra = `x-anchor: &name Health\n${Array.from({ length: 5 }, (_, i) => `x${i}: *name`).join('\n')}`
    const root = await book({ [chapterName]: validChapter({ extraFrontMatter: extra }) })
    // Unknown fields, each reported: the aliases themselves are fine.
    expect((await lintMessages(root)).every((message) => message.startsWith('m-005'))).toBe(true)
  })
})

describe('control characters and terminal escapes (defect 6)', () => {
  it('a control character written as a YAML escape in a url is removed and reported at the value (x-001), as a literal one is', async () => {
    const text = validChapter({ frontMatter: validFrontMatter().replace('url: https://www.ahima.org/', 'url: "https://www.ahima.org/\\x01"') })
    const root = await book({ [chapterName]: text })
    const result = await lintBook(root)
    const at = positionOf(text, '"https://www.ahima.org/\\x01"')
    expect(result.files.flatMap((file) => file.messages.map((message) => `${message.ruleId} ${message.line}:${message.column} ${message.fatal ? 'error' : 'warning'}`))).toEqual([`x-001 ${at.line}:${at.column} warning`])
    expect(result.chapters[0]!.chapter.meta.resources[1]!.url).toBe('https://www.ahima.org/')
  })

  it('"\\e[2J" in a title and in a key: removed where it is a value, and never printed raw', async () => {
    const text = validChapter({ frontMatter: validFrontMatter({ title: '"Medical \\e[2JRecords Director"' }).replace('category:', '"\\e[31mred": 1\ncategory:') })
    const root = await book({ [chapterName]: text })
    const run = await runCli(['check', '--no-layout', '--root', root])
    expect(run.code).toBe(1)
    expect(`${run.stdout}${run.stderr}`).not.toContain('\u001b')
    expect(run.stderr).toContain(`chapters/${chapterName}:2:8: warning Removed the character U+001B, written as a YAML escape: XML cannot carry it [x-001]`)
    expect(run.stderr).toContain(':5:1: error `[31mred` is not a front matter field [m-005]')
  })

  it('shows every terminal escape as \\u001b: in messages, in a file name, in an argument echoed back', async () => {
    expect(formatFlatMessages([{ file: 'chapters/a\u001b[2J.md', line: 1, column: 1, severity: 'error', message: 'x \u001b]0;title\u0007 y\r', rule: 'f-003', hint: 'h\u009b2J' }], '/')).toBe(
      'chapters/a\\u001b[2J.md:1:1: error x \\u001b]0;title\\u0007 y\\u000d [f-003]\n    hint: h\\u009b2J',
    )
    expect(visible('tab\tand\nline stay')).toBe('tab\tand\nline stay')

    const root = await book({ [chapterName]: validChapter(), '2026-01-12-\u001b[2Jnurse.md': validChapter({ published: '2026-01-12', title: 'Nurse' }) })
    const named = await runCli(['check', '--no-layout', '--root', root])
    expect(named.stderr).toContain('chapters/2026-01-12-\\u001b[2Jnurse.md:1:1: error The file name `2026-01-12-\\u001b[2Jnurse.md` does not follow')
    const format = await runCli(['build', '--root', root, '--format', 'epub,\u001b[2J'])
    expect(format.code).toBe(2)
    expect(format.stderr).toContain('Unknown format `\\u001b[2J`')
    for (const run of [named, format]) expect(`${run.stdout}${run.stderr}`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
  })
})

describe('import refuses what is not a plain text file (defect 5)', () => {
  const refusals: [string, string | Uint8Array, RegExp][] = [
    ['NUL bytes', `${example.slice(0, 200)}\u0000${example.slice(200)}`, /is not plain text: it holds NUL bytes \(the first at byte 200\)/],
    ['a binary file (a PNG)', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), /is not plain text: it holds NUL bytes \(the first at byte 8\)/],
    ['a PDF', '%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n', /is not plain text: it is a PDF/],
    ['a Word document', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]), /it is a Word document \(\.docx\) or another zip file/],
    ['UTF-16 ("Unicode")', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(example.slice(0, 300), 'utf16le')]), /it was saved as UTF-16/],
    ['terminal escapes', `\u001b[2J${example}`, /it holds control characters \(byte 0x1b at byte 0\)/],
    ['more than 512 KiB', example.repeat(Math.ceil((600 * 1024) / example.length)), /is 60\d KiB; a feature file may be at most 512 KiB/],
  ]
  for (const [name, content, message] of refusals) {
    it(`${name}: exit 2, and nothing is written`, async () => {
      const root = await book()
      const folder = await tempFolder({ 'feature.txt': content })
      const run = await runCli(['import', path.join(folder, 'feature.txt'), '--date', '2026-03-02', '--root', root])
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(message)
      expect(run.stderr).toContain('nothing was imported')
      expect(await readdir(path.join(root, 'chapters'))).toEqual([])
    })
  }

  it('a named pipe (FIFO), /dev/zero and a folder of them: refused at once, nothing read, nothing written', async () => {
    const root = await book()
    const folder = await tempFolder({ '2019-03-04 a.txt': example })
    execFileSync('mkfifo', [path.join(folder, '2019-03-11 b.txt')])
    const fifo = await runCli(['import', path.join(folder, '2019-03-11 b.txt'), '--root', root])
    expect(fifo.code).toBe(2)
    expect(fifo.stderr).toContain('2019-03-11 b.txt is a named pipe (FIFO), not a file: nothing was imported')
    const zero = await runCli(['import', '/dev/zero', '--date', '2026-03-02', '--root', root])
    expect(zero.code).toBe(2)
    expect(zero.stderr).toContain('/dev/zero is a device, not a file')
    const both = await runCli(['import', folder, '--root', root])
    expect(both.code).toBe(2)
    expect(await readdir(path.join(root, 'chapters'))).toEqual([])
  }, 20_000)
})

describe('import is all or nothing (defect 5)', () => {
  /** Three dated features of different careers. */
  async function threeFeatures(): Promise<string> {
    return tempFolder({
      '2019-03-04 a.txt': example,
      '2019-03-11 b.txt': example.replaceAll('Director of Medical Records', 'Registered Nurse'),
      '2019-03-18 c.txt': example.replaceAll('Director of Medical Records', 'Dental Hygienist'),
    })
  }

  it('a dangling link at the second name: nothing is written, the message names the link, and a rerun without it works', async () => {
    const root = await book()
    const features = await threeFeatures()
    const link = path.join(root, 'chapters/2019-03-11-registered-nurse.md')
    await symlink(path.join(root, 'nowhere.md'), link)
    const run = await runCli(['import', features, '--root', root])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`chapters/2019-03-11-registered-nurse.md (a link to ${path.join(root, 'nowhere.md')}, which does not exist) already exists; nothing was imported`)
    expect(await readdir(path.join(root, 'chapters'))).toEqual(['2019-03-11-registered-nurse.md'])
    expect(existsSync(path.join(root, 'nowhere.md'))).toBe(false)

    await rm(link)
    const again = await runCli(['import', features, '--root', root])
    expect(again.code).toBe(0)
    expect((await readdir(path.join(root, 'chapters'))).sort()).toEqual(['2019-03-04-director-of-medical-records.md', '2019-03-11-registered-nurse.md', '2019-03-18-dental-hygienist.md'])
  })

  it('an interrupted import writes nothing', async () => {
    const root = await book()
    const { importFeatures } = await import('../src/import/index.ts')
    const interrupted = new AbortController()
    interrupted.abort()
    await expect(importFeatures({ root, inputs: [await threeFeatures()], signal: interrupted.signal })).rejects.toThrow(/Interrupted; nothing was imported/)
    expect(await readdir(path.join(root, 'chapters'))).toEqual([])
  })

  it('removes the staging folder an import left when it was killed, never one a running import uses', async () => {
    const root = await book()
    const dead = path.join(root, 'chapters', `.import-${deadPid()}-0123abcd-ff00`)
    const live = path.join(root, 'chapters', `.import-${processTag(process.ppid)}-ff01`)
    for (const folder of [dead, live]) {
      await mkdir(folder)
      await writeFile(path.join(folder, '0.md'), '')
    }
    const run = await runCli(['import', path.join(await threeFeatures(), '2019-03-04 a.txt'), '--root', root])
    expect(run.code).toBe(0)
    expect((await readdir(path.join(root, 'chapters'))).sort()).toEqual([path.basename(live), '2019-03-04-director-of-medical-records.md'])
  })

  it.skipIf(!canMountTmpfs)('on a full disk: exit 2 saying so, chapters/ as it was (no chapter, no empty file, no staging), and a rerun with room works', async () => {
    const mount = await tempFolder()
    await withTmpfs(mount, '256k', async () => {
      const root = path.join(mount, 'book')
      await mkdir(path.join(root, 'chapters'), { recursive: true })
      await writeFile(path.join(root, 'springboard.yaml'), validConfig)
      // Room for one chapter (each takes a 4 KiB block), not three.
      const { bavail, bsize } = await statfs(mount)
      await writeFile(path.join(mount, 'filler'), Buffer.alloc((Number(bavail) - 1) * Number(bsize)))
      const features = await threeFeatures()
      const run = await runCli(['import', features, '--root', root])
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('springboard: The disk is full: nothing was imported (chapters/ is as it was)')
      expect(await readdir(path.join(root, 'chapters'))).toEqual([])

      await rm(path.join(mount, 'filler'))
      const again = await runCli(['import', features, '--root', root])
      expect(again.code).toBe(0)
      expect(await readdir(path.join(root, 'chapters'))).toHaveLength(3)
    })
  })
})

describe('chapters that would make the parser work for minutes (defect 9)', () => {
  it('one paragraph of 8,000 lines is refused at its first line (f-021), before it is parsed', async () => {
    const body = `${validBody()}\n${Array.from({ length: 8_000 }, (_, i) => `Line ${i} of one long paragraph, with some words and a comma,`).join('\n')}\n`
    const text = validChapter({ body })
    const root = await book({ [chapterName]: text })
    const at = positionOf(text, 'Line 0 of')
    const result = await lintBook(root)
    expect(result.files.flatMap((file) => file.messages.map((message) => `${message.ruleId} ${message.line}:${message.column} ${message.reason}`))).toEqual([
      `f-021 ${at.line}:${at.column} 8,000 lines without a blank line between them hold ${(text.trimEnd().length - text.indexOf('Line 0 of')).toLocaleString('en-US')} characters; a paragraph, list or table may hold at most 32,000`,
    ])
  })

  it('a single line of 6,000 emphasised words is refused (f-021); one of 3,000 passes', async () => {
    const long = validChapter({ append: `\n${'a *b* c '.repeat(6_000)}\n` })
    const fine = validChapter({ append: `\n${'a *b* c '.repeat(3_000)}\n` })
    const root = await book({ [chapterName]: long, '2026-01-12-nurse.md': fine.replace('2026-01-05', '2026-01-12').replace('Medical Records Director', 'Nurse') })
    const at = positionOf(long, 'a *b* c a')
    expect(await lintMessages(root)).toEqual([`f-021 ${at.line}:${at.column}`])
  })

  it('a chapter over 512 KiB is refused at its first line (f-020), read no further than the limit', async () => {
    const paragraphs = Array.from({ length: 6_500 }, (_, i) => `Paragraph ${i} of an outlook, with some words and a comma, as editors write them.`).join('\n\n')
    const text = validChapter({ append: `\n${paragraphs}\n` })
    expect(Buffer.byteLength(text)).toBeGreaterThan(512 * 1024)
    const root = await book({ [chapterName]: text })
    const result = await lintBook(root)
    expect(result.files.flatMap((file) => file.messages.map((message) => `${message.ruleId} ${message.line}:${message.column} ${message.reason}`))).toEqual([
      `f-020 1:1 The file is ${Math.ceil(Buffer.byteLength(text) / 1024)} KiB; a chapter may be at most 512 KiB`,
    ])
  })

  it('a chapter that is a named pipe is f-004, not a hang', async () => {
    const root = await book({ [chapterName]: validChapter() })
    execFileSync('mkfifo', [path.join(root, 'chapters/2026-01-12-nurse.md')])
    const result = await lintBook(root)
    expect(result.files.flatMap((file) => file.messages.map((message) => `${message.ruleId} ${message.reason}`))).toEqual(['f-004 Cannot read the file: it is a named pipe (FIFO), not a file'])
    expect((await lstat(path.join(root, 'chapters/2026-01-12-nurse.md'))).isFIFO()).toBe(true)
  }, 20_000)
})
