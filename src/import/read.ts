/**
 * Read a weekly feature as it was published in plain text: decode it and
 * cut it into units (paragraphs, lines that stand alone, lists, rules),
 * each with the source lines it came from. What the units are is decided
 * later (structure.ts); here only their shape is.
 */
import { decodeNamedCharacterReference } from 'decode-named-character-reference'
import { decodeNumericCharacterReference } from 'micromark-util-decode-numeric-character-reference'

/** Source lines, 1-based and inclusive. */
export interface Lines {
  from: number
  to: number
}

export interface Item {
  text: string
  lines: Lines
}

export type Unit =
  | {
      kind: 'text'
      text: string
      lines: Lines
      /** Set apart as a heading: `# …`, `**…**` alone, underlined with `===`/`---`. */
      heading: boolean
      /** Which blank-line-separated block of the file it is in. */
      block: number
    }
  | { kind: 'list'; items: Item[]; lines: Lines; block: number; marker: MarkerKind }
  | { kind: 'rule'; lines: Lines; block: number }

/**
 * The archive is UTF-8 or, from older Windows editors, Windows-1252 (where
 * 0x92 is a curly apostrophe): text that is not valid UTF-8 is read as the latter.
 */
export function decodeFeature(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  let text: string
  let encoding: 'utf-8' | 'windows-1252' = 'utf-8'
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes)
    encoding = 'windows-1252'
  }
  return { text: text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), encoding }
}

/** Lists with different kinds of marker are different lists: `1.` headings over `-` items. */
type MarkerKind = 'number' | 'letter' | 'bullet'

/**
 * What a feature pasted from a web page or a feed brings that is not text:
 * character references (`&rsquo;`, `&#8217;`), HTML tags, and emoji, which
 * the book's fonts cannot print. References are decoded; tags and emoji are
 * taken out, line by line, and each removal is returned for the report.
 */
export function cleanText(text: string): { text: string; removed: { line: number; text: string; why: string }[] } {
  const removed: { line: number; text: string; why: string }[] = []
  const lines = text.split('\n').map((line, index) => {
    const tags = line.match(/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi)
    if (tags) removed.push({ line: index + 1, text: tags.join(' '), why: 'HTML markup' })
    const decoded = line
      .replace(/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi, '')
      .replace(/&(?:#(\d{1,7})|#[xX]([\da-fA-F]{1,6})|([A-Za-z][A-Za-z\d]{1,31}));/g, (reference, decimal?: string, hex?: string, name?: string) => {
        if (decimal || hex) return decodeNumericCharacterReference(decimal ?? hex!, decimal ? 10 : 16)
        const character = decodeNamedCharacterReference(name!)
        return character === false ? reference : character
      })
    const emoji = decoded.match(/(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F)[\uFE0F\u200D\u20E3\p{Emoji_Modifier}\p{Emoji_Presentation}]*/gu)
    if (!emoji) return decoded
    removed.push({ line: index + 1, text: emoji.join(' '), why: "emoji, which the book's fonts cannot print" })
    return decoded.replace(/(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F)[\uFE0F\u200D\u20E3\p{Emoji_Modifier}\p{Emoji_Presentation}]*[ \t]*/gu, '').replace(/\s+$/, '')
  })
  return { text: lines.join('\n'), removed }
}

/**
 * The list markers editors paste: `■ • · ▪ ● ◦ ‣ * - –`, Word's `o<TAB>`,
 * `1.`, `1)`, `(1)`, `a)`, `a.`. A marker needs white space after it, so
 * `*Posted*` and `***` are not items.
 */
const marker = /^(?:[\u25A0\u2022\u00B7\u25AA\u25CF\u25E6\u2023\u2043*\u2013-]|o(?=\t| {2,})|\d{1,2}[.)]|\(\d{1,2}\)|[a-z][.)](?=\s+[A-Z\d])|\([a-z]\))[ \t]+(?=\S)/

/** A line of only `===`, `---`, `***`, `___`, `~~~` (or spaced `* * *`): an underline or a separator. */
const ruleLine = /^(?:([=\-_~*#+.])[ ]?\1(?:[ ]?\1)+)$/

/** `Subject: …`, `Degree: Master's`, `Salary<TAB>$54,000`: a line that starts with a short key and a colon or a tab. */
const keyedLine = /^[A-Z][\w'\u2019&/ -]{0,30}(?::\s|\t)/

const url = /\bhttps?:\/\/|\bwww\.|[a-z0-9-]\.(?:org|com|net|gov|edu)\b|@/i

export function toUnits(text: string): Unit[] {
  const units: Unit[] = []
  let block = 0
  let blank = true
  /** The unit the next line may continue, in this block, and that unit's last line. */
  let open: Unit | undefined
  let openLine = ''
  const lines = text.split('\n')
  lines.forEach((raw, index) => {
    const n = index + 1
    // Runs of white space are one space, but a tab after a leading key ("Salary<TAB>$54,000") stays: it ends a label.
    const line = raw
      .trim()
      .replace(/^([A-Z][\w'\u2019&/ -]{0,30}?)\t[ \t]*/, '$1\u0000')
      .replace(/[ \t\u00A0]+/g, ' ')
      .replace('\u0000', '\t')
    if (line === '') {
      blank = true
      open = undefined
      return
    }
    if (blank) block++
    blank = false
    const indented = /^[ \t]/.test(raw)

    if (ruleLine.test(line)) {
      // An underline makes the line above it a heading.
      const last = units.at(-1)
      if (last?.kind === 'text' && last.block === block && last.lines.from === last.lines.to && /^[=-]/.test(line)) last.heading = true
      units.push({ kind: 'rule', lines: { from: n, to: n }, block })
      open = undefined
      return
    }
    const item = marker.exec(raw.replace(/^[ \t]+/, ''))
    if (item) {
      const entry = { text: raw.replace(/^[ \t]+/, '').slice(item[0].length).replace(/[ \t\u00A0]+/g, ' ').trim(), lines: { from: n, to: n } }
      const last = units.at(-1)
      const kind: MarkerKind = /^\(?\d/.test(item[0]) ? 'number' : /^\(?[a-z][.)]/.test(item[0]) && !/^o\s/.test(item[0]) ? 'letter' : 'bullet'
      // Items continue the list above, across blank lines, unless the numbering starts again or the marker changes.
      const restarts = /^(?:1|a)[.)]|^\((?:1|a)\)/.test(item[0])
      if (last?.kind === 'list' && last.marker === kind && !(restarts && last.items.length > 0)) {
        last.items.push(entry)
        last.lines.to = n
      } else {
        units.push({ kind: 'list', items: [entry], lines: { from: n, to: n }, block, marker: kind })
      }
      open = units.at(-1)
      return
    }
    if (open?.kind === 'list') {
      const last = open.items.at(-1)!
      // An item wrapped onto the next line: indented, or going on in lower case.
      if (indented || /^[a-z(]/.test(line) || /^(?:www\.|https?:)/.test(line)) {
        last.text += ` ${line}`
        last.lines.to = n
        open.lines.to = n
        return
      }
    }
    if (open?.kind === 'text' && !keyedLine.test(raw.trimStart()) && continues(openLine, line)) {
      open.text += ` ${line}`
      open.lines.to = n
      openLine = line
      return
    }
    const heading = /^#{1,6}\s/.test(line) || /^(?:\*\*|__)[^*_]+(?:\*\*|__)$/.test(line)
    units.push({ kind: 'text', text: line, lines: { from: n, to: n }, heading, block })
    open = heading ? undefined : units.at(-1)
    openLine = line
  })
  return units.map((unit, index) => (isNumberedHeading(unit, units[index + 1]) ? { kind: 'text', text: unit.items[0]!.text, lines: unit.lines, heading: true, block: unit.block } : unit))
}

/** "1. THE JOB" over a paragraph: a numbered heading, not a list of one. */
function isNumberedHeading(unit: Unit, next: Unit | undefined): unit is Unit & { kind: 'list' } {
  if (unit.kind !== 'list' || unit.marker === 'bullet' || unit.items.length !== 1) return false
  const text = unit.items[0]!.text
  const capitalized = text.split(/\s+/).every((word) => /^[A-Z]/.test(word) || /^(?:of|and|in|for|the|to|&)$/.test(word))
  const headingLike = !/[a-z]/.test(text) || /:$/.test(text) || (capitalized && text.split(/\s+/).length <= 5 && !/[.!?,;]$/.test(text))
  return headingLike && next !== undefined && next.block === unit.block && (next.kind === 'text' || (next.kind === 'list' && next.marker !== unit.marker))
}

/**
 * Whether `line` goes on with the line above it (a paragraph wrapped at a
 * fixed width) rather than standing on its own (a title, a label, a
 * resource, a line of a header).
 */
function continues(previous: string, line: string): boolean {
  const last = previous.slice(previous.lastIndexOf(' ') + 1)
  if (keyedLine.test(line) || /:$/.test(previous)) return false
  if (/[,;]$|^(?:and|or|the|a|an|of|to|in|for|with|by|as|at|from)$/i.test(last)) return true
  // An address on a line of its own goes with the name above it, as a line of its own.
  if (/^(?:https?:|www\.|<)/i.test(line)) return false
  if (/^[a-z$\d(]/.test(line)) return true
  // A long line was wrapped where the width ran out; a short one ended there.
  return previous.length >= 55 && !url.test(previous)
}
