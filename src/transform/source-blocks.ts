/**
 * What the editor wrote, block by block, for the fidelity audit (src/audit/): the text of every
 * paragraph, list item, table cell, heading, code block and footnote of a chapter's body, with its
 * place, read from the mdast before the transform changes it (typography). Kept with the transformed
 * chapter (and in the build cache), so that the audit never parses a chapter again.
 *
 * A block the parser swallowed is still the editor's: after an HTML comment that never closes,
 * CommonMark makes the rest of its container one HTML block. Its text is parsed again, so that each of
 * the blocks the editor meant is looked for, and its absence explained.
 */
import type { Nodes as MdastNodes, Parents as MdastParents, Root as MdastRoot } from 'mdast'
import { VFile } from 'vfile'
import type { BodyBlocks } from '../chapter.ts'
import { parseMarkdown } from '../parse/index.ts'
import { comparable } from '../text/compare.ts'
import { htmlBlockTexts } from '../text/leaves.ts'

export function bodyBlocks(tree: MdastRoot): BodyBlocks {
  const blocks: BodyBlocks = { body: [], notes: [], unfollowed: [] }
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

function collect(parent: MdastParents, blocks: BodyBlocks, context: Context): void {
  for (const node of parent.children as MdastNodes[]) {
    const line = (node.position?.start.line ?? 1) + context.lineShift
    const column = node.position?.start.column ?? 1
    const add = (kind: string, raw: string, html = false) => {
      if (html) {
        blocks.rawHtml = true
        blocks.unfollowed.push({ kind: `${kind} with raw HTML`, line })
      }
      const text = comparable(raw.replaceAll(noteMark, ''))
      const pieces = raw.includes(noteMark) ? raw.split(noteMark).map(comparable).filter(Boolean) : undefined
      const reason = context.reason ?? context.note
      if (text) blocks[context.target].push({ kind, line, column, text, ...(pieces ? { pieces } : {}), ...(reason ? { reason } : {}), ...(html ? { lenient: true as const } : {}) })
      else blocks.unfollowed.push({ kind, line })
    }
    switch (node.type) {
      case 'paragraph':
        add(context.kind, inlineText(node), hasHtml(node))
        break
      case 'heading':
        add('heading', inlineText(node), hasHtml(node))
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
        for (const row of node.children) for (const cell of row.children) add('table cell', inlineText(cell), hasHtml(cell))
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
function htmlBlock(value: string, line: number, column: number, blocks: BodyBlocks, context: Context): void {
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
  blocks.rawHtml = true
  blocks.unfollowed.push({ kind: 'HTML block', line })
  for (const text of htmlBlockTexts(value)) {
    const compared = comparable(text)
    if (compared) blocks[context.target].push({ kind: 'HTML block', line, column, text: compared, lenient: true })
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

/** Whether inline raw HTML (other than a comment) is in the block. */
function hasHtml(node: MdastNodes): boolean {
  if (node.type === 'html') return !/^<!--[\s\S]*-->$/.test(node.value)
  return 'children' in node && (node.children as MdastNodes[]).some(hasHtml)
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
