/**
 * Print helper: the scripts the passes run inside the loaded interior, as
 * plain functions handed to `page.evaluate`. Puppeteer sends each one as
 * source text, so none may use anything from this module's scope, and none
 * declares a named function inside (a transpiler's `__name` wrapper would
 * be missing in the page). Everything they touch is in
 * templates/print/book.html.ejs: `#page-rules`, `#screen-rules`, the filler
 * blocks and the `data-folio-for` placeholders.
 */

/** How much text the book has, for the first guess at its page count. */
export function countText(): number {
  return document.body.textContent?.length ?? 0
}

/** Swap in new `@page` rules: the layout changes without reloading the page. */
export function replacePageRules(css: string): void {
  document.getElementById('page-rules')!.textContent = css
}

/** Before the measuring print: paint nothing (boxes stay the same), so the print is cheap and embeds no font. */
export function hideEverything(): void {
  const style = document.createElement('style')
  style.id = 'measuring-pass'
  style.textContent = '*, *::before, *::after, *::marker { visibility: hidden !important; }'
  document.head.append(style)
}

/** After the measuring print: undo hideEverything. */
export function showEverything(): void {
  document.getElementById('measuring-pass')?.remove()
}

/** Apply the plan: show the filler pages it needs and write the page numbers into the contents and the appendix. */
export function applyPlan(fillers: string[], numbers: [string, string][]): void {
  for (const id of fillers) document.querySelector<HTMLElement>(`[data-filler-for="${id}"]`)!.classList.remove('unused')
  for (const [id, label] of numbers) document.querySelectorAll(`[data-folio-for="${id}"]`).forEach((element) => (element.textContent = label))
}

/** Take the links out (no annotations or destinations on paper: KDP's rules); they stay as `data-href`. */
export function removeLinks(): void {
  document.querySelectorAll('a[href]').forEach((link) => {
    link.setAttribute('data-href', link.getAttribute('href')!)
    link.removeAttribute('href')
  })
}

/**
 * Mark the blocks whose pages the next print should tell (`selector` within
 * each group's root; see render/page-breaks.ts): each gets, as its first
 * child (a row: in its first cell), an empty link to `<origin><n>`, 1 px
 * square, floated with negative margins so that its margin box is empty
 * and no line moves. Chromium writes a link annotation where it paints it,
 * on the page where the block begins (named destinations would cost a look
 * at every one on every page). Not `position: absolute`: each such element
 * gets a paint layer of its own, and Chromium's paged painting then visits
 * every layer for every page, which grows with pages times blocks
 * (bench/README.md). A block with an image of its own is left alone: a new
 * child would change what `img:only-child` matches, and so the layout.
 * Returns, per group, the marker number of each block (-1: unmarked) and,
 * when asked, the block's id and text.
 */
export function markPageBlocks(groups: { root: string; selector: string; texts: boolean }[], origin: string): { marks: number[]; texts: [string, string][] }[] {
  let counter = 0
  return groups.map((group) => {
    const root = document.getElementById(group.root)
    const marks: number[] = []
    const texts: [string, string][] = []
    for (const block of root ? [...root.querySelectorAll(group.selector)] : []) {
      if (group.texts) texts.push([block.id, (block.textContent ?? '').replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim()])
      const host = block.tagName === 'TR' ? block.querySelector('td, th') : block
      if (!host || host.querySelector(':scope > img')) {
        marks.push(-1)
        continue
      }
      const mark = document.createElement('a')
      mark.href = `${origin}${counter}`
      mark.className = 'page-block-mark'
      mark.setAttribute('style', 'float: left; width: 1px; height: 1px; margin: 0 -1px -1px 0; visibility: visible !important')
      host.prepend(mark)
      marks.push(counter++)
    }
    return { marks, texts }
  })
}

/** Undo markPageBlocks: the page is as it was. */
export function markPageBlocksDone(): void {
  document.querySelectorAll('a.page-block-mark').forEach((mark) => mark.remove())
}

/**
 * Remove every soft hyphen where no line breaks (see pruneSoftHyphens in
 * passes.ts for why); returns how many were removed. The book is hidden on
 * screen (templates/print/book.html.ejs); it is shown one text block wide,
 * and no stylesheet of the book depends on the medium, so its lines break
 * as in print.
 */
export function pruneSoftHyphensInPage(widthInches: number): number {
  const screenRules = document.getElementById('screen-rules')!
  const hidden = screenRules.textContent
  screenRules.textContent = `@media screen { html { width: ${widthInches}in; } }`
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  const range = document.createRange()
  const edits: [Text, string][] = []
  let pruned = 0
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const text = node.data
    let kept = ''
    let from = 0
    for (let index = text.indexOf('\u00AD'); index !== -1; index = text.indexOf('\u00AD', index + 1)) {
      if (index === 0 || index + 2 >= text.length) continue
      // From the letter before to the second letter after: one box per line it lies on. (The letter
      // before alone can report a box two lines high, and the first letter after sometimes a box at
      // the end of the line before, so neither is asked on its own.)
      range.setStart(node, index - 1)
      range.setEnd(node, index + 3)
      const boxes = range.getClientRects()
      if (boxes.length > 1 && boxes[boxes.length - 1]!.top >= boxes[0]!.bottom - 1) continue
      kept += text.slice(from, index)
      from = index + 1
      pruned++
    }
    if (from > 0) edits.push([node, kept + text.slice(from)])
  }
  // One change per text node, after every question: each change invalidates the layout.
  for (const [node, text] of edits) node.data = text
  screenRules.textContent = hidden
  return pruned
}

/**
 * Handouts too tall for their page give up the chapter's own words (the job, pay and outlook excerpts),
 * which the page has room for only when the rest is short; what is left must fit (else p-001).
 * `pageHeightPx`: the page's content height. Returns how many handouts were made compact.
 */
export function compactOverflowingHandouts(pageHeightPx: number): number {
  let compacted = 0
  for (const handout of document.querySelectorAll<HTMLElement>('.handout')) {
    if (handout.getBoundingClientRect().height > pageHeightPx) {
      handout.classList.add('compact')
      compacted++
    }
  }
  return compacted
}

/**
 * The laid-out text of each chapter, for the fidelity audit (src/text/leaves.ts walks an EPUB
 * document by the same rules, handed in as `rules`): runs of text between block boundaries, with the
 * region of the chapter each is in (`frame`, `body`, `notes`) and the page block (render/page-breaks.ts,
 * in `blockSelector` order within the chapter's document) that it is in or follows: its page.
 */
export function chapterTexts(
  documents: { id: string; chapter: string }[],
  rules: { boundaries: string[]; skippedTags: string[]; skippedClasses: string[]; blockSelector: string },
): { text: string; region: string; block: number }[][] {
  const boundaries = new Set(rules.boundaries.map((tag) => tag.toUpperCase()))
  const skippedTags = new Set(rules.skippedTags.map((tag) => tag.toUpperCase()))
  return documents.map(({ id, chapter }) => {
    const root = document.getElementById(id)
    const section = document.getElementById(chapter)
    const leaves: { text: string; region: string; block: number }[] = []
    if (!root || !section) return leaves
    const blocks = new Map([...root.querySelectorAll(rules.blockSelector)].map((element, index) => [element, index]))
    let buffer = ''
    let bufferRegion = 'frame'
    let bufferBlock = -1
    let current = -1
    const flush = (): void => {
      if (buffer.trim()) leaves.push({ text: buffer.replace(/\u00AD/g, ''), region: bufferRegion, block: bufferBlock })
      buffer = ''
    }
    const walk = (node: Node, region: string): void => {
      if (node.nodeType === Node.TEXT_NODE) {
        if (!buffer.trim()) {
          bufferRegion = region
          bufferBlock = current
        }
        buffer += (node as Text).data
        return
      }
      if (node.nodeType !== Node.ELEMENT_NODE) return
      const element = node as Element
      if (skippedTags.has(element.tagName.toUpperCase())) return
      const type = element.getAttribute('epub:type')
      if (rules.skippedClasses.some((name) => element.classList.contains(name) || type === name)) return
      if (element.tagName === 'BR') {
        buffer += ' '
        return
      }
      const inner = element.classList.contains('chapter-body') ? 'body' : element.classList.contains('footnotes') || element.classList.contains('footnote') ? 'notes' : region
      const boundary = boundaries.has(element.tagName)
      if (boundary) flush()
      const block = blocks.get(element)
      if (block !== undefined) current = block
      for (const child of element.childNodes) walk(child, inner)
      if (boundary) flush()
    }
    walk(section, 'frame')
    flush()
    return leaves
  })
}

/**
 * Each handout's text as laid out (`innerText`: what is hidden is not in it), for the fidelity audit;
 * whether it was made compact, and what fills its page: the lines of its title and summary (distinct
 * line boxes of their text), its competencies and resources.
 */
export function handoutTexts(): { id: string; text: string; compact: boolean; titleLines: number; summaryLines: number; competencies: number; resources: number; certifications: number }[] {
  const linesOf = (element: Element | null): number => {
    if (!element) return 0
    const range = document.createRange()
    range.selectNodeContents(element)
    const tops = new Set<number>()
    for (const box of range.getClientRects()) if (box.width > 0) tops.add(Math.round(box.top))
    return tops.size
  }
  return [...document.querySelectorAll<HTMLElement>('.handout')].map((handout) => ({
    id: handout.id,
    text: handout.innerText.replace(/\u00AD/g, ''),
    compact: handout.classList.contains('compact'),
    titleLines: linesOf(handout.querySelector('h1')),
    summaryLines: linesOf(handout.querySelector('header .summary')),
    competencies: handout.querySelectorAll('.competencies li').length,
    resources: handout.querySelectorAll('.resources li').length,
    certifications: Math.max(0, handout.querySelectorAll('.at-a-glance dd').length - 3),
  }))
}
