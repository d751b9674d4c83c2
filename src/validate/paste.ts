/**
 * What a hurried paste of the web feature leaves in a chapter's body:
 * bullets that are not Markdown, lines cut off at `(`, the store line,
 * `[...]`, and characters the book's fonts lack. Each is found in the text
 * as Markdown parsed it (never in code), and reported where it is written.
 */
import type { Code, InlineCode, Parent, Root as MdastRoot, Text } from 'mdast'
import { toString } from 'mdast-util-to-string'
import type { Point } from 'unist'
import { visit } from 'unist-util-visit'
import { visitParents } from 'unist-util-visit-parents'
import type { VFile } from 'vfile'
import { report } from '../report/messages.ts'
import { codePointName, type GlyphCoverage } from '../text/glyphs.ts'
import { textSpan, type TextSpan } from './spans.ts'

/** Bullets of word processors and web pages that Markdown does not read as list markers. */
export const bulletCharacters = /[■•▪●◦]/

/** The store line that closes the feature on the web. */
const storeLine = /^(?:(?:buy|order|get|download)(?: it| yours| your copy| a copy| the book)? (?:now|today)\b|available (?:now )?(?:on|at|from) (?:the )?(?:kindle|nook|amazon|barnes))/i

const elision = /\[\s*(?:\.\s*){3,}\]|\[\s*…\s*\]/g

/** The indexes of each `(` of `text` that ends a line and is not closed later in it or in `following`. */
export function* unclosedParentheses(text: string, following = ''): Generator<number> {
  for (const match of text.matchAll(/\([ \t]*(?=\n|$)/g)) {
    if (!(text.slice(match.index + 1) + following).includes(')')) yield match.index
  }
}

export function unclosedParenthesis(text: string): number | undefined {
  for (const index of unclosedParentheses(text.trimEnd())) return index
  return undefined
}

export function validatePaste(file: VFile, body: MdastRoot, glyphs: GlyphCoverage): void {
  /** Places (and characters at them) already reported. */
  const reported = new Set<string>()
  visitParents(body, 'text', (node: Text, ancestors) => {
    const span = spanOf(file, node)
    const parent = ancestors.at(-1) as Parent | undefined
    if (!span || !parent) return
    const index = parent.children.indexOf(node)
    const grandparent = ancestors.at(-2) as Parent | undefined
    const startsLine = index === 0 || parent.children[index - 1]!.type === 'break'
    for (const line of lines(node.value)) {
      if (line.start === 0 && !startsLine) continue
      const text = line.text.trimStart()
      const at = line.start + line.text.length - text.length
      const bullet = bulletCharacters.exec(text.slice(0, 1))
      if (bullet) {
        const place = span.place(at) ?? span.start
        reported.add(key(place))
        const listed = at === 0 && grandparent?.type === 'listItem' && grandparent.children[0] === parent
        report(
          file,
          't-001',
          listed ? `The list item starts with \`${bullet[0]}\` after its marker: it would print with two bullets` : `The line starts with \`${bullet[0]}\`, which Markdown does not read as a list item: the lines run together`,
          place,
          `Write \`- \` instead, each item on a line of its own: \`- ${text.slice(1).trim().replace(/^(.{40}).+/u, '$1…')}\`.`,
        )
      }
      const store = storeLine.exec(bullet ? text.slice(1).trimStart() : text)
      if (store) {
        const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text
        report(file, 't-003', `Store line \`${shown}\` in the chapter`, span.place(at) ?? span.start)
      }
    }
    const last = index === parent.children.length - 1 || parent.children[index + 1]!.type === 'break'
    const following = toString({ type: 'paragraph', children: parent.children.slice(index + 1) } as Parent)
    for (const at of unclosedParentheses(node.value, following)) {
      if (at + 1 + (/^[ \t]*/.exec(node.value.slice(at + 1))?.[0].length ?? 0) === node.value.length && !last) continue
      report(file, 't-002', 'The text ends in an unclosed `(`: the rest looks cut off', span.place(at) ?? span.start)
    }
    for (const match of node.value.matchAll(elision)) {
      report(file, 't-004', `\`${match[0]}\` marks text that was left out when it was copied`, span.place(match.index, match[0].length) ?? span.start)
    }
  })

  // After the bullets: a `■` is reported once, as a bullet, not again as a character the fonts lack.
  visit(body, (node) => {
    if (node.type !== 'text' && node.type !== 'inlineCode' && node.type !== 'code' && node.type !== 'html') return
    const span = spanOf(file, node as Text | InlineCode | Code)
    if (!span) return
    // Comments are never printed; blanked out with as many characters, so that indexes stay true.
    const value = node.type === 'html' ? span.value.replace(/<!--[\s\S]*?-->/g, (comment) => ' '.repeat(comment.length)) : span.value
    for (const { index, text } of glyphs.missing(value)) {
      const place = span.place(index, text.length) ?? span.start
      // A bullet is reported as a bullet; a character that cannot be placed (U+FFFD for a bad reference) once.
      if (reported.has(key(place)) || reported.has(`${key(place)} ${text}`)) continue
      reported.add(`${key(place)} ${text}`)
      report(file, 't-007', noGlyph(text), place)
    }
  })
}

/** The message for characters the fonts lack. */
export function noGlyph(text: string): string {
  return `The book's fonts have no glyph for \`${text}\` (${codePointName(text)})`
}

function spanOf(file: VFile, node: { value: string; position?: { start: { offset?: number }; end: { offset?: number } } | undefined }): TextSpan | undefined {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  return start === undefined || end === undefined ? undefined : textSpan(file, node.value, start, end)
}

function* lines(text: string): Generator<{ start: number; text: string }> {
  let start = 0
  for (const line of text.split('\n')) {
    yield { start, text: line }
    start += line.length + 1
  }
}

function key(place: Point): string {
  return `${place.line}:${place.column}`
}
