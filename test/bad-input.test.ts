/**
 * Issue 2, "Bad input": each fault gets exit code 1, a positioned message
 * `chapters/<file>.md:<line>:<col>: error <message> [<code>]` with a hint,
 * every problem of the run at once, and the last good EPUB left untouched.
 */
import { createHash } from 'node:crypto'
import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, positionOf } from './helpers/cli.ts'
import { makeBook, validBody, validChapter, validFrontMatter } from './helpers/book.ts'

let root: string
let epubPath: string
let goodHash: string

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

beforeAll(async () => {
  root = await makeBook(
    { '2026-01-05-medical-records-director.md': validChapter() },
    { files: { 'assets/chart.png': await readFile(path.join(import.meta.dirname, 'fixtures/chart.png')) } },
  )
  const first = await runCli(['build', '--root', root, '--format', 'epub'])
  expect(first.stderr).toBe('')
  expect(first.code).toBe(0)
  epubPath = path.join(root, 'dist/complete/test-careers.epub')
  goodHash = sha(await readFile(epubPath))
}, 120_000)

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

interface Case {
  name: string
  file?: string
  content: string | Uint8Array
  code: string
  /** The text the message must point at (its first character). */
  at?: string
  /** Or an explicit position. */
  position?: { line: number; column: number }
  message: RegExp
  hint?: RegExp
}

const file = '2026-01-12-bad-chapter.md'
const fm = (replace: [string, string]) => validChapter({ published: '2026-01-12', title: 'Bad Chapter' }).replace(...replace)

const latin1Prefix = validChapter({ published: '2026-01-12', title: 'Bad Chapter' })

const cases: Case[] = [
  {
    name: 'malformed YAML',
    content: fm(['summary: Runs the medical records program of a hospital.', 'summary: [Runs the program']),
    code: 'm-002',
    message: /Malformed front matter YAML/,
    position: { line: 5, column: 1 },
  },
  {
    name: 'a missing required field',
    content: fm(["degree: Bachelor's degree\n", '']),
    code: 'm-003',
    message: /Missing required front matter field `degree`/,
    position: { line: 1, column: 1 },
    hint: /Add `degree:`/,
  },
  {
    name: 'a wrong type',
    content: fm(['min: 80000', 'min: 80,000']),
    code: 'm-004',
    at: '80,000',
    message: /`salary\.min` must be a number, not the text "80,000"/,
    hint: /digits only/,
  },
  {
    name: 'salary min > max',
    content: fm(['min: 80000', 'min: 180000']),
    code: 'm-006',
    at: '180000',
    message: /minimum \(180000\) is greater than the maximum \(120000\)/,
  },
  {
    name: 'an impossible date',
    file: '2026-02-30-bad-chapter.md',
    content: validChapter({ published: '2026-02-30', title: 'Bad Chapter' }),
    code: 'm-007',
    at: '2026-02-30',
    message: /`2026-02-30` is not a real date/,
  },
  {
    name: 'a resource with no URL',
    content: fm(['  - name: AHIMA\n    url: https://www.ahima.org/', '  - name: AHIMA']),
    code: 'm-003',
    at: 'name: AHIMA',
    message: /Resource 2 has no `url`/,
  },
  {
    name: 'a malformed URL',
    content: fm(['url: https://www.ahima.org/', 'url: htps//www.ahima.org']),
    code: 'l-001',
    at: 'htps//',
    message: /is not an absolute URL/,
  },
  {
    name: 'a URL cut off mid-parenthesis',
    content: fm(['url: https://www.bls.gov/ooh/', 'url: https://www.bls.gov/ooh/ (']),
    code: 'l-002',
    at: 'https://www.bls.gov/ooh/ (',
    message: /contains a space|unbalanced|cut off/,
  },
  {
    name: 'a URL with no proper host',
    content: fm(['url: https://www.bls.gov/ooh/', 'url: https://bls/ooh/']),
    code: 'l-006',
    at: 'https://bls/',
    message: /no proper host name/,
  },
  {
    name: 'a GFM autolink whose host is no host name (EPUBCheck RSC-023)',
    content: validChapter({ published: '2026-01-12', title: 'Bad Chapter', append: '\nSee https://foo.bar.%60baz for more.\n' }),
    code: 'l-006',
    at: 'https://foo.bar.%60baz',
    message: /The URL `https:\/\/foo\.bar\.%60baz` has an invalid host name `foo\.bar\.`baz`: U\+0060 \(`\) cannot be part of one \[/,
    hint: /only letters, digits, hyphens and dots/,
  },
  {
    name: 'a resource URL whose host is no host name',
    content: fm(['url: https://www.ahima.org/', 'url: https://www.-ahima.org/']),
    code: 'l-006',
    at: 'https://www.-ahima.org/',
    message: /The URL `https:\/\/www\.-ahima\.org\/` has an invalid host name `www\.-ahima\.org`: the part `-ahima` starts or ends with a hyphen \[/,
    hint: /starts and ends with a letter or digit/,
  },
  {
    name: 'a resource URL with a character no host name has',
    content: fm(['url: https://www.ahima.org/', 'url: "https://www.ahima.org%60/"']),
    code: 'l-006',
    at: '"https://www.ahima.org%60/"',
    message: /has an invalid host name `www\.ahima\.org`/,
  },
  {
    name: 'an unknown field, with the nearest known one suggested',
    content: fm(['category: Health Information', 'categroy: Health Information']),
    code: 'm-005',
    at: 'categroy',
    message: /`categroy` is not a front matter field; did you mean `category`\? \[/,
    hint: /Correct the spelling to `category:`/,
  },
  {
    name: 'a missing image',
    content: validChapter({ published: '2026-01-12', title: 'Bad Chapter', append: '\n![A pay chart](assets/missing.png)\n' }),
    code: 'i-001',
    at: '![A pay chart]',
    message: /Image not found: `assets\/missing\.png`/,
  },
  {
    name: 'an image path that leaves the project',
    content: validChapter({ published: '2026-01-12', title: 'Bad Chapter', append: '\n![Secrets](../../../etc/passwd.png)\n' }),
    code: 'i-002',
    at: '![Secrets]',
    message: /leaves the project folder/,
  },
  {
    name: 'a remote image',
    content: validChapter({ published: '2026-01-12', title: 'Bad Chapter', append: '\n![A chart](https://example.com/chart.png)\n' }),
    code: 'i-003',
    at: '![A chart]',
    message: /Remote image `https:\/\/example\.com\/chart\.png`/,
  },
  {
    name: 'an image without alt text',
    content: validChapter({ published: '2026-01-12', title: 'Bad Chapter', append: '\n![](../assets/chart.png)\n' }),
    code: 'i-004',
    at: '![](',
    message: /has no alt text/,
  },
  {
    name: 'a file that is not UTF-8, named as Windows-1252',
    // A Latin-1 "Café" on the line after the valid text: the é is byte 0xE9, the 4th character.
    content: Buffer.concat([Buffer.from(latin1Prefix), Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a])]),
    code: 'f-001',
    message: /not UTF-8: it looks like Windows-1252 \(byte 0xe9 at byte \d+ is `é` in Windows-1252\)/,
    position: { line: latin1Prefix.split('\n').length, column: 4 },
  },
  {
    name: 'an empty file',
    content: '',
    code: 'f-002',
    message: /The file is empty/,
    position: { line: 1, column: 1 },
  },
  {
    name: 'a relative link to a file that does not exist',
    content: validChapter({ published: '2026-01-12', title: 'Bad Chapter', append: '\nSee [the nurse profile](2026-01-19-nurse.md).\n' }),
    code: 'l-003',
    at: '[the nurse profile]',
    message: /Link to `2026-01-19-nurse\.md`: no such file \(chapters\/2026-01-19-nurse\.md\)/,
  },
  {
    name: 'a link to an id that does not exist',
    content: validChapter({ published: '2026-01-12', title: 'Bad Chapter', append: '\nSee [pay](#wages).\n' }),
    code: 'l-004',
    at: '[pay](#wages)',
    message: /Link to `#wages`: no element in this chapter has that id/,
  },
  {
    name: 'a missing section',
    content: validChapter({ published: '2026-01-12', title: 'Bad Chapter', body: validBody().replace('## Salary\n\nBetween $80,000 and $120,000 a year.\n', '') }),
    code: 's-001',
    message: /Missing section `## Salary`/,
  },
]

describe('bad input: exit 1, a positioned message with a rule code and a hint, dist/ untouched', () => {
  for (const testCase of cases) {
    it(testCase.name, async () => {
      const name = testCase.file ?? file
      const chapterPath = path.join(root, 'chapters', name)
      await writeFile(chapterPath, testCase.content)
      try {
        const run = await runCli(['build', '--root', root, '--format', 'epub'])
        expect(run.code).toBe(1)
        const position =
          testCase.position ?? (testCase.at ? positionOf(String(testCase.content), testCase.at) : undefined)
        const lines = run.stderr.split('\n')
        const prefix = `chapters/${name}:${position ? `${position.line}:${position.column}` : ''}`
        const index = lines.findIndex(
          (line) => line.startsWith(prefix) && line.includes(': error ') && line.endsWith(`[${testCase.code}]`) && testCase.message.test(line),
        )
        expect(index, `no matching message in:\n${run.stderr}`).toBeGreaterThanOrEqual(0)
        expect(lines[index]).toMatch(new RegExp(`^chapters/${name.replace(/\./g, '\\.')}:\\d+:\\d+: error .+ \\[${testCase.code}\\]$`))
        expect(lines[index + 1]).toMatch(/^ {4}hint: \S/)
        if (testCase.hint) expect(lines[index + 1]).toMatch(testCase.hint)
        expect(run.stderr).toMatch(/Nothing was written/)
        expect(sha(await readFile(epubPath))).toBe(goodHash)
        expect((await readdir(path.join(root, 'dist'))).filter((entry) => entry.startsWith('.staging'))).toEqual([])
      } finally {
        await rm(chapterPath)
      }
    })
  }

  it('reports every problem of the run, across files, not just the first', async () => {
    const broken = {
      '2026-01-12-first-bad.md': fm(['min: 80000', 'min: 180000']).replace('Bad Chapter', 'First Bad'),
      '2026-01-19-second-bad.md': validChapter({ published: '2026-01-19', title: 'Second Bad', append: '\n![](https://example.com/x.png)\n' }),
      '2026-01-26-third-bad.md': '',
    }
    for (const [name, content] of Object.entries(broken)) await writeFile(path.join(root, 'chapters', name), content)
    try {
      const run = await runCli(['build', '--root', root, '--format', 'epub'])
      expect(run.code).toBe(1)
      for (const code of ['m-006', 'i-003', 'i-004', 'f-002']) expect(run.stderr).toContain(`[${code}]`)
      expect(run.stderr).toMatch(/^4 errors, 0 warnings$/m)
      expect(sha(await readFile(epubPath))).toBe(goodHash)
    } finally {
      for (const name of Object.keys(broken)) await rm(path.join(root, 'chapters', name))
    }
  })

  it('builds a hostile chapter with the hostile parts removed, and says what it removed', async () => {
    const name = '2026-01-12-hostile.md'
    await writeFile(
      path.join(root, 'chapters', name),
      validChapter({
        published: '2026-01-12',
        title: 'Hostile',
        append: [
          '',
          '<script>alert(1)</script>',
          '',
          '<p onclick="steal()">Click <a href="javascript:alert(2)">here</a>.</p>',
          '',
          '<iframe src="https://evil.example/"></iframe>',
          '',
          '<form action="https://evil.example/"><input name="q"></form>',
          '',
        ].join('\n'),
      }),
    )
    const out = path.join(root, 'hostile-out')
    try {
      const run = await runCli(['build', '--root', root, '--out', out, '--format', 'epub'])
      expect(run.code).toBe(0)
      for (const code of ['x-002', 'l-007']) expect(run.stderr).toContain(`[${code}]`)
      expect(run.stderr).toContain(`chapters/${name}:`)
      const JSZip = (await import('jszip')).default
      const zip = await JSZip.loadAsync(await readFile(path.join(out, 'complete/test-careers.epub')))
      const xhtml = await zip.file('OEBPS/ch-hostile.xhtml')!.async('string')
      expect(xhtml).toContain('Click')
      expect(xhtml).not.toMatch(/<script|onclick|javascript:|<iframe|<form|<input/i)
    } finally {
      await rm(path.join(root, 'chapters', name))
      await rm(out, { recursive: true, force: true })
    }
  })
})
