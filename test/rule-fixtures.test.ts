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
 * release checks); a file `week` holds a date, and the folder is built as
 * that date's weekly release (`build --week`, the EPUB); a file `verify` runs `springboard verify` on the
 * folder's dist/, where each `*.epub` folder is zipped into an EPUB first.
 *
 * The folders that need a laid-out page or the real validators (a `verify`
 * marker, or a `build` of anything but the EPUB: helpers/golden.ts,
 * needsTools) run in rule-fixtures.e2e.test.ts; the rest run here, without
 * a browser.
 *
 * `UPDATE_GOLDEN=1 npx vitest run test/rule-fixtures.test.ts
 * test/rule-fixtures.e2e.test.ts` rewrites the expected files; read the
 * diff before committing it. README.md in the fixtures folder says how the
 * binary fixtures were made.
 */
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { lintBook } from '../src/build.ts'
import { flattenMessages, formatMessages } from '../src/report/messages.ts'
import { rules, type RuleCode } from '../src/report/rules.ts'
import { makeBook, validChapter } from './helpers/book.ts'
import { folders, goldenTests, needsTools } from './helpers/golden.ts'

const chart = await readFile(path.join(import.meta.dirname, 'fixtures/chart.png'))

const roots: string[] = []

afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
})

describe('rule fixtures (golden files)', () => {
  it('every rule in the catalogue has a golden folder, and every folder is a rule', () => {
    const missing = [...rules.values()].filter((rule) => !rule.retired && !folders.includes(rule.code)).map((rule) => rule.code)
    expect(missing).toEqual([])
    expect(folders.filter((folder) => !rules.has(folder as RuleCode))).toEqual([])
  })

  goldenTests(folders.filter((code) => !needsTools(code)))
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
