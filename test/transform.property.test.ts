/**
 * Property-based: Markdown generated from a grammar that mixes CommonMark
 * and GFM constructs with raw HTML, entities and characters XML forbids,
 * through load and transform. Whatever comes in, the XHTML that comes out
 * parses as XML, has unique ids, and carries nothing that runs.
 *
 * `npm test` runs 100 cases; the slow lane (`npm run test:slow`) 3,000; FC_RUNS=N runs N, FC_SEED
 * (and FC_PATH) replay a failure that fast-check printed.
 */
import { rm } from 'node:fs/promises'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeBook } from './helpers/book.ts'
import { dotPng } from './helpers/hostile.ts'
import { transformMarkdown } from './helpers/transform.ts'
import { activeContent, contentModelProblems, danglingFragments, duplicateIds, notXmlChar } from './helpers/xhtml.ts'

const numRuns = Number(process.env.FC_RUNS ?? 100)
const replay = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}

// Inline pieces -----------------------------------------------------------

const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/)
const oddCharacter = fc.constantFrom(
  '\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u001B', '\u001F', '\uFFFE', '\uFFFF', '\u00A0', '\u200F', '\u202E',
  '\u0301', '👩🏽‍⚕️', '𝔘', '看護師', 'ممرضة', 'אחות', '<', '>', '&', '"', "'", ']]>', '--', '\\', '*', '_', '`', '|', '[', ']',
)
const entity = fc.constantFrom(
  '&nbsp;', '&copy;', '&amp;', '&lt;', '&gt;', '&quot;', '&bogus;', '&#0;', '&#1;', '&#x8;', '&#xD800;', '&#xDFFF;',
  '&#xFFFE;', '&#xFFFF;', '&#1114112;', '&#x1F600;', '&#65;', '&#x;', '&', '&amp;amp;',
)
const url = fc.constantFrom(
  'https://www.bls.gov/ooh/', '#outlook', '#notes', '#fn-fn-1', '#nowhere', 'javascript:alert(1)', 'JAVASCRIPT:alert(1)',
  'java&#x09;script:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x',
  'mailto:editor@example.org', 'dot.png', 'missing.png', '',
)
const rawInline = fc.constantFrom(
  '<b>', '</b>', '<em>', '</em>', '<i>', '<span>', '</span>', '<a href="javascript:alert(1)">', '</a>',
  '<a href="https://www.ahima.org/" onclick="steal()">', '<img src="dot.png" alt="dot" onerror="steal()">',
  '<img src="data:image/png;base64,AAAA" alt="x">', '<script>alert(1)</script>', '<style>*{}</style>',
  '<svg onload="alert(1)"><circle/></svg>', '<iframe src="https://evil.example/"></iframe>', '<br>', '<br/>', '<BR>',
  '<span id="fn-fn-1">', '<a id="ch-prop-title">', '<span id="outlook">', '<span id="">', '<span title="a<b]]>c">',
  '<abbr title="&#1;x">', '<!-- a -- b -->', '<![CDATA[ x ]]>', '<?pi x?>', '<p>', '</p>', '<div>', '</div>', '<li>',
  '<td>', '<caption>', '<figcaption>', '<h3>', '<input value="x">', '<object data="x">', '<embed src="x">',
  '<p dir="bogus" lang="!!">', '<ol start="x">', '<td colspan="0">', '<math><mi>x</mi></math>', '<U>',
)

const inline: fc.Arbitrary<string> = fc.letrec<{ inline: string }>((tie) => ({
  inline: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    word,
    word,
    oddCharacter,
    entity,
    rawInline,
    fc.tuple(tie('inline'), fc.constantFrom('*', '**', '_', '~~')).map(([text, mark]) => `${mark}${text}${mark}`),
    tie('inline').map((text) => `\`${text}\``),
    fc.tuple(tie('inline'), url).map(([text, href]) => `[${text}](${href})`),
    fc.tuple(word, url).map(([alt, src]) => `![${alt}](${src})`),
    fc.integer({ min: 1, max: 3 }).map((n) => `[^${n}]`),
    fc.constant('<https://www.bls.gov/>'),
    fc.array(tie('inline'), { minLength: 2, maxLength: 5 }).map((parts) => parts.join(' ')),
  ),
})).inline

const line = fc.array(inline, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(' ').replace(/\n/g, ' '))

// Blocks ------------------------------------------------------------------

const block: fc.Arbitrary<string> = fc.letrec<{ block: string }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    line,
    line,
    fc.tuple(fc.constantFrom('## ', '### ', '#### ', '# '), line).map(([marks, text]) => `${marks}${text}`),
    fc.constantFrom('## Outlook', '### Notes', '### Notes', '## 看護師'),
    fc.array(line, { minLength: 1, maxLength: 4 }).map((items) => items.map((item) => `- ${item}`).join('\n')),
    fc.array(line, { minLength: 1, maxLength: 4 }).map((items) => items.map((item, n) => `${n + 1}. ${item}`).join('\n')),
    fc.tuple(line, tie('block')).map(([item, nested]) => `- ${item}\n\n${indent(nested, '  ')}`),
    fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }).map((done) => done.map((checked) => `- [${checked ? 'x' : ' '}] task`).join('\n')),
    tie('block').map((nested) => indent(nested, '> ')),
    fc.tuple(fc.constantFrom('', 'html', 'js'), fc.array(fc.oneof(line, rawInline), { maxLength: 3 })).map(([lang, lines]) => `\`\`\`${lang}\n${lines.join('\n')}\n\`\`\``),
    fc.tuple(line, line, line, line).map(([a, b, c, d]) => `| ${cell(a)} | ${cell(b)} |\n| --- | :-: |\n| ${cell(c)} | ${cell(d)} |`),
    fc.tuple(fc.integer({ min: 1, max: 3 }), line).map(([n, text]) => `[^${n}]: ${text}`),
    fc.array(fc.oneof(rawInline, line), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')),
    fc.constantFrom('---', '***', '<hr>', '<table><tr><td>cell', '<ul><li>open', '<div>\n\n**wrapped**\n\n</div>', '<em>\n\nx\n\n</em>'),
  ),
})).block

const markdown = fc
  .tuple(
    fc.array(block, { minLength: 1, maxLength: 10 }),
    fc.constantFrom('\n\n', '\n\n', '\n', '\r\n\r\n'),
    fc.boolean(),
  )
  .map(([blocks, separator, bom]) => `${bom ? '\uFEFF' : ''}${blocks.join(separator)}\n`)

function indent(text: string, prefix: string): string {
  return text.split('\n').map((row) => `${prefix}${row}`).join('\n')
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|')
}

// Properties --------------------------------------------------------------

let root: string

beforeAll(async () => {
  root = await makeBook({}, { files: { 'assets/dot.png': dotPng } })
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe(`the transform, on generated Markdown (${numRuns} cases)`, () => {
  it('always gives well-formed XHTML with unique ids, nothing that runs, and valid nesting', () => {
    fc.assert(
      fc.property(markdown, (source) => {
        const output = transformMarkdown(source, root)
        expect(output.parsed.errors).toEqual([])
        expect(duplicateIds(output.parsed.elements)).toEqual([])
        expect(activeContent(output.parsed)).toEqual([])
        expect(output.html + output.notes).not.toMatch(notXmlChar)
        expect(contentModelProblems(output.parsed)).toEqual([])
        // A link the pipeline cannot resolve is an error (l-004) that fails the build; the ones it keeps all resolve.
        if (!output.errors.some((message) => message.ruleId === 'l-004')) expect(danglingFragments(output.parsed)).toEqual([])
      }),
      { numRuns, ...replay },
    )
  }, 600_000)
})
