/**
 * Read a weekly feature as it was published in plain text: decode it and
 * split it into its parts, which always come in the same order (series
 * blurb, description, education, competencies, salary, outlook, resources,
 * store line) but carry no headings.
 */

/** The parts of one feature; each paragraph and list item is one line of text. */
export interface FeatureParts {
  description: string[]
  education: string[]
  competencies: string[]
  salary: string[]
  outlook: string[]
  /** The resource lines as published, usually cut off at the `(` before the address. */
  resources: string[]
}

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

/** `■ • ▪ ● ◦ - * –` and a space start a list item. */
const bullet = /^[\u25A0\u2022\u25AA\u25CF\u25E6\u2013*-]\s+/

/** The blurb that opens every issue and the store line that closes it belong to the book, not the chapter. */
const seriesBlurb = /^In this weekly feature\b|editors of SpringBoard highlight/i
const storeLine = /^Buy (?:it )?now\b|\b(?:Kindle|Nook)\b.{0,40}$/i

/** A dollar figure: what tells the salary paragraph apart. */
export const dollarAmount = /\$\s?\d/

const educationWords = /\b(?:bachelor|master['\u2019]?s|associate['\u2019]?s|doctor(?:ate|al)?|degree|diploma|certification|certified|licensure|license|accredited)\b/i

type Block = { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] }

export function splitFeature(text: string): FeatureParts {
  const blocks = toBlocks(text).filter((block) => block.kind === 'list' || !(seriesBlurb.test(block.text) || storeLine.test(block.text)))
  const parts: FeatureParts = { description: [], education: [], competencies: [], salary: [], outlook: [], resources: [] }

  const lists = blocks.flatMap((block, index) => (block.kind === 'list' ? [index] : []))
  const salaryAt = blocks.findIndex((block) => block.kind === 'paragraph' && dollarAmount.test(block.text))
  // One list: competencies when it comes before the salary, resources after it.
  let competenciesAt: number | undefined = lists[0]
  let resourcesAt: number | undefined = lists.length > 1 ? lists.at(-1) : undefined
  if (lists.length === 1 && salaryAt !== -1 && lists[0]! > salaryAt) [competenciesAt, resourcesAt] = [undefined, lists[0]]

  const paragraphs = (from: number, to: number) =>
    blocks.slice(from, to).flatMap((block) => (block.kind === 'paragraph' ? [block.text] : []))
  const end = resourcesAt ?? blocks.length
  const bodyEnd = competenciesAt ?? (salaryAt === -1 ? end : salaryAt)
  const [description, education] = splitDescription(paragraphs(0, bodyEnd))
  parts.description = description
  parts.education = education
  if (salaryAt === -1) {
    parts.outlook = paragraphs(bodyEnd, end)
  } else {
    parts.salary = paragraphs(bodyEnd, salaryAt + 1)
    parts.outlook = paragraphs(salaryAt + 1, end)
  }
  // Text after the resources is not expected; kept in the outlook rather than lost.
  if (resourcesAt !== undefined) parts.outlook.push(...paragraphs(resourcesAt + 1, blocks.length))
  // Lists between the first and the last are not expected either: their items stay with the competencies.
  for (const index of lists) {
    const items = (blocks[index] as { items: string[] }).items
    if (index === resourcesAt) parts.resources.push(...items)
    else parts.competencies.push(...items)
  }
  return parts
}

/**
 * The description is the first paragraph and any that follow it until one
 * names a degree or a credential, which starts the education part.
 */
function splitDescription(paragraphs: string[]): [string[], string[]] {
  if (paragraphs.length < 2) return [paragraphs, []]
  let at = paragraphs.findIndex((paragraph, index) => index > 0 && educationWords.test(paragraph))
  if (at === -1) at = paragraphs.length - 1
  return [paragraphs.slice(0, at), paragraphs.slice(at)]
}

/** Paragraphs (lines joined) and lists (consecutive bullet lines, blank lines between them allowed). */
function toBlocks(text: string): Block[] {
  const blocks: Block[] = []
  let paragraph: string[] = []
  let previous: 'blank' | 'item' | 'text' = 'blank'
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') })
    paragraph = []
  }
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+/g, ' ').trim()
    const last = blocks.at(-1)
    if (line === '') {
      flush()
      previous = 'blank'
    } else if (bullet.test(line)) {
      flush()
      const item = line.replace(bullet, '')
      if (blocks.at(-1)?.kind === 'list') (blocks.at(-1) as { items: string[] }).items.push(item)
      else blocks.push({ kind: 'list', items: [item] })
      previous = 'item'
    } else if (previous === 'item' && last?.kind === 'list') {
      // A list item wrapped onto the next line.
      last.items[last.items.length - 1] += ` ${line}`
    } else {
      paragraph.push(line)
      previous = 'text'
    }
  }
  flush()
  return blocks
}
