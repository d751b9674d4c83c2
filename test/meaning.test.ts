/**
 * The body checks of issue 21 beyond their golden fixtures: where each fires and where it must not
 * (a tab in one line, `m²` with no note, a comment that closes where it should).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validBody, validChapter } from './helpers/book.ts'
import { validateChapterFile } from './helpers/transform.ts'

let root: string
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'springboard-meaning-'))
})
afterAll(async () => rm(root, { recursive: true, force: true }))

/** The chapter with `append` at the end of its Outlook section: its messages of `codes`, as `line:column code reason`. */
function messages(append: string, codes: readonly string[]): string[] {
  const chapter = validChapter({ append })
  return validateChapterFile(chapter, root)
    .filter((message) => codes.includes(String(message.ruleId)))
    .map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.reason}`)
}
/** The line of the Outlook text, which `append` follows. */
const outlookEnd = validChapter().split('\n').indexOf('Growing as health IT keeps changing.') + 1

describe('t-030, tab-separated lines', () => {
  it('reports the rows from the first line with a tab, after a line of text in the same paragraph', () => {
    expect(messages('\nPay by setting:\nSetting\tPay\nHospitals\t$85,000\n', ['t-030'])).toEqual([
      `${outlookEnd + 3}:1 t-030 2 lines separated by tabs (a spreadsheet paste) would print as one run-on paragraph`,
    ])
  })

  it('leaves one line with a tab, and code, alone', () => {
    expect(messages('\nSetting\tPay\n', ['t-030'])).toEqual([])
    expect(messages('\n```\nSetting\tPay\nHospitals\t$85,000\n```\n', ['t-030'])).toEqual([])
  })
})

describe('t-031, footnotes pasted from Word', () => {
  it('needs the note: `m²` with no line starting with `²` is a unit', () => {
    expect(messages('\nA room of 12 m² is enough.\n', ['t-031'])).toEqual([])
  })

  it('reports each reference that has a note, and a note with no reference not at all', () => {
    expect(messages('\nDemand is growing.³\n\n³ ADA, 2025.\n⁴ BLS, 2025.\n', ['t-031'])).toEqual([
      `${outlookEnd + 2}:19 t-031 \`growing.³\` and the line \`³ ADA, 2025.\` are a footnote pasted from Word: they would print as a raised digit and a paragraph, not a note`,
    ])
  })
})

describe('x-020 and x-021, comments', () => {
  it('says where an unclosed comment in a quote stops hiding', () => {
    const body = validBody().replace('## Outlook\n', '## Outlook\n\n> <!-- old quote:\n> Said by a nurse.\n\nAfter the quote.\n')
    const found = validateChapterFile(validChapter({ body }), root).filter((message) => message.ruleId === 'x-020')
    expect(found.map((message) => `${message.column} ${message.reason}`)).toEqual(['3 An HTML comment opened at line 37 never closes: everything to line 38 (1 paragraph) is left out of every output'])
    expect(found[0]!.line).toBe(37)
  })

  it('leaves comments that close where their note ends alone', () => {
    expect(messages('\n<!-- check the 2025 figure -->\n\n<!-- a note\nover two lines -->\n', ['x-020', 'x-021', 'x-003'])).toEqual([])
    // `<!-->` and `<!--->` close themselves; a comment inside a paragraph is a node only once closed.
    expect(messages('\n<!-->\n\n<!--->\n\nText <!-- and more\n', ['x-020', 'x-021'])).toEqual([])
  })
})
