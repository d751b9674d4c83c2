/**
 * After sanitizing: mend what XHTML does not allow but the HTML parser lets
 * through (EPUBCheck RSC-005), mostly from raw HTML wrapped around Markdown.
 *
 * - An `<img>` whose address was unsafe (`data:`, `javascript:` …) or empty
 *   has no `src` left: it becomes its alt text, so the reader still gets
 *   what it described.
 * - Text-level elements cannot hold blocks (`<em>` around paragraphs): the
 *   element moves inside the blocks, around their text; a paragraph or
 *   heading holding a block is split around it.
 * - Parts of lists, definition lists, figures and tables outside their
 *   whole (a pasted `<li>` or `<td>` on its own) are unwrapped: their
 *   content stays, the element goes.
 * - A table caption that is not the table's first child moves there.
 */
import type { Element, ElementContent, Root } from 'hast'
import { visitParents } from 'unist-util-visit-parents'

/** Allow-listed elements (schema.ts) that hold phrasing content only. */
const phrasing = new Set([
  'a', 'abbr', 'b', 'br', 'cite', 'code', 'del', 'dfn', 'em', 'i', 'img', 'ins', 'kbd', 'mark', 'q', 's', 'samp',
  'small', 'span', 'strong', 'sub', 'sup', 'u', 'var',
])
const textBlocks = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre'])

/** Elements that are only valid inside certain parents. */
const allowedParents: Readonly<Record<string, readonly string[]>> = {
  li: ['ul', 'ol'],
  dt: ['dl', 'div'],
  dd: ['dl', 'div'],
  figcaption: ['figure'],
  caption: ['table'],
  thead: ['table'],
  tbody: ['table'],
  tfoot: ['table'],
  tr: ['table', 'thead', 'tbody', 'tfoot'],
  td: ['tr'],
  th: ['tr'],
}

export function repairAfterSanitize(tree: Root): void {
  tree.children = mendNesting(tree.children as ElementContent[])
  visitParents(tree, 'element', (node: Element, ancestors) => {
    const parent = ancestors[ancestors.length - 1]!
    const index = parent.children.indexOf(node)
    const parentTag = parent.type === 'element' ? parent.tagName : ''
    if (node.tagName === 'img' && !hasSource(node)) {
      const alt = typeof node.properties.alt === 'string' ? node.properties.alt : ''
      parent.children.splice(index, 1, ...(alt === '' ? [] : [{ type: 'text' as const, value: alt }]))
      return index
    }
    const allowed = allowedParents[node.tagName]
    const grandparent = ancestors[ancestors.length - 2]
    const inDl = parentTag !== 'div' || (grandparent?.type === 'element' && grandparent.tagName === 'dl')
    if (allowed && (!allowed.includes(parentTag) || !inDl)) {
      parent.children.splice(index, 1, ...(node.children as ElementContent[]))
      return index
    }
    if (node.tagName === 'caption') {
      const first = parent.children.findIndex((child) => child.type === 'element')
      if (first !== index) parent.children.splice(first, 0, ...parent.children.splice(index, 1))
    }
    return undefined
  })
}

/**
 * Children first, so that a block moved out of an `<em>` is seen by the `<p>` around it. Returns `children`
 * itself when nothing in it moved (nearly always): no new arrays for a well-nested book.
 */
function mendNesting(children: ElementContent[]): ElementContent[] {
  let mended: ElementContent[] | undefined
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    let replacement: ElementContent[] | undefined
    if (child.type === 'element') {
      child.children = mendNesting(child.children)
      const isPhrasing = phrasing.has(child.tagName)
      if ((isPhrasing || textBlocks.has(child.tagName)) && child.children.some(isBlock)) {
        replacement = isPhrasing ? pushInside(child, child.children, { first: true }) : splitAround(child)
      }
    }
    if (replacement) {
      mended ??= children.slice(0, index)
      mended.push(...replacement)
    } else {
      mended?.push(child)
    }
  }
  return mended ?? children
}

/** `<em>a<p>b</p></em>` → `<em>a</em><p><em>b</em></p>`: the wrapper goes around every run of text, at any depth. */
function pushInside(wrapper: Element, nodes: ElementContent[], state: { first: boolean }): ElementContent[] {
  const out: ElementContent[] = []
  let run: ElementContent[] = []
  const flush = () => {
    if (run.some((node) => !isWhitespace(node))) {
      out.push({ ...wrapper, properties: copyProperties(wrapper, state.first), children: run })
      state.first = false
    } else {
      out.push(...run)
    }
    run = []
  }
  for (const node of nodes) {
    if (isBlock(node)) {
      flush()
      node.children = pushInside(wrapper, node.children, state)
      out.push(node)
    } else {
      run.push(node)
    }
  }
  flush()
  return out
}

/** `<p>a<div>b</div>c</p>` → `<p>a</p><div>b</div><p>c</p>`. */
function splitAround(block: Element): ElementContent[] {
  const out: ElementContent[] = []
  let run: ElementContent[] = []
  let first = true
  const flush = () => {
    if (run.some((node) => !isWhitespace(node))) {
      out.push({ ...block, properties: copyProperties(block, first), children: run })
      first = false
    }
    run = []
  }
  for (const node of block.children) {
    if (isBlock(node)) {
      flush()
      out.push(node)
    } else {
      run.push(node)
    }
  }
  flush()
  return out
}

/** Copies after the first lose the id, which must stay unique. */
function copyProperties(element: Element, first: boolean): Element['properties'] {
  const { id, ...rest } = element.properties
  return first && id !== undefined ? { id, ...rest } : rest
}

function isBlock(node: ElementContent): node is Element {
  return node.type === 'element' && !phrasing.has(node.tagName)
}

function isWhitespace(node: ElementContent): boolean {
  return node.type === 'text' && node.value.trim() === ''
}

function hasSource(node: Element): boolean {
  return typeof node.properties.src === 'string' && node.properties.src.trim() !== ''
}
