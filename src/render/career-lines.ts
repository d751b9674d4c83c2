/**
 * The render stage (for the handouts): a few lines of a chapter's own text,
 * what a job-fair visitor reads first: the opening of the Description, and
 * the first sentence of the Salary and of the Outlook sections. Read from
 * the transformed body (every chapter has these sections: rules s-001,
 * s-002), without its footnote numbers.
 */
import type { Element, ElementContent, Root } from 'hast'
import { fromParse5 } from 'hast-util-from-parse5'
import { parseFragment } from 'parse5'
import type { TransformedBody } from '../chapter.ts'

export interface CareerLines {
  /** The Description's first sentences, up to about `lengths.description` characters (always at least one sentence). */
  description: string
  salary: string
  outlook: string
}

/** Enough to say what the job is in three or four printed lines, and pay and outlook in one or two each. */
export const lengths = { description: 300, salary: 170, outlook: 170 } as const
/** A first sentence longer than this is cut at a word, with an ellipsis. */
const sentenceLimit = 400

export function careerLines(body: TransformedBody, language: string): CareerLines {
  const paragraphs = firstParagraphs(body.html)
  const opening = (section: keyof typeof lengths) => {
    const taken: string[] = []
    for (const sentence of splitSentences(paragraphs.get(section) ?? '', language)) {
      if (taken.length > 0 && [...taken, sentence].join(' ').length > lengths[section]) break
      taken.push(sentence)
    }
    return cut(taken.join(' '))
  }
  return { description: opening('description'), salary: opening('salary'), outlook: opening('outlook') }
}

/** The text of the first paragraph after each `<h2>`, keyed by the heading in lower case. */
function firstParagraphs(html: string): Map<string, string> {
  const tree = fromParse5(parseFragment(html)) as Root
  const found = new Map<string, string>()
  let section: string | undefined
  for (const node of tree.children) {
    if (node.type !== 'element') continue
    if (node.tagName === 'h2') section = textOf(node).trim().toLowerCase()
    else if (node.tagName === 'p' && section && !found.has(section)) found.set(section, textOf(node).replace(/\s+/g, ' ').trim())
  }
  return found
}

/** The text a reader sees, without footnote reference numbers. */
export function textOf(node: Element | ElementContent): string {
  if (node.type === 'text') return node.value
  if (node.type !== 'element') return ''
  const classes = node.properties.className
  if (Array.isArray(classes) && classes.includes('noteref')) return ''
  return node.children.map(textOf).join('')
}

/** Sentences by Intl.Segmenter, rejoined where it broke after an initial or a short abbreviation (`U.S. Bureau`). */
export function splitSentences(text: string, language: string): string[] {
  if (!text) return []
  const segments = [...new Intl.Segmenter(language, { granularity: 'sentence' }).segment(text)].map((part) => part.segment)
  const sentences: string[] = []
  for (const segment of segments) {
    const previous = sentences.at(-1)
    if (previous !== undefined && /(?:\b[A-Z]\.|\b(?:Dr|Mr|Mrs|Ms|St|vs|e\.g|i\.e)\.)\s*$/.test(previous)) sentences[sentences.length - 1] = previous + segment
    else sentences.push(segment)
  }
  return sentences.map((sentence) => sentence.trim()).filter(Boolean)
}

function cut(text: string): string {
  if (text.length <= sentenceLimit) return text
  return `${text.slice(0, text.lastIndexOf(' ', sentenceLimit - 1))}…`
}
