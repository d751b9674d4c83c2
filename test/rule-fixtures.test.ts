/**
 * Every rule in the catalogue has a fixture that breaks exactly that rule,
 * and the check must report the rule's code for it: remove a rule's check
 * and its test fails. A new rule without a fixture fails the first test.
 */
import { mkdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildBook, lintBook, type Format } from '../src/build.ts'
import { flattenMessages } from '../src/report/messages.ts'
import { rules, type RuleCode } from '../src/report/rules.ts'
import { makeBook, validBody, validChapter, validConfig } from './helpers/book.ts'

interface Fixture {
  chapters?: Record<string, string | Uint8Array>
  config?: string
  files?: Record<string, string | Uint8Array>
  /** A folder where a chapter file should be (an unreadable chapter). */
  dirs?: string[]
  /** Rules that only a build can find (they need the page laid out): build these formats. */
  build?: Format[]
  /** Rules that only `springboard release` checks: release the complete volume. */
  release?: true
}

const name = '2026-01-05-medical-records-director.md'
const chapter = (parts: Parameters<typeof validChapter>[0] = {}) => ({ [name]: validChapter(parts) })
const replace = (from: string, to: string) => ({ [name]: validChapter().replace(from, to) })
const chart = await readFile(path.join(import.meta.dirname, 'fixtures/chart.png'))

const fixtures: Partial<Record<RuleCode, Fixture>> = {
  'f-001': { chapters: { [name]: Buffer.concat([Buffer.from(validChapter()), Buffer.from([0xff, 0xfe])]) } },
  'f-002': { chapters: { [name]: '\n\n' } },
  'f-003': { chapters: { 'medical-records-director.md': validChapter() } },
  'f-004': { chapters: {}, dirs: [`chapters/${name}`] },
  'c-001': { config: `${validConfig}editors: [unclosed\n`, chapters: chapter() },
  'c-002': { config: validConfig.replace('publisher: Test Press\n', ''), chapters: chapter() },
  'c-003': { config: validConfig.replace('language: en-US', 'language: 42'), chapters: chapter() },
  'c-004': { config: `${validConfig}publsher: Typo Press\n`, chapters: chapter() },
  'c-005': { config: `${validConfig}cover: assets/missing-cover.jpg\n`, chapters: chapter() },
  'c-006': { config: `${validConfig}isbn:\n  ebook: 978-0-00-000000-1\n`, chapters: chapter() },
  'c-007': { config: `${validConfig}description: ${'Careers '.repeat(501).trim()}\n`, chapters: chapter() },
  'c-008': { config: `${validConfig}keywords:\n${Array.from({ length: 8 }, (_, i) => `  - keyword ${i + 1}\n`).join('')}`, chapters: chapter() },
  'c-009': { config: `${validConfig}keywords:\n  - ${'a long keyword '.repeat(4).trim()}\n`, chapters: chapter() },
  'c-010': { config: `${validConfig}subjects:\n  - MED999999\n`, chapters: chapter() },
  'c-011': { config: `${validConfig}stores:\n  kindle:\n    name: Kindle\n    volumes:\n      '2027': https://www.amazon.com/dp/B0EXAMPLE7\n`, chapters: chapter() },
  'c-012': { config: `${validConfig}subjects:\n  - MED000000\n`, chapters: chapter(), release: true },
  'm-001': { chapters: { [name]: validBody() } },
  'm-002': { chapters: replace('summary: Runs', 'summary: [Runs') },
  'm-003': { chapters: replace("degree: Bachelor's degree\n", '') },
  'm-004': { chapters: replace('min: 80000', 'min: eighty') },
  'm-005': { chapters: replace('category:', 'categroy:') },
  'm-006': { chapters: replace('min: 80000', 'min: 200000') },
  'm-007': { chapters: { '2026-02-30-medical-records-director.md': validChapter({ published: '2026-02-30' }) } },
  'm-008': { chapters: replace('competencies:\n  - Communicating across the organization\n  - Building a department budget', 'competencies: []') },
  'm-009': { chapters: replace('currency: USD', 'currency: XYZ') },
  's-001': { chapters: chapter({ body: validBody().replace('## Outlook\n\nGrowing as health IT keeps changing.\n', '') }) },
  's-002': { chapters: chapter({ body: validBody().replace('## Education', '## Temporary').replace('## Salary', '## Education').replace('## Temporary', '## Salary') }) },
  's-003': { chapters: chapter({ body: validBody().replace('Growing as health IT keeps changing.', '') }) },
  's-004': { chapters: chapter({ append: '\n# A second title\n' }) },
  's-005': { chapters: chapter({ append: '\n#### Too deep\n\nText.\n' }) },
  's-007': { chapters: chapter({ append: `\n${'>'.repeat(600)} deep\n` }) },
  's-006': { chapters: chapter({ append: '\nTODO: say more.\n' }) },
  'l-001': { chapters: replace('url: https://www.ahima.org/', 'url: www.ahima.org') },
  'l-002': { chapters: replace('url: https://www.bls.gov/ooh/', 'url: https://www.bls.gov/ooh/ (') },
  'l-003': { chapters: chapter({ append: '\nSee [nurses](2026-01-12-nurse.md).\n' }) },
  'l-004': { chapters: chapter({ append: '\nSee [pay](#wages).\n' }) },
  'l-005': { chapters: chapter({ append: '\nSee [the config](../springboard.yaml).\n' }) },
  'l-006': { chapters: replace('url: https://www.ahima.org/', 'url: https://ahima/') },
  'l-007': { chapters: chapter({ append: '\nClick [here](javascript:alert(1)).\n' }) },
  'l-008': { chapters: replace('url: https://www.ahima.org/', 'url: https://www.bls.gov/ooh/') },
  'i-001': { chapters: chapter({ append: '\n![A chart](../assets/missing.png)\n' }) },
  'i-002': { chapters: chapter({ append: '\n![A chart](../../outside.png)\n' }) },
  'i-003': { chapters: chapter({ append: '\n![A chart](https://example.com/chart.png)\n' }) },
  'i-004': { chapters: chapter({ append: '\n![](../assets/chart.png)\n' }), files: { 'assets/chart.png': chart } },
  'i-005': { chapters: chapter({ append: '\n![A chart](../assets/chart.bmp)\n' }), files: { 'assets/chart.bmp': 'BM' } },
  'i-006': { chapters: chapter({ append: '\n![A chart](../assets/chart.png)\n' }), files: { 'assets/chart.png': chart } },
  'x-001': { chapters: chapter({ append: '\nA bell: \u0007.\n' }) },
  'x-002': { chapters: chapter({ append: '\n<script>alert(1)</script>\n' }) },
  'x-003': { chapters: chapter({ append: '\n<!-- a -- b -->\n' }) },
  'x-004': { chapters: chapter({ append: '\n<span id="same">a</span> <span id="same">b</span>\n' }) },
  'v-001': {
    chapters: {
      '2026-01-05-medical-records-director.md': validChapter(),
      '2026-01-12-medical-records-director.md': validChapter({ published: '2026-01-12', title: 'Other' }),
    },
  },
  'v-002': {
    chapters: {
      '2026-01-05-medical-records-director.md': validChapter(),
      '2026-01-12-records-director.md': validChapter({ published: '2026-01-12' }),
    },
  },
  'v-003': {
    chapters: {
      '2026-01-05-medical-records-director.md': validChapter(),
      '2026-01-07-records-director.md': validChapter({ published: '2026-01-07', title: 'Other' }),
    },
  },
  'v-004': { chapters: { [name]: validChapter({ published: '2026-01-06' }) } },
  'v-005': { chapters: {} },
  'p-001': {
    chapters: {
      [name]: validChapter().replace(
        'competencies:\n',
        `competencies:\n${Array.from({ length: 70 }, (_, i) => `  - A long core competency number ${i + 1} that a handout must print in full\n`).join('')}`,
      ),
    },
    build: ['handouts'],
  },
}

const roots: string[] = []

async function lint(fixture: Fixture) {
  const root = await makeBook(fixture.chapters ?? {}, { config: fixture.config, files: fixture.files })
  roots.push(root)
  for (const dir of fixture.dirs ?? []) await mkdir(path.join(root, dir), { recursive: true })
  const result = fixture.release
    ? await buildBook({ root, formats: [], volume: 'complete', release: true })
    : fixture.build
      ? await buildBook({ root, formats: fixture.build })
      : await lintBook(root)
  return flattenMessages(result.files, root)
}

afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
})

describe('rule fixtures', () => {
  it('the valid base book has no messages at all', async () => {
    expect(await lint({ chapters: chapter(), files: { 'assets/chart.png': chart } })).toEqual([])
  })

  it('every rule in the catalogue has a fixture', () => {
    const missing = [...rules.values()].filter((rule) => !rule.retired && !(rule.code in fixtures)).map((rule) => rule.code)
    expect(missing).toEqual([])
  })

  for (const [code, fixture] of Object.entries(fixtures)) {
    const timeout = fixture.build ? 120_000 : 5_000
    it(`${code}: ${rules.get(code as RuleCode)?.description ?? '(not in the catalogue)'}`, async () => {
      const rule = rules.get(code as RuleCode)
      expect(rule, `${code} is not in the catalogue`).toBeDefined()
      const messages = await lint(fixture)
      const hits = messages.filter((message) => message.rule === code)
      expect(hits.length, JSON.stringify(messages, null, 1)).toBeGreaterThan(0)
      for (const hit of hits) {
        expect(hit.severity).toBe(rule!.severity)
        expect(hit.line).toBeGreaterThanOrEqual(1)
        expect(hit.hint.length).toBeGreaterThan(0)
      }
    }, timeout)
  }
})

describe('nesting far beyond the tools', () => {
  it('raw HTML nested 20,000 deep is content error s-007, not a crash', async () => {
    const messages = await lint({ chapters: chapter({ append: `\n<div>${'<span>'.repeat(20_000)}deep${'</span>'.repeat(20_000)}</div>\n` }) })
    expect(messages.filter((message) => message.rule === 's-007')).toHaveLength(1)
  }, 60_000)
})
