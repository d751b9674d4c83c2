/**
 * Hostile content, stage by stage (fast: no EPUB is built here; see
 * hostile.e2e.test.ts for the same chapter through EPUBCheck). Each case of
 * helpers/hostile.ts goes through load, validate, transform and
 * `serializeBody` on its own, so a failure names the construct.
 */
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeBook, validChapter } from './helpers/book.ts'
import { positionOf } from './helpers/cli.ts'
import { deepNesting, dotPng, forbiddenCharacters, forbiddenLine, hostileCases, hostileChapterFile } from './helpers/hostile.ts'
import { transformChapterFile, transformMarkdown, validateChapterFile, type TransformOutput } from './helpers/transform.ts'
import { activeContent, ancestorsOf, contentModelProblems, danglingFragments, duplicateIds, elementWithText, notXmlChar, textOf } from './helpers/xhtml.ts'

let root: string

beforeAll(async () => {
  root = await makeBook({}, { files: { 'assets/dot.png': dotPng } })
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** What every chapter output must be, whatever went in. */
function expectSafeXhtml(output: TransformOutput): void {
  expect(output.parsed.errors).toEqual([])
  expect(duplicateIds(output.parsed.elements)).toEqual([])
  expect(activeContent(output.parsed)).toEqual([])
  expect(danglingFragments(output.parsed)).toEqual([])
  expect(contentModelProblems(output.parsed)).toEqual([])
  expect(output.html + output.notes).not.toMatch(notXmlChar)
  expect(output.html + output.notes).not.toMatch(/<!--|<!\[CDATA\[|<\?/)
}

describe.each(hostileCases)('hostile content: $name', (hostile) => {
  let output: TransformOutput
  const chapter = validChapter({ append: `\n${hostile.markdown}\n` })

  beforeAll(() => {
    // A chapter that check refuses for its characters alone still gets a body the transform stage makes safe.
    output = hostile.unprintable ? transformMarkdown(`${hostile.markdown}\n`, root) : transformChapterFile(chapter, root)
  })

  it(hostile.unprintable ? 'is refused by check only for the characters the fonts lack' : 'validates and transforms with warnings at most', () => {
    if (!hostile.unprintable) expect(output.errors.map(String)).toEqual([])
    else {
      const errors = validateChapterFile(chapter, root).filter((message) => message.fatal)
      expect(errors.length).toBeGreaterThan(0)
      expect(new Set(errors.map((message) => message.ruleId))).toEqual(new Set(['t-007']))
      expect(output.errors.map(String)).toEqual([])
    }
  })

  it('serializes to well-formed XHTML with unique ids, no active content and valid nesting', () => {
    expectSafeXhtml(output)
  })

  it('keeps what is content and drops what is not', () => {
    hostile.check({ parsed: output.parsed, messages: output.file.messages })
  })
})

describe('characters XML forbids, written literally', () => {
  it('are removed at load time, each run reported as x-001 at its exact line and column', () => {
    const text = validChapter({ append: `\n${forbiddenLine()}\n` })
    const output = transformChapterFile(text, root)
    const warnings = output.warnings.filter((message) => message.ruleId === 'x-001')
    const first = positionOf(text, forbiddenCharacters[0]!)
    const second = positionOf(text, `FORBID3${forbiddenCharacters[1]}`)
    expect(warnings.map((message) => [message.line, message.column])).toEqual([
      [first.line, first.column],
      [second.line, second.column + 'FORBID3'.length],
    ])
    expect(warnings[0]!.reason).toContain(`${forbiddenCharacters.length} characters`)
    expect(textOf(elementWithText(output.parsed, 'FORBID1')!)).toContain('FORBID1FORBID2')
    expect(elementWithText(output.parsed, 'FORBID5')!.attributes.title).toBe('FORBID3FORBID4')
    expectSafeXhtml(output)
  })

  it('are removed from front matter and code too, where the HTML tree never sees them', () => {
    const text = validChapter({ append: '\nCode: `a\u0007b`\n\n```\nx\u001By\n```\n' }).replace('summary: Runs', 'summary: Ru\u0008ns')
    const output = transformChapterFile(text, root)
    expect(output.errors.map(String)).toEqual([])
    const at = (needle: string) => {
      const { line, column } = positionOf(text, needle)
      return [line, column + needle.length - 1]
    }
    const warnings = output.warnings.filter((message) => message.ruleId === 'x-001')
    expect(warnings.map((message) => [message.line, message.column])).toEqual([at('Ru\u0008'), at('`a\u0007'), at('x\u001B')])
    expect(warnings.map((message) => message.reason)).toEqual([
      'Removed the character U+0008: XML cannot carry it',
      'Removed the character U+0007: XML cannot carry it',
      'Removed the character U+001B: XML cannot carry it',
    ])
    expect(String(output.file)).not.toMatch(notXmlChar)
    expect(output.html).toContain('<code>ab</code>')
    expect(output.html).toContain('xy')
  })
})

describe('a byte order mark and CRLF line endings', () => {
  it('are removed; positions still match the lines an editor shows', () => {
    const bytes = hostileChapterFile()
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const output = transformChapterFile(bytes, root)
    expect(output.errors.map(String)).toEqual([])
    expect(String(output.file)).not.toMatch(/\r|\uFEFF/)
    expect(output.html + output.notes).not.toMatch(/\r|\uFEFF|&#xD;|&#xFEFF;/i)
    const lines = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').split('\r\n')
    const line = lines.findIndex((text) => text.startsWith('FORBID1')) + 1
    expect(output.warnings.some((message) => message.ruleId === 'x-001' && message.line === line && message.column === 'FORBID1'.length + 1)).toBe(true)
    expectSafeXhtml(output)
  })
})

describe('deep nesting', () => {
  it('200 block quotes and 60 lists go through every tool, nesting intact', () => {
    const output = transformChapterFile(validChapter({ append: `\n${deepNesting(200, 60)}` }), root)
    expect(output.errors.map(String)).toEqual([])
    expectSafeXhtml(output)
    const quote = ancestorsOf(elementWithText(output.parsed, 'DEEPQUOTE')!).filter((element) => element.name === 'blockquote')
    expect(quote).toHaveLength(200)
    const list = ancestorsOf(elementWithText(output.parsed, 'DEEPLIST60')!).filter((element) => element.name === 'ul')
    expect(list).toHaveLength(60)
    // A generous bound against a run-away algorithm on deep nesting, not a speed measurement (that is npm run bench).
  }, 60_000)

  it('raw HTML nested past the tools is s-007 at the tag where it goes too deep, not a crash', () => {
    const deep = `<div>${'<span>'.repeat(2_000)}DEEP${'</span>'.repeat(2_000)}</div>`
    const text = validChapter({ append: `\nBefore.\n\n${deep}\n\nAfter.\n` })
    const output = transformMarkdown(text.slice(text.indexOf('\n---\n') + 5), root)
    expect(output.errors.map((message) => [message.ruleId, message.reason])).toEqual([['s-007', 'Raw HTML is nested more than 500 levels deep']])
    // At the tag where the tree gets deeper than 500 levels (the root and the div count too).
    const at = positionOf(text.slice(text.indexOf('\n---\n') + 5), deep)
    expect([output.errors[0]!.line, output.errors[0]!.column]).toEqual([at.line, at.column + '<div>'.length + 498 * '<span>'.length])
    expect(output.html).toContain('After.')
  })

  it('inline raw HTML nested past the tools is s-007 at the tag where it goes too deep', () => {
    const line = `Text <b>${'<i>'.repeat(3_000)}x</b>`
    const output = transformMarkdown(`Intro.\n\n${line}\n`, root)
    expect(output.errors.map((message) => message.ruleId)).toEqual(['s-007'])
    const { line: at, column } = output.errors[0]!
    expect(at).toBe(3)
    // At an <i> some 500 levels in (the paragraph and <b> count too; the estimate errs on the deep side).
    expect(line.slice(column! - 1)).toMatch(/^<i>/)
    const before = line.slice(0, column! - 1).split('<i>').length - 1
    expect(before).toBeGreaterThanOrEqual(490)
    expect(before).toBeLessThan(500)
  })
})
