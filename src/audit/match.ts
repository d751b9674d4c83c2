/**
 * The audit's comparison: a chapter's source blocks looked for, in order, in one output's leaves.
 *
 * - The body's blocks are looked for in the body's leaves in reading order: first as a leaf of their
 *   own, then as part of one (the rest of that leaf is then text no block accounts for). A block found
 *   only before the one found last is out of order; one whose opening is found, but not its end, is cut
 *   short; else it is missing.
 * - The notes are looked for among the notes' leaves, in any order (the notes follow the order of their
 *   first references, not of their definitions).
 * - The front-matter fields are looked for in the rest of the chapter (header, at a glance, lists), in
 *   any order: the templates place them, and may be changed.
 * - Text of the body or the notes that no block covered is reported once per leaf, after the block
 *   found last before it (a stray `]`, a paragraph printed twice); not in a body with raw HTML, which the
 *   sanitizer reshapes on purpose (its blocks are looked for, and used when found, never reported).
 */
import type { RuleCode } from '../report/rules.ts'
import type { OutputLeaf, Region } from '../text/leaves.ts'
import type { ChapterBlocks, SourceBlock } from './source.ts'
import { quote } from '../text/compare.ts'

export interface OutputName {
  /** How a message names it: `the EPUB`, `the print book`. */
  name: string
  missing: RuleCode
  stray: RuleCode
  /** Applied to both sides before comparing (the PDF's text has no spaces or hyphens to trust). */
  key?: (text: string) => string
}

export interface Finding {
  code: RuleCode
  /** The block the finding is about (its place), or the block after which stray text was found. */
  block?: SourceBlock
  message: string
}

interface Stream {
  text: string
  /** Offset of each leaf in `text` (after its leading separator). */
  starts: number[]
  leaves: OutputLeaf[]
  covered: [number, number][]
}

const separator = '\n'

function streamOf(leaves: readonly OutputLeaf[], region: Region, key: (text: string) => string): Stream {
  const chosen = leaves.filter((leaf) => leaf.region === region)
  const starts: number[] = []
  let text = separator
  for (const leaf of chosen) {
    starts.push(text.length)
    text += key(leaf.text) + separator
  }
  return { text, starts, leaves: chosen, covered: [] }
}

/** The leaf of `stream` at `offset`. */
function leafAt(stream: Stream, offset: number): number {
  let low = 0
  let high = stream.starts.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (stream.starts[middle]! <= offset) low = middle
    else high = middle - 1
  }
  return low
}

function pageNote(stream: Stream, offset: number): string {
  const page = stream.leaves[leafAt(stream, offset)]?.page
  return page ? ` (page ${page})` : ''
}

export function auditChapter(blocks: ChapterBlocks, leaves: readonly OutputLeaf[], output: OutputName): Finding[] {
  const key = output.key ?? ((text: string) => text)
  const findings: Finding[] = []
  const name = output.name
  const describe = (block: SourceBlock) => (block.field ? `The ${block.kind} ${quote(block.text)}` : `The ${block.kind} at line ${block.line}`)
  const missing = (block: SourceBlock) => findings.push({ code: output.missing, block, message: `${describe(block)} is not in ${name}: ${block.reason ?? (block.field ? 'the template prints it' : quote(block.text))}` })

  // Body: in order.
  const body = streamOf(leaves, 'body', key)
  let cursor = 0
  const matched: { block: SourceBlock; start: number }[] = []
  for (const [index, block] of blocks.body.entries()) {
    const text = key(block.text)
    if (!text) continue
    const from = cursor === 0 ? 0 : cursor - 1
    const whole = body.text.indexOf(separator + text + separator, from)
    let at = whole === -1 ? atLeafEdge(body.text, text, cursor) : whole + 1
    // Found only at the edge of a leaf, past where the next block stands whole: a word of a later block
    // (a code block `careful` at the end of a table cell), not this one, which is missing.
    if (whole === -1 && at !== -1 && nextWholeBefore(body.text, blocks.body, index, key, from, at)) {
      missing(block)
      continue
    }
    if (at !== -1) {
      body.covered.push([at, at + text.length])
      cursor = at + text.length
      matched.push({ block, start: at })
      continue
    }
    // Raw HTML the sanitizer may have reshaped on purpose: used when found, never reported.
    if (block.lenient) continue
    at = body.text.indexOf(separator + text + separator)
    if (at === -1) at = atLeafEdge(body.text, text, 0)
    else at += 1
    if (at !== -1) {
      body.covered.push([at, at + text.length])
      const after = matched.find((entry) => entry.start > at)
      findings.push({ code: output.missing, block, message: `${describe(block)} is out of order in ${name}${pageNote(body, at)}: it comes before ${after ? `the ${after.block.kind} at line ${after.block.line}` : 'a block before it'}` })
      continue
    }
    const prefix = longestPrefix(body.text, text, cursor)
    if (prefix >= Math.min(16, text.length - 1) && prefix > 0) {
      const start = body.text.indexOf(separator + text.slice(0, prefix) + separator, from) + 1
      body.covered.push([start, start + prefix])
      cursor = start + prefix
      findings.push({ code: output.missing, block, message: `${describe(block)} is cut short in ${name}${pageNote(body, start)}: it ends at “…${tail(text.slice(0, prefix))}”, before “${head(text.slice(prefix))}…”` })
      continue
    }
    missing(block)
  }

  // Notes: anywhere among the notes.
  const notes = streamOf(leaves, 'notes', key)
  for (const block of blocks.notes) {
    const text = key(block.text)
    const whole = notes.text.indexOf(separator + text + separator)
    const at = whole === -1 ? notes.text.indexOf(text) : whole + 1
    if (at === -1) missing(block)
    else notes.covered.push([at, at + text.length])
  }

  // Fields: anywhere in the rest of the chapter.
  const frame = streamOf(leaves, 'frame', key)
  for (const block of blocks.fields) {
    if (!frame.text.includes(key(block.text))) missing(block)
  }

  // A body with raw HTML: the sanitizer reshapes it on purpose, so its output's text is not all the editor's blocks.
  for (const [stream, sources] of [...(blocks.rawHtml ? [] : [[body, matched] as const]), [notes, []] as const]) {
    for (const { leaf, text, offset } of uncovered(stream)) {
      const before = [...sources].reverse().find((entry) => entry.start < offset)?.block
      const where = before ? `after the ${before.kind} at line ${before.line}` : stream === notes ? 'in the notes' : 'at the start of the body'
      findings.push({ code: output.stray, block: before ?? blocks.body[0] ?? blocks.notes[0], message: `${name[0]!.toUpperCase()}${name.slice(1)} has text that no block of the chapter accounts for, ${where}${leaf.page ? ` (page ${leaf.page})` : ''}: ${quote(text)}` })
    }
  }
  return findings
}

/** The leaves' text that no block covered, one entry per leaf with any, at its first character left uncovered. */
function uncovered(stream: Stream): { leaf: OutputLeaf; text: string; offset: number }[] {
  const found: { leaf: OutputLeaf; text: string; offset: number }[] = []
  const covered = [...stream.covered].sort((a, b) => a[0] - b[0])
  stream.starts.forEach((start, index) => {
    const end = (stream.starts[index + 1] ?? stream.text.length + 1) - 1
    let rest = ''
    let from = start
    let first = -1
    const keep = (a: number, b: number) => {
      const piece = stream.text.slice(a, b)
      if (first === -1 && piece.trim()) first = a + piece.search(/\S/)
      rest += piece + ' '
    }
    for (const [a, b] of covered) {
      if (b <= from || a >= end) continue
      if (a > from) keep(from, a)
      from = Math.max(from, b)
    }
    if (from < end) keep(from, end)
    const text = rest.replace(/\s+/g, ' ').trim()
    if (text) found.push({ leaf: stream.leaves[index]!, text, offset: first })
  })
  return found
}

/**
 * Where `text` is found from `from` as part of a leaf that it begins or ends (the rest of that leaf is
 * text no block accounts for); -1 when it is not. Text inside another block's sentence is not the block.
 */
function atLeafEdge(haystack: string, text: string, from: number): number {
  for (let at = haystack.indexOf(text, from); at !== -1; at = haystack.indexOf(text, at + 1)) {
    if (haystack[at - 1] === separator || haystack[at + text.length] === separator) return at
  }
  return -1
}

/** Whether the block after `index` (the next with text) stands whole, as a leaf of its own, between `from` and `before`. */
function nextWholeBefore(haystack: string, blocks: readonly SourceBlock[], index: number, key: (text: string) => string, from: number, before: number): boolean {
  let next = ''
  for (let after = index + 1; after < blocks.length && !next; after++) next = key(blocks[after]!.text)
  if (!next) return false
  const at = haystack.indexOf(separator + next + separator, from)
  return at !== -1 && at < before
}

/** The length of the longest opening of `text` that is a whole leaf at or after `from`: the block cut short there. */
function longestPrefix(haystack: string, text: string, from: number): number {
  const at = from === 0 ? 0 : from - 1
  // Only for a block not found whole (rare): every length, longest first.
  for (let length = text.length - 1; length > 0; length--) {
    if (haystack.indexOf(separator + text.slice(0, length) + separator, at) !== -1) return length
  }
  return 0
}

function tail(text: string): string {
  const words = text.trim().split(' ')
  return words.slice(-4).join(' ')
}

function head(text: string): string {
  const words = text.trim().split(' ')
  return words.slice(0, 4).join(' ')
}
