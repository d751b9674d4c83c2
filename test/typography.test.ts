/**
 * typesetBody hands remark-smartypants only the blocks it can change (with
 * the block before each). Whatever the text, the result must be what the
 * plugin gives when it reads the whole body: compared here on the sample
 * book, on edge cases at the edges of blocks, and on generated documents.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import type { Root } from 'mdast'
import remarkSmartypants from 'remark-smartypants'
import { visit } from 'unist-util-visit'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { parseMarkdown } from '../src/parse/index.ts'
import { typeset, typesetBody } from '../src/transform/plugins/typography.ts'
import { projectRoot } from './helpers/book.ts'

const wholeText = (remarkSmartypants as unknown as (options: { dashes: 'oldschool' }) => (tree: Root) => void)({ dashes: 'oldschool' })

/** Every text node's value, in document order, after typesetting `markdown` with `typesetter`. */
function typesetTexts(markdown: string, typesetter: (tree: Root) => void): string[] {
  const tree = parseMarkdown(new VFile({ path: 'chapter.md', value: markdown }))
  typesetter(tree)
  const texts: string[] = []
  visit(tree, 'text', (node) => void texts.push(node.value))
  return texts
}

/** The plugin over the whole body, as typesetBody did before it chose blocks (autolinks kept as written). */
function wholeBody(tree: Root): void {
  const autolinks: [{ value: string }, string][] = []
  visit(tree, 'link', (link) => {
    const [child] = link.children
    if (link.children.length === 1 && child?.type === 'text' && [child.value, `http://${child.value}`, `mailto:${child.value}`].includes(link.url)) autolinks.push([child, child.value])
  })
  wholeText(tree)
  for (const [node, value] of autolinks) node.value = value
}

function expectSame(markdown: string): void {
  const expected = typesetTexts(markdown, wholeBody)
  expect(typesetTexts(markdown, typesetBody)).toEqual(expected)
}

describe('typesetBody', () => {
  it('gives every chapter of the sample book what the plugin gives the whole body', () => {
    const dir = path.join(projectRoot, 'chapters')
    const files = readdirSync(dir).filter((name) => name.endsWith('.md'))
    expect(files.length).toBeGreaterThan(3)
    for (const name of files) expectSame(readFileSync(path.join(dir, name), 'utf8'))
  })

  it('changes quotes, dashes and ellipses where the plugin does, at the edges of blocks too', () => {
    const cases = [
      '"Quoted" at the start.\n\nAnd "quoted" inside, and at the end: "end."',
      'A paragraph ending in a quote, "like this."\n\n\'s at the start of the next one, which goes on',
      '# Nursing\n\n\'s history, a heading before it with no quote',
      'no period at the end\n\n\'s continues\n\nThen the \'80s, rock \'n\' roll, and "\'Quoted\' words in a larger quote."',
      'Wait . . . and then... and *.* . . . -- and --- and `` backticks\'\' too',
      '| a | "b" |\n| - | - |\n|  | \'s |\n| "c" | d --- e |',
      '- one "item"\n- two\n\n> a "quote" in a blockquote\n\n  \'s\n\nText with a note.[^1]\n\n[^1]: The "note" --- here.',
      'Autolinks stay: <https://example.org/it\'s--here> and www.example.org/"x" and editor@example.org.',
      '**"Bold"** and *\'em\'* and [a "link"](https://example.org) and `code "not" typeset`',
      '\n\n\n"',
    ]
    for (const markdown of cases) expectSame(markdown)
    // The cases do exercise the plugin: quotes, an en and an em dash, an ellipsis.
    expect(typesetTexts(cases[4]!, typesetBody).join('')).toMatch(/…[^]*–[^]*—/)
    expect(typesetTexts(cases[0]!, typesetBody).join('')).toContain('“Quoted”')
  })

  it('gives generated documents what the plugin gives them whole', () => {
    const token = fc.constantFrom(
      'word', 'Nurse', "nurse's", "'s", "'", '"', '``', "''", '--', '---', '.', '...', '. . .', '…', '80s', 'A.', 'Dr.', 'e.g.',
      '(', ')', ',', ':', ';', '!', '?', '*x*', '*"x"*', '**\'', '[a "b"](https://example.org)', '`c`', '1', '<https://example.org/\'x>',
    )
    const sentence = fc.array(fc.tuple(token, fc.constantFrom(' ', ' ', '', '\n')), { minLength: 0, maxLength: 12 }).map((pairs) => pairs.map(([text, gap]) => text + gap).join('').trim())
    const block = fc.oneof(
      sentence,
      sentence.map((text) => `# ${text}`),
      sentence.map((text) => `- ${text}`),
      sentence.map((text) => `> ${text}`),
      fc.tuple(sentence, sentence).map(([a, b]) => `| h | i |\n| - | - |\n| ${a.replace(/\|/g, '')} | ${b.replace(/\|/g, '')} |`),
    )
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 8 }), (blocks) => {
        const markdown = blocks.join('\n\n')
        expect(typesetTexts(markdown, typesetBody)).toEqual(typesetTexts(markdown, wholeBody))
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 100) } // the slow lane: 3,000,
    )
  })
})

describe('typeset (a front-matter field)', () => {
  it('returns text with nothing to change as it is, and typesets the rest', () => {
    expect(typeset('Registered Nurse')).toBe('Registered Nurse')
    expect(typeset("Nurses' \"pay\" -- 2024...")).toBe('Nurses’ “pay” – 2024…')
  })
})
