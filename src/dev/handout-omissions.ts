/**
 * What a chapter's handout leaves out, as the preview can tell: the handout
 * takes the front matter's facts and, from the body, only the opening of
 * the Description and of the Salary and Outlook sections (careerLines in
 * render/career-lines.ts). The rest of each section, the other sections,
 * the notes and the images are not on it. Worked out here from what
 * careerLines took, section by section. What the audit finds missing beyond
 * that design (an excerpt dropped because the page is full, a-006) comes from
 * the handout's own print (audit/handouts.ts), shown beside this list.
 */
import type { Element, ElementContent, Root } from 'hast'
import { fromParse5 } from 'hast-util-from-parse5'
import { parseFragment } from 'parse5'
import type { TransformedChapter } from '../chapter.ts'
import { careerLines, textOf, type CareerLines } from '../render/career-lines.ts'
import { count } from '../text/count.ts'

export const omissionsMethod =
  'By design the handout takes from the chapter only the front matter\u2019s facts and the opening of Description, Salary and Outlook: this list is the rest, worked out by the preview.'

interface Section {
  heading: string
  blocks: { kind: string; text: string }[]
}

export function handoutOmissions(transformed: TransformedChapter, language: string): string[] {
  const lines = careerLines(transformed.body, language)
  const taken: Record<string, keyof CareerLines> = { description: 'description', salary: 'salary', outlook: 'outlook' }
  const left: string[] = []
  for (const section of sections(transformed.body.html)) {
    const key = taken[section.heading.toLowerCase()]
    const words = section.blocks.reduce((sum, block) => sum + wordCount(block.text), 0)
    if (!key) {
      if (words > 0 || section.blocks.length > 0) left.push(`${section.heading}: the whole section (${describe(section.blocks)}, ${count(words, 'word')})`)
      continue
    }
    const shownWords = wordCount(lines[key].replace(/…$/, ''))
    const firstParagraph = section.blocks.findIndex((block) => block.kind === 'paragraph')
    const rest = section.blocks.filter((_, index) => index !== firstParagraph)
    const parts: string[] = []
    const first = section.blocks[firstParagraph]
    if (first && wordCount(first.text) > shownWords) parts.push(`the rest of its first paragraph (${count(wordCount(first.text) - shownWords, 'word')})`)
    if (rest.length > 0) parts.push(describe(rest))
    if (parts.length > 0) left.push(`${section.heading}: the handout shows ${count(shownWords, 'word')} of the section's ${words}; left out: ${parts.join(' and ')}`)
  }
  const notes = (transformed.body.notes.match(/<aside\b/g) ?? []).length
  if (notes > 0) left.push(`${count(notes, 'note')} (the handout has no notes)`)
  const images = transformed.images.size
  if (images > 0) left.push(`${count(images, 'image')} (the handout has none)`)
  return left
}

function sections(html: string): Section[] {
  const tree = fromParse5(parseFragment(html)) as Root
  const found: Section[] = []
  const visit = (nodes: readonly (Root['children'][number] | ElementContent)[]) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue
      if (node.tagName === 'section') {
        visit(node.children)
        continue
      }
      if (node.tagName === 'h2') found.push({ heading: textOf(node).trim(), blocks: [] })
      else if (found.length > 0 && !/^h[1-6]$/.test(node.tagName)) found.at(-1)!.blocks.push({ kind: kindOf(node), text: textOf(node).replace(/\s+/g, ' ').trim() })
    }
  }
  visit(tree.children)
  return found
}

function kindOf(node: Element): string {
  if (node.tagName === 'p') return node.children.some((child) => child.type === 'element' && child.tagName === 'img') && !textOf(node).trim() ? 'image' : 'paragraph'
  if (node.tagName === 'ul' || node.tagName === 'ol') return 'list'
  if (node.tagName === 'table') return 'table'
  if (node.tagName === 'figure' || node.tagName === 'img') return 'image'
  if (node.tagName === 'blockquote' || node.tagName === 'aside') return 'quotation'
  return 'block'
}

const names: Record<string, [string, string]> = {
  paragraph: ['paragraph', 'paragraphs'],
  list: ['list', 'lists'],
  table: ['table', 'tables'],
  image: ['image', 'images'],
  quotation: ['quotation', 'quotations'],
  block: ['other block', 'other blocks'],
}

/** "2 paragraphs, 1 list". */
function describe(blocks: readonly { kind: string }[]): string {
  const counts = new Map<string, number>()
  for (const block of blocks) counts.set(block.kind, (counts.get(block.kind) ?? 0) + 1)
  return [...counts].map(([kind, n]) => `${n} ${names[kind]![n === 1 ? 0 : 1]}`).join(', ')
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length
}

