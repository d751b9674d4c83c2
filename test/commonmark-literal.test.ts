/**
 * Literal Markdown without false alarms (issue 21, part 3), checked against every example of the
 * CommonMark spec (the `commonmark-spec` package, 0.31.2). An example "renders its brackets as text"
 * when its expected HTML shows `[` or `]` outside code. Of those, the ones listed in `mistakes` below
 * are link or image syntax that did not parse (the spec shows what happens; an editor meant a link):
 * t-005 must report each, with the reason the spec gives. Every other example whose brackets render as
 * text (escaped, a character reference, code, an autolink, brackets that are not link syntax) is text
 * on purpose: `check`'s text rules (t-001 to t-007, t-030, t-031) must pass it. No example whose
 * brackets do not render as text may get t-005 or t-006.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'
import { VFile } from 'vfile'
import { afterAll, describe, expect, it } from 'vitest'
import { buildBook } from '../src/build.ts'
import { parseMarkdown } from '../src/parse/index.ts'
import { fontFaces } from '../src/render/fonts.ts'
import { GlyphCoverage } from '../src/text/glyphs.ts'
import { reportLiteralMarkdown } from '../src/transform/plugins/literal-markdown.ts'
import { validatePaste } from '../src/validate/paste.ts'
import { validConfig } from './helpers/book.ts'

interface SpecExample {
  markdown: string
  html: string
  number: number
  section: string
}

const spec = createRequire(import.meta.url)('commonmark-spec') as { tests: SpecExample[] }
const glyphs = new GlyphCoverage(fontFaces)

/** The spec's mistakes: example number → what its t-005 messages must say, one entry per message, in order. */
const mistakes: Record<number, RegExp[]> = {
  488: [/the address has a space/], // [link](/my uri)
  490: [/the address runs onto the next line/], // [link](foo\nbar)
  491: [/the address runs onto the next line/], // [link](<foo\nbar>)
  494: [/the `<` opens an address in angle brackets that no `>` closes/, /the `<` opens an address in angle brackets that no `>` closes/, /text follows the address in angle brackets, `<b>`/],
  497: [/the parentheses in the address do not pair up/], // [link](foo(and(bar))
  508: [/the title after the address, `"title "and" title"`, holds its own quote marks/],
  513: [/the `\[` before it is already closed by an earlier `\]`/], // [link] bar](/uri)
  518: [/a link cannot hold another link/], // [foo [bar](/uri)](/uri)
  519: [/a link cannot hold another link/, /a link cannot hold another link/],
  590: [/the `!\[` starts an image, but its `\[description\]` is not followed by `\(path\)`/], // ![[foo]] with no definition
}

/** The text rules' messages (code and reason) for one example, as a chapter body. */
function textRuleMessages(example: SpecExample): { rule: string; reason: string; line: number }[] {
  const file = new VFile({ path: '/book/chapters/2026-01-05-example.md', value: example.markdown.replaceAll('→', '\t') })
  const tree = parseMarkdown(file)
  validatePaste(file, tree, glyphs)
  reportLiteralMarkdown(tree, file, { root: '/book', chapterSlugs: new Map() })
  return file.messages.map((message) => ({ rule: String(message.ruleId), reason: message.reason, line: message.line ?? 0 }))
}

/** Whether the example's HTML shows a bracket as text (code and pre blocks left out). */
function bracketsAsText(example: SpecExample): boolean {
  const text = example.html.replace(/<(code|pre)\b[^>]*>[\s\S]*?<\/\1>/g, '').replace(/<[^>]*>/g, '')
  return /[[\]]/.test(text)
}

describe('the CommonMark spec examples', () => {
  const literal = spec.tests.filter(bracketsAsText)

  it('are all there: 652 examples, 55 of them with brackets as text', () => {
    expect(spec.tests).toHaveLength(652)
    expect(literal).toHaveLength(55)
    for (const number of Object.keys(mistakes)) expect(literal.map((example) => example.number)).toContain(Number(number))
  })

  it('pass the text rules when their brackets are text on purpose', () => {
    const onPurpose = literal.filter((example) => !(example.number in mistakes))
    expect(onPurpose).toHaveLength(45)
    const failures = onPurpose.flatMap((example) => textRuleMessages(example).map((message) => `#${example.number}: ${message.rule} ${message.reason}`))
    expect(failures).toEqual([])
  })

  it('get t-005 with the real reason when link or image syntax did not parse', () => {
    for (const example of literal.filter((candidate) => candidate.number in mistakes)) {
      const messages = textRuleMessages(example).sort((a, b) => a.line - b.line)
      expect(messages.map((message) => message.rule), `#${example.number}`).toEqual(mistakes[example.number]!.map(() => 't-005'))
      messages.forEach((message, index) => expect(message.reason, `#${example.number}`).toMatch(mistakes[example.number]![index]!))
    }
  })

  it('never get t-005 or t-006 when no bracket renders as text', () => {
    const alarms = spec.tests
      .filter((example) => !bracketsAsText(example))
      .flatMap((example) => textRuleMessages(example).filter((message) => message.rule === 't-005' || message.rule === 't-006').map((message) => `#${example.number}: ${message.reason}`))
    expect(alarms).toEqual([])
  })
})

describe('text the editor escaped', () => {
  const roots: string[] = []
  afterAll(async () => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))))

  const messages = (markdown: string) => textRuleMessages({ markdown, html: '', number: 0, section: '' }).map((message) => `${message.rule} ${message.reason}`)

  it('is left alone: \\[, \\], \\!, \\*, \\^ and character references', () => {
    for (const text of [
      "The board's rule \\[see section 4](/rules) applies.",
      'The rule [see section 4\\](/rules) applies.',
      'The rule [see section 4]\\(/rules) applies.',
      'The rule &#91;see section 4](/rules a b) applies.',
      'Notes are cited \\[^1\\] or [^1\\] or \\[^1] or [\\^1] in the handbook.',
      '\\*\\[not a link](/my uri)\\* and \\!\\[not an image](a b.png)',
      'An address in angle brackets: <https://example.com/?q=](x)>.',
    ]) {
      expect(messages(text), text).toEqual([])
    }
  })

  it('still finds the link after an escaped `\\!`: the `!` is text, the link did not parse', () => {
    expect(messages('\\![chart](../assets/dental pay.png)')).toEqual([
      't-005 The link `[chart](../assets/dental pay.png)` did not parse, so it would be printed as it is written: the address has a space',
    ])
  })

  it('builds clean, and the EPUB prints the brackets as written (the issue\'s example, test/fixtures/literal/escaped-brackets)', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'springboard-escaped-'))
    roots.push(root)
    await cp(path.join(import.meta.dirname, 'fixtures/literal/escaped-brackets'), root, { recursive: true })
    await writeFile(path.join(root, 'springboard.yaml'), validConfig)
    const result = await buildBook({ root, formats: ['epub'] })
    expect(result.files.flatMap((file) => file.messages.map(String))).toEqual([])
    expect(result.ok).toBe(true)
    const zip = await JSZip.loadAsync(await readFile(path.join(root, 'dist/complete/test-careers.epub')))
    const chapter = await zip.file('OEBPS/ch-dental-hygienist.xhtml')!.async('string')
    const text = chapter.replace(/<[^>]+>/g, '')
    expect(text).toContain('rule [see section 4](/rules) applies')
    expect(text).toContain('fields as *required*, warnings as ![caution], and notes as [^1];')
    expect(chapter).toContain('<a href="https://www.adha.org/">the board</a>')
  }, 120_000)
})
