/** Breaking an output on purpose, for the audit's property tests: one block taken out of an EPUB chapter. */
import { parse, serialize, type DefaultTreeAdapterMap } from 'parse5'
import { comparable } from '../../src/audit/text.ts'

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']

const blockTags = new Set(['p', 'li', 'td', 'th', 'h3', 'pre'])

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value
  return 'childNodes' in node ? (node as DefaultTreeAdapterMap['parentNode']).childNodes.map(textOf).join('') : ''
}

/** The XHTML without the first block element of the chapter's body whose text begins with `text`; undefined when none does. */
export function withoutBlock(xhtml: string, text: string): string | undefined {
  const document = parse(xhtml)
  const wanted = comparable(text)
  let inBody = false
  let removed = false
  const visit = (node: Node): void => {
    if (removed || !('childNodes' in node)) return
    const parent = node as DefaultTreeAdapterMap['parentNode']
    for (const child of [...parent.childNodes]) {
      if (removed) return
      if (!('tagName' in child)) continue
      const element = child as Element
      const wasInBody = inBody
      if (element.attrs.some((attr) => attr.name === 'class' && attr.value.split(/\s+/).includes('chapter-body'))) inBody = true
      if (inBody && blockTags.has(element.nodeName) && comparable(textOf(element)).startsWith(wanted)) {
        parent.childNodes.splice(parent.childNodes.indexOf(child), 1)
        removed = true
        return
      }
      visit(element)
      inBody = wasInBody
    }
  }
  visit(document)
  return removed ? serialize(document) : undefined
}
