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
import { location } from 'vfile-location'
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

  validateSpreadsheetPaste(file, body)
  validateWordFootnotes(file, body)

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

/**
 * Lines separated by tabs, pasted from a spreadsheet: Markdown runs them together into one paragraph.
 * Found in the paragraph's source (tabs are as written there), reported at the first such line with
 * the Markdown table that keeps the rows and columns.
 */
function validateSpreadsheetPaste(file: VFile, body: MdastRoot): void {
  const source = String(file)
  const place = location(file)
  visit(body, 'paragraph', (node) => {
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    if (start === undefined || end === undefined) return
    let offset = start
    let rows: { offset: number; cells: string[] }[] = []
    const flush = () => {
      if (rows.length >= 2) {
        const at = place.toPoint(rows[0]!.offset)
        report(file, 't-030', `${rows.length} lines separated by tabs (a spreadsheet paste) would print as one run-on paragraph`, at, `Write them as a Markdown table, with a blank line before and after it:\n${markdownTable(rows.map((row) => row.cells))}`)
      }
      rows = []
    }
    for (const line of source.slice(start, end).split('\n')) {
      const cells = line.trim().split('\t').map((cell) => cell.trim())
      if (cells.length >= 2) rows.push({ offset: offset + line.length - line.trimStart().length, cells })
      else flush()
      offset += line.length + 1
    }
    flush()
  })
}

/** `rows` as a Markdown table, the first row its header, indented under a hint; long tables shortened. */
function markdownTable(rows: readonly (readonly string[])[]): string {
  const width = Math.max(...rows.map((row) => row.length))
  const line = (cells: readonly string[]) => `        | ${Array.from({ length: width }, (_, index) => (cells[index] ?? '').replace(/\|/g, '\\|')).join(' | ')} |`
  const [header, ...body] = rows
  const shown = body.length > 5 ? [...body.slice(0, 4).map(line), '        | … |'] : body.map(line)
  return [line(header!), line(Array.from({ length: width }, () => '---')), ...shown].join('\n')
}

const superscriptDigits = '⁰¹²³⁴⁵⁶⁷⁸⁹'
const superscripts = new RegExp(`[${superscriptDigits}]+`, 'gu')
const asDigits = (text: string) => [...text].map((digit) => superscriptDigits.indexOf(digit)).join('')

/**
 * Footnotes pasted from Word: a raised digit after a word (`growing.¹`) and a line that starts with
 * the same digit (`¹ American Dental Association, 2025.`). Markdown prints both as they are; the
 * `[^1]` form makes a linked note. A raised digit with no such line (`m²`) is left alone.
 */
function validateWordFootnotes(file: VFile, body: MdastRoot): void {
  const notes = new Map<string, string>()
  const references: { number: string; written: string; before: string; span: TextSpan; index: number }[] = []
  visitParents(body, 'text', (node: Text, ancestors) => {
    const span = spanOf(file, node)
    const parent = ancestors.at(-1) as Parent | undefined
    if (!span || !parent) return
    const index = parent.children.indexOf(node)
    const startsLine = index === 0 || parent.children[index - 1]!.type === 'break'
    for (const line of lines(node.value)) {
      if (line.start === 0 && !startsLine) continue
      const note = new RegExp(`^\\s*([${superscriptDigits}]+)\\s*(\\S.*)$`, 'u').exec(line.text)
      if (note && !notes.has(asDigits(note[1]!))) notes.set(asDigits(note[1]!), note[2]!.trim())
    }
    for (const match of node.value.matchAll(superscripts)) {
      const before = node.value.slice(0, match.index)
      // After a word or its punctuation, not at the start of a line (that is a note).
      if (!/[\p{L}\p{N}.,;:!?)\]"'”’]$/u.test(before)) continue
      references.push({ number: asDigits(match[0]), written: match[0], before: /\S+$/.exec(before)![0], span, index: match.index })
    }
  })
  for (const reference of references) {
    const note = notes.get(reference.number)
    if (note === undefined) continue
    const shown = note.length > 50 ? `${note.slice(0, 50)}…` : note
    report(
      file,
      't-031',
      `\`${reference.before}${reference.written}\` and the line \`${reference.written} ${shown}\` are a footnote pasted from Word: they would print as a raised digit and a paragraph, not a note`,
      reference.span.place(reference.index, reference.written.length) ?? reference.span.start,
      `Write the reference \`${reference.before}[^${reference.number}]\`, and the note on a line of its own at the end of the chapter: \`[^${reference.number}]: ${note}\`.`,
    )
  }
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
