/**
 * Print helper: the generated `@page` rules of the interior (page size,
 * mirrored margins, folios and running heads). They live in their own
 * `<style>` so that the second pass can replace them in the loaded page.
 *
 * What headless Chromium offers here (checked on Chromium 156):
 * - named pages work, and a change of page name forces a page break, so
 *   each chapter gets its own named page with its title, literally, in the
 *   right-hand page's margin box (`string-set` and `running()` are not
 *   supported);
 * - `counter-reset: page` inside `@page` is broken, but `counter-increment:
 *   page 0 front 1` on front-matter pages works: the page counter stays at
 *   0 through the front matter (whose folios count a `front` counter in
 *   roman), so the first chapter page is arabic 1;
 * - `:first` on a named page and `:nth()` do not work, so a chapter opening
 *   cannot be selected. Instead the right-hand running head is printed
 *   through a counter style: `counter(page, <style>)`, where the style is
 *   `fixed` at the opening's folio with an empty symbol and falls back to a
 *   `cyclic` style whose only symbol is the chapter title. The second pass
 *   knows the openings' folios from the first.
 * - `:blank` does not exist; filler pages are elements on a page of their
 *   own (`page: blank`), which has no margin boxes.
 */
import { kdpProfile, markPadding, textHeight, type InteriorLayout, type MarkPlace, type PrintProfile } from '../config/print-layout.ts'
import { cssString, inches } from './css.ts'

/** A document with its own running heads: the introduction, each chapter, the appendix. */
export interface HeadedDocument {
  /** The element id; also its page name. */
  id: string
  /** The right-hand running head. */
  title: string
  /** Front matter counts pages in roman numerals on the `front` counter. */
  front: boolean
}

export interface PageRulesInput {
  layout: InteriorLayout
  /** The left-hand running head. */
  bookTitle: string
  documents: readonly HeadedDocument[]
  /** The folio counter's value on each document's opening page, once known. */
  openings?: ReadonlyMap<string, number>
  /** Where the running heads and folios go (default KDP's); the text block is the same in every profile. */
  profile?: PrintProfile
}

const frontCounter = 'page 0 front 1'

export function pageName(id: string): string {
  return `p-${id}`
}

export function pageRules(input: PageRulesInput): string {
  const { layout, bookTitle, documents } = input
  const { margins, page } = layout
  const blockHeight = textHeight(layout)
  const { marks } = input.profile ?? kdpProfile
  const head = `font-family: 'Source Sans 3', sans-serif; font-size: ${(layout.fontSize * 0.72).toFixed(2)}pt; letter-spacing: 0.06em; text-transform: uppercase; ${placeMark(marks.head, 'top', margins.top, layout.bleed)}`
  const folio = `font-family: 'Source Serif 4', serif; font-size: ${(layout.fontSize * 0.86).toFixed(2)}pt; font-variant-numeric: lining-nums; ${placeMark(marks.folio, 'bottom', margins.bottom, layout.bleed)}`
  const lines: string[] = [
    `:root { --font-size: ${layout.fontSize}pt; --block-height: ${inches(blockHeight)}; --sink: ${inches(blockHeight * 0.12)}; }`,
    `@page { size: ${inches(page.width)} ${inches(page.height)}; margin: ${inches(margins.top)} ${inches(margins.outside)} ${inches(margins.bottom)} ${inches(margins.inside)}; }`,
    // Page 1 is a right-hand page; the gutter is on the inside of both.
    `@page :right { margin-left: ${inches(margins.inside)}; margin-right: ${inches(margins.outside)}; }`,
    `@page :left { margin-left: ${inches(margins.outside)}; margin-right: ${inches(margins.inside)}; }`,
    `.halftitle, .titlepage, .copyright { page: front-display; }`,
    `.toc { page: front; }`,
    `@page front-display { counter-increment: ${frontCounter}; }`,
    `@page front-blank { counter-increment: ${frontCounter}; }`,
    `@page front { counter-increment: ${frontCounter}; @bottom-center { content: counter(front, lower-roman); ${folio} } }`,
    `@page blank { }`,
  ]
  for (const document of documents) {
    const name = pageName(document.id)
    const counter = document.front ? 'front' : 'page'
    const folioStyle = document.front ? 'lower-roman' : 'decimal'
    const opening = input.openings?.get(document.id) ?? 0
    lines.push(
      `#${document.id} { page: ${name}; }`,
      `@counter-style ${name}-head { system: cyclic; symbols: ${cssString(document.title)}; }`,
      `@counter-style ${name}-opening { system: fixed ${opening}; symbols: ""; fallback: ${name}-head; }`,
      // A chapter may open on a left-hand page (chapterOpening: next-page): no book title over its opening either.
      `@counter-style ${name}-book { system: cyclic; symbols: ${cssString(bookTitle)}; }`,
      `@counter-style ${name}-opening-left { system: fixed ${opening}; symbols: ""; fallback: ${name}-book; }`,
      `@page ${name} { ${document.front ? `counter-increment: ${frontCounter};` : ''} @bottom-center { content: counter(${counter}, ${folioStyle}); ${folio} } }`,
      `@page ${name}:left { @top-center { content: counter(${counter}, ${name}-opening-left); ${head} } }`,
      `@page ${name}:right { @top-center { content: counter(${counter}, ${name}-opening); ${head} } }`,
    )
  }
  return lines.join('\n')
}

/** `vertical-align` and padding of a margin box (`top` or `bottom` of the page) that put its line where `place` says. */
function placeMark(place: MarkPlace, margin: 'top' | 'bottom', height: number, bleed: number): string {
  const { side, inches: padding } = markPadding(place, height, bleed)
  const outer = side === 'outer'
  const edge = (margin === 'top') === outer ? 'top' : 'bottom'
  return `vertical-align: ${edge}; padding-${edge}: ${inches(padding)}`
}
