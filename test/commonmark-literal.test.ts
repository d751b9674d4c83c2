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
import { createRequire } from 'node:module'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { parseMarkdown } from '../src/parse/index.ts'
import { fontFaces } from '../src/render/fonts.ts'
import { GlyphCoverage } from '../src/text/glyphs.ts'
import { reportLiteralMarkdown } from '../src/transform/plugins/literal-markdown.ts'
import { validatePaste } from '../src/validate/paste.ts'

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
