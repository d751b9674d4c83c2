/**
 * Print step: the typesetting corrections that CSS cannot ask Chromium for
 * (it has no `hyphenate-limit-lines`, no `hyphenate-limit-last` and no
 * control of a hyphen at the foot of a page). The book's words carry soft
 * hyphens (text.ts); a line breaks at one of them only where the browser
 * chooses, so the corrections remove the soft hyphens that break badly and
 * let the browser set the lines again:
 *
 * - before the first print, in the page laid out one text block wide (as
 *   pruneSoftHyphens in passes.ts does): a paragraph whose last line holds
 *   only the tail of a hyphenated word ("tions."), and a third hyphenated
 *   line in a row (a "ladder"). Each round removes one soft hyphen per
 *   fault and looks again, since a word that moves down moves the lines
 *   after it;
 * - around the measuring print: the words that break at a hyphen are
 *   wrapped in marker links, so the print says on which pages each word
 *   lies (Chromium writes one annotation per page a link is on, not one per
 *   line, so only page turns can be read this way; the screen layout breaks
 *   a few lines otherwise, and so leaves a few ladders: docs/print-book.md);
 *   a word on two pages is hyphenated across a page turn. Its soft
 *   hyphens go, and the passes print the measure again (the paragraph may
 *   now be a line longer), until no word crosses a page turn or the rounds
 *   run out; `springboard verify` reads the final PDFs for what is left.
 *
 * The page scripts here are plain functions for `page.evaluate`, under the
 * same rules as page-scripts.ts: nothing from this module's scope, no named
 * functions inside.
 */
import { PDFDict, PDFHexString, PDFName, PDFString, type PDFDocument } from 'pdf-lib'
import type { Page } from 'puppeteer'
import { guard, type Deadline } from '../browser/page.ts'
import { textWidth, type InteriorLayout } from '../config/print-layout.ts'

/** At most this many hyphenated lines in a row (Chicago 2.108 and most house styles: two or three). */
export const maxHyphenatedLines = 2

/** How many times the lines are looked at again after a correction (each round can move words further down). */
const lineRounds = 6

/** The URL prefix of the hyphen markers (a reserved name: never a real address). */
export const hyphenMarkOrigin = 'https://hyphen-mark.invalid/'

export interface LineCorrections {
  /** Soft hyphens removed so that no paragraph ends on a word's tail alone. */
  tails: number
  /** Soft hyphens removed so that no more than two lines in a row end hyphenated. */
  ladders: number
}

/** Remove the soft hyphens that end a paragraph on a word's tail or make a ladder, in the page laid out one text block wide. */
export async function correctLines(page: Page, deadline: Deadline, layout: InteriorLayout): Promise<LineCorrections> {
  const total: LineCorrections = { tails: 0, ladders: 0 }
  for (let round = 0; round < lineRounds; round++) {
    const found = await guard(deadline, page, 'correcting hyphenated lines', page.evaluate(correctHyphenatedLines, textWidth(layout), maxHyphenatedLines))
    total.tails += found.tails
    total.ladders += found.ladders
    if (found.tails + found.ladders === 0) break
  }
  return total
}

/** Wrap every word that breaks at a soft hyphen in a marker link; returns how many. */
export async function markHyphenatedWords(page: Page, deadline: Deadline): Promise<number> {
  return guard(deadline, page, 'marking the hyphenated words', page.evaluate(wrapHyphenatedWords, hyphenMarkOrigin))
}

/** Undo markHyphenatedWords, taking the soft hyphens out of the words numbered in `unhyphenate`. */
export async function unmarkHyphenatedWords(page: Page, deadline: Deadline, unhyphenate: readonly number[]): Promise<void> {
  await guard(deadline, page, 'unmarking the hyphenated words', page.evaluate(unwrapHyphenatedWords, [...unhyphenate]))
}

/** The marked words that the print put on two pages or more: hyphenated across a page turn. */
export function wordsAcrossPageTurns(document: PDFDocument): number[] {
  const { context } = document
  const pages = new Map<number, Set<number>>()
  document.getPages().forEach((page, index) => {
    for (const ref of page.node.Annots()?.asArray() ?? []) {
      const annotation = context.lookup(ref)
      const action = annotation instanceof PDFDict ? context.lookup(annotation.get(PDFName.of('A'))) : undefined
      const uri = action instanceof PDFDict ? context.lookup(action.get(PDFName.of('URI'))) : undefined
      const text = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : ''
      if (!text.startsWith(hyphenMarkOrigin)) continue
      const number = Number(text.slice(hyphenMarkOrigin.length))
      pages.set(number, (pages.get(number) ?? new Set()).add(index))
    }
  })
  return [...pages].filter(([, on]) => on.size > 1).map(([number]) => number).sort((a, b) => a - b)
}

/**
 * In the page: lay the book out one text block wide (see pruneSoftHyphensInPage), find each soft hyphen
 * where a line breaks, and remove those that end a block on a word's tail alone, and the third of each
 * run of hyphenated lines (with `most` = 2). Returns how many of each it removed.
 */
export function correctHyphenatedLines(widthInches: number, most: number): { tails: number; ladders: number } {
  const screenRules = document.getElementById('screen-rules')!
  const hidden = screenRules.textContent
  screenRules.textContent = `@media screen { html { width: ${widthInches}in; } }`
  const blockSelector = 'p, li, dd, dt, blockquote, figcaption, td, th, h1, h2, h3, h4, h5, h6'
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  const range = document.createRange()
  // Each break: its text node and offset, its block, the top of its line and of the line its tail is on.
  const breaks: { node: Text; index: number; block: Element | null; head: number; tail: number }[] = []
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const text = node.data
    for (let index = text.indexOf('\u00AD'); index !== -1; index = text.indexOf('\u00AD', index + 1)) {
      if (index === 0 || index + 2 >= text.length) continue
      range.setStart(node, index - 1)
      range.setEnd(node, index + 3)
      const boxes = range.getClientRects()
      if (boxes.length < 2 || boxes[boxes.length - 1]!.top < boxes[0]!.bottom - 1) continue
      breaks.push({ node, index, block: node.parentElement?.closest(blockSelector) ?? null, head: boxes[0]!.top, tail: boxes[boxes.length - 1]!.top })
    }
  }
  const remove: (typeof breaks)[number][] = []
  let tails = 0
  let ladders = 0
  let run = 1
  breaks.forEach((current, position) => {
    const previous = breaks[position - 1]
    run = previous && previous.block === current.block && Math.abs(previous.tail - current.head) < 1 ? run + 1 : 1
    // The rest of the block after this hyphen: no space in it means the last line is this word's tail.
    if (current.block) {
      range.setStart(current.node, current.index + 1)
      range.setEnd(current.block, current.block.childNodes.length)
      if (!/\s/.test(range.toString().trim())) {
        remove.push(current)
        tails++
        return
      }
    }
    if (run > most) {
      remove.push(current)
      ladders++
      run = 0
    }
  })
  // From the last, so that the offsets of earlier breaks in the same text node stay right.
  for (const { node, index } of remove.reverse()) node.deleteData(index, 1)
  screenRules.textContent = hidden
  return { tails, ladders }
}

/**
 * In the page: wrap each whitespace-delimited run of text holding a soft hyphen in an empty-styled link
 * to `<origin><n>`, visible through the measuring pass's hiding, so that Chromium writes an annotation
 * on every page the word is painted on. (Links take no room and print.css gives them no style of
 * their own; the word is wrapped whole, so its letters are shaped together as before.)
 */
export function wrapHyphenatedWords(origin: string): number {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  const nodes: Text[] = []
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    if (node.data.includes('\u00AD') && !node.parentElement?.closest('a')) nodes.push(node)
  }
  let counter = 0
  for (const node of nodes) {
    const parts = node.data.split(/(\s+)/)
    const fragment = document.createDocumentFragment()
    for (const part of parts) {
      if (!part.includes('\u00AD')) {
        if (part) fragment.append(part)
        continue
      }
      const mark = document.createElement('a')
      mark.href = `${origin}${counter++}`
      mark.className = 'hyphen-mark'
      mark.setAttribute('style', 'visibility: visible !important')
      mark.textContent = part
      fragment.append(mark)
    }
    node.replaceWith(fragment)
  }
  return counter
}

/** In the page: undo wrapHyphenatedWords; the words numbered in `unhyphenate` lose their soft hyphens. */
export function unwrapHyphenatedWords(unhyphenate: number[]): void {
  const chosen = new Set(unhyphenate)
  const parents = new Set<Node>()
  for (const mark of document.querySelectorAll('a.hyphen-mark')) {
    const number = Number(mark.getAttribute('href')!.replace(/^.*\//, ''))
    const text = mark.textContent ?? ''
    parents.add(mark.parentNode!)
    mark.replaceWith(chosen.has(number) ? text.replace(/\u00AD/g, '') : text)
  }
  for (const parent of parents) parent.normalize()
}
