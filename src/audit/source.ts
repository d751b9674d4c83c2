/**
 * The audit's source side: the text of every block the editor wrote in one chapter, with its place.
 * Body blocks come from the chapter's mdast (parsed again: the chain keeps no tree), in reading order;
 * the notes from its footnote definitions; the printed front-matter fields from the validated meta.
 *
 * A block the parser swallowed is still the editor's: after an HTML comment that never closes,
 * CommonMark makes the rest of the chapter one HTML block. Its text is parsed again, so that each of
 * the blocks the editor meant is looked for, and its absence explained.
 */
import type { Nodes as MdastNodes, Parents as MdastParents, Root as MdastRoot } from 'mdast'
import { VFile } from 'vfile'
import type { Chapter } from '../chapter.ts'
import { parseMarkdown } from '../parse/index.ts'
import { formatSalaryRange } from '../render/format.ts'
import { htmlBlockTexts } from './leaves.ts'
import { comparable } from './text.ts'

export type YamlPath = readonly (string | number)[]

export interface SourceBlock {
  /** What the editor calls it: `paragraph`, `list item`, `table cell`, `footnote`, `heading`, `title` … */
  kind: string
  line: number
  column: number
  /** Its text as the audit compares it (text.ts). */
  text: string
  /** For a front-matter field: its key, whose place is found only when there is something to report. */
  field?: YamlPath
  /** Its text in pieces around what an output adds inside it (a note's number, a link's printed address), when it has any: a PDF's text has those in it. */
  pieces?: string[]
  /** Why the block may be missing, when the source already shows it (an HTML comment that never closes). */
  reason?: string
}

export interface ChapterBlocks {
  /** The printed front-matter fields, in the order of templates/chapter.ejs. */
  fields: SourceBlock[]
  /** The body's blocks, in reading order. */
  body: SourceBlock[]
  /** The footnotes, in the order they are defined. */
  notes: SourceBlock[]
  /** Blocks with nothing the audit can compare (an image alone, a thematic break): kind and line. */
  unfollowed: { kind: string; line: number }[]
}

export function chapterBlocks(chapter: Chapter, language: string, tree: MdastRoot = parseMarkdown(chapter.file)): ChapterBlocks {
  const blocks: ChapterBlocks = { fields: fieldBlocks(chapter, language), body: [], notes: [], unfollowed: [] }
  const referenced = new Set<string>()
  visitReferences(tree, referenced)
  collect(tree, blocks, { kind: 'paragraph', target: 'body', lineShift: 0, referenced })
  return blocks
}

interface Context {
  /** What a paragraph is called here: `paragraph`, `list item`, `quotation`, `footnote`. */
  kind: string
  target: 'body' | 'notes'
  /** Added to every line: blocks parsed again from inside an HTML block. */
  lineShift: number
  referenced: ReadonlySet<string>
  reason?: string
  /** A footnote's own reason to be missing. */
  note?: string
}

function collect(parent: MdastParents, blocks: ChapterBlocks, context: Context): void {
  for (const node of parent.children as MdastNodes[]) {
    const line = (node.position?.start.line ?? 1) + context.lineShift
    const column = node.position?.start.column ?? 1
    const add = (kind: string, raw: string) => {
      const text = comparable(raw.replaceAll(noteMark, ''))
      const pieces = raw.includes(noteMark) ? raw.split(noteMark).map(comparable).filter(Boolean) : undefined
      const reason = context.reason ?? context.note
      if (text) blocks[context.target].push({ kind, line, column, text, ...(pieces ? { pieces } : {}), ...(reason ? { reason } : {}) })
      else blocks.unfollowed.push({ kind, line })
    }
    switch (node.type) {
      case 'paragraph':
        add(context.kind, inlineText(node))
        break
      case 'heading':
        add('heading', inlineText(node))
        break
      case 'code':
        add('code block', node.value)
        break
      case 'list':
        for (const item of node.children) collect(item, blocks, { ...context, kind: 'list item' })
        break
      case 'blockquote':
        collect(node, blocks, { ...context, kind: 'quotation' })
        break
      case 'table':
        for (const row of node.children) for (const cell of row.children) add('table cell', inlineText(cell))
        break
      case 'footnoteDefinition': {
        const note = context.referenced.has(node.identifier) ? undefined : `the note [^${node.label ?? node.identifier}] is referenced nowhere in the text`
        collect(node, blocks, { ...context, kind: 'footnote', target: 'notes', ...(note ? { note } : {}) })
        break
      }
      case 'html':
        htmlBlock(node.value, line, column, blocks, context)
        break
      case 'yaml':
      case 'definition':
        break
      case 'thematicBreak':
        blocks.unfollowed.push({ kind: 'thematic break', line })
        break
      default:
        if ('children' in node) collect(node as MdastParents, blocks, context)
    }
  }
}

/**
 * A raw HTML block: a comment that closes shows nothing, on purpose; one that never closes hides the
 * rest of its container, so what follows its first blank line is parsed again as the editor meant it.
 * Other HTML shows its text, block by block, as the sanitizer keeps it.
 */
function htmlBlock(value: string, line: number, column: number, blocks: ChapterBlocks, context: Context): void {
  if (value.startsWith('<!--')) {
    if (value.includes('-->')) return
    const gap = value.search(/\n[ \t]*\n/)
    if (gap === -1) return
    const rest = value.slice(gap)
    const shift = line - 1 + countLines(value.slice(0, gap))
    const reason = `an HTML comment opened at line ${line} never closes`
    collect(parseMarkdown(new VFile(rest)), blocks, { ...context, lineShift: shift, reason })
    return
  }
  for (const text of htmlBlockTexts(value)) {
    const compared = comparable(text)
    if (compared) blocks[context.target].push({ kind: 'HTML block', line, column, text: compared })
  }
}

/** Where an output may add text of its own inside a block: a note's number, the address print adds after a link to the web. */
const noteMark = '\u0001'

/** A block's text as it is shown: no raw HTML tags, image descriptions or note references; a hard break is a space. */
function inlineText(node: MdastNodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value
    case 'break':
      return ' '
    case 'footnoteReference':
      return noteMark
    case 'link':
      return node.children.map(inlineText).join('') + (/^https?:\/\//i.test(node.url) ? noteMark : '')
    case 'html':
    case 'image':
    case 'imageReference':
      return ''
    default:
      return 'children' in node ? (node.children as MdastNodes[]).map(inlineText).join('') : ''
  }
}

function countLines(text: string): number {
  let count = 0
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++
  return count
}

function visitReferences(node: MdastNodes, found: Set<string>): void {
  if (node.type === 'footnoteReference') found.add(node.identifier)
  if ('children' in node) for (const child of node.children) visitReferences(child, found)
}

/** The front-matter fields the chapter prints (templates/chapter.ejs), in its order. */
function fieldBlocks(chapter: Chapter, language: string): SourceBlock[] {
  const { meta } = chapter
  const fields: SourceBlock[] = []
  const add = (kind: string, field: YamlPath, raw: string) => {
    const text = comparable(raw)
    if (text) fields.push({ kind, line: 1, column: 1, text, field })
  }
  add('title', ['title'], meta.title)
  add('summary', ['summary'], meta.summary)
  add('degree', ['degree'], meta.degree)
  meta.certifications.forEach((certification, index) => add('certification', ['certifications', index], certification))
  add('salary', ['salary'], `${formatSalaryRange(meta.salary, language)} ${meta.salary.per === 'hour' ? 'an hour' : 'a year'}`)
  if (meta.category) add('category', ['category'], meta.category)
  meta.competencies.forEach((competency, index) => add('competency', ['competencies', index], competency))
  meta.resources.forEach((resource, index) => add('resource', ['resources', index, 'name'], resource.name))
  return fields
}
