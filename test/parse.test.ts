/**
 * src/validate/parse.ts parses a text without an `@` with GFM's e-mail
 * autolink literal left out, runs GFM's autolink pass over the tree only
 * when it could find something, tries GFM's table only above a line that
 * could be a delimiter row and its `www.`/`http://` autolinks only on a
 * line with such an address, for speed. That is only right if the tree
 * is the same as remark-gfm's: checked here on the sample chapters, on
 * generated chapters and on random Markdown, positions included.
 */
import fc from 'fast-check'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { makeChapters } from '../scripts/bench/generate.ts'
import { fullParser, gfmParser, parseMarkdown, parserWithoutEmailLinks, lineFacts } from '../src/validate/parse.ts'

const chaptersDir = path.resolve(import.meta.dirname, '../chapters')

function everyWay(text: string) {
  return { gfm: gfmParser.parse(new VFile(text)), full: fullParser.parse(new VFile(text)), lean: parserWithoutEmailLinks.parse(new VFile(text)) }
}

/** Random texts made of `pieces` (none holds an `@`): both faster parsers give remark-gfm's tree. */
function expectSameTrees(pieces: readonly string[], maxLength: number, numRuns: number): void {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength }), (chosen) => {
      const { gfm, full, lean } = everyWay(chosen.join(''))
      expect(full).toEqual(gfm)
      expect(lean).toEqual(gfm)
    }),
    { numRuns },
  )
}

// Pieces that start, end or interrupt the other GFM and CommonMark constructs near would-be addresses.
const markdownPieces = [
  'a', 'Z', '7', ' ', '\n', '\n\n', '.', '-', '_', '+', '*', '**', '~', '~~', '`', '[', ']', '(', ')', '<', '>', '|', '^', '!', '#', ':', '/', '\\',
  'www.', 'WWW.', 'http://', 'HTTPS://', 'mailto:', 'xmpp:', 'example.org', 'a.b-c_d+e', '[^1]', '[^1]: note', '| a | b |\n| - | - |', '- [ ] ', '1. ', '> ', '&amp;', 'é', '—',
  '[link](https://example.org)', '<https://example.org>', '[ref]', '[ref]: https://example.org',
]

describe('parsing without the e-mail autolink literal', () => {
  it('leaves it out (the address is then linked by a later pass over the tree, without a position), and parseMarkdown picks the full parser when there is an @', () => {
    const text = 'Write to jane@example.org for a copy.\n'
    const { full, lean } = everyWay(text)
    const link = (tree: typeof full) => JSON.stringify((tree.children[0] as { children: unknown[] }).children[1])
    expect(link(full)).toContain('"url":"mailto:jane@example.org"')
    expect(link(full)).toContain('"position"')
    expect(link(lean)).not.toContain('"position"')
    expect(parseMarkdown(new VFile(text))).toEqual(full)
  })

  it('gives the same tree for every sample chapter and 40 generated ones', () => {
    const texts = [
      ...readdirSync(chaptersDir)
        .filter((name) => name.endsWith('.md'))
        .map((name) => readFileSync(path.join(chaptersDir, name), 'utf8')),
      ...makeChapters(40).map((chapter) => chapter.text),
    ]
    const withoutAt = texts.filter((text) => !text.includes('@'))
    expect(withoutAt.length).toBeGreaterThan(40)
    for (const text of texts) {
      const { gfm, full, lean } = everyWay(text)
      expect(full).toEqual(gfm)
      if (!text.includes('@')) expect(lean).toEqual(gfm)
    }
  }, 60_000)

  it('gives the same tree for random Markdown without an @', () => {
    expectSameTrees(markdownPieces, 60, 400)
  })

  it('gives the same tree for random Markdown with addresses (the full parser)', () => {
    const pieces = [...markdownPieces, '@', 'a@b.co', 'jane.doe+x@example.org', 'mailto:a@b.co', 'xmpp:a@b.co/r', '[x@y.z](u)', '_a@b.c_']
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (chosen) => {
        const { gfm, full } = everyWay(chosen.join(''))
        expect(full).toEqual(gfm)
      }),
      { numRuns: 400 },
    )
  })
})

// Pieces of tables and of the blocks a table can sit in (or be cut short by): quotes, lists, footnotes, indented
// code, lazy lines, each kind of line ending.
const tablePieces = [
  'a', 'b c', ' ', '\t', '\n', '\n\n', '\r\n', '\r', '|', ' | ', '\\|', '-', '--', '---', ':', ':-', '-:', ':-:', '| - |', '|-|', '|:--|--:|',
  '| a | b |', 'a | b', '> ', '>', '  ', '    ', '- ', '* ', '1. ', '2) ', '[^1]: ', '```\n', '# ', '=', '<div>', '`|`', '*',
]

describe('trying GFM tables only above a possible delimiter row', () => {
  it('finds the lines above delimiter rows, in quotes and lists too, and no others', () => {
    const text = ['Intro text', '', '| a | b |', '| - | :-: |', '| 1 | 2 |', '> x | y', '> --|--', '- item | z', '  ---|---', 'long paragraph - with a dash'].join('\n')
    expect([...lineFacts(text).tableStarts]).toEqual([3, 6, 8])
    expect([...lineFacts('a\r\n|-|\rb\n-').tableStarts]).toEqual([1, 3])
  })

  it('gives the same tree as remark-gfm for tables in quotes, lists, footnotes and after paragraphs', () => {
    const examples = [
      '> | a | b |\n> | - | - |\n> | 1 | 2 |',
      '> a | b\n>--|--\nlazy | line',
      '- | a |\n  | - |\n  | 1 |\n- next',
      '1. x\n\n   a | b\n   -:|:-\n',
      '[^1]: | a |\n    | - |\n\n[^1]',
      '> - a | b\n>   --- | ---\n>   c | d',
      'Paragraph\n| a |\n| - |\n| b |\nafter',
      '| a\t| b |\n|\t- |\t-\t|',
      '| a |\r\n|---|\r\n| b |\r\n',
    ]
    for (const text of examples) {
      const { gfm, full } = everyWay(text)
      expect(JSON.stringify(gfm)).toContain('"table"')
      expect(full).toEqual(gfm)
    }
  })

  it('gives the same tree as remark-gfm for random tables and their surroundings', () => {
    expectSameTrees(tablePieces, 80, 1500)
  }, 60_000)

  it('gives the same tree as remark-gfm for random tables built line by line', () => {
    const line = fc.array(fc.constantFrom(...tablePieces.filter((piece) => !/[\r\n]/.test(piece))), { maxLength: 8 }).map((pieces) => pieces.join(''))
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), (lines, ending) => {
        const { gfm, full } = everyWay(lines.join(ending))
        expect(full).toEqual(gfm)
      }),
      { numRuns: 1500 },
    )
  }, 60_000)
})

// Pieces of addresses, of near-addresses, and of what may come before or after one.
const addressPieces = [
  'a', 'w', 'h', 'H', 'W', 'ww', 'www.', 'WwW.', 'wwx.', 'http://', 'https://', 'HTTPS://', 'http:/', 'https:', 'ftp://', 'example.org', 'a.b', '/path',
  '?q=1', '#x', ' ', '\t', '\n', '\r\n', '\n\n', '(', ')', '*', '_', '~', '<', '>', '[', ']', '.', ',', '!', '"', '&amp;', 'é', '`', '> ', '- ', '| a |\n| - |\n',
]

describe('trying the www. and http:// autolink literals only on lines with an address', () => {
  it('finds the lines with an address, in any case', () => {
    expect([...lineFacts('no link here\nsee www.example.org\nHTTPS://X.ORG and more\nwww without a dot\nhttp:/ nearly').addressLines]).toEqual([2, 3])
  })

  it('gives the same tree as remark-gfm for random text with addresses on some lines', () => {
    expectSameTrees(addressPieces, 80, 1500)
  }, 60_000)
})
