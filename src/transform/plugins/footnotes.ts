/**
 * GFM footnotes as EPUB pop-up notes that Kindle understands: the reference
 * is an `epub:type="noteref"` link, each note an `<aside epub:type="footnote">`
 * that starts with its number linking back (the backlink-first pattern that
 * pandoc adopted after Kindle bug reports). Runs after sanitizing, so the
 * semantic attributes never come from the author.
 */
import type { Element, ElementContent, Root } from 'hast'
import { visit } from 'unist-util-visit'

export function kindleFootnotes(tree: Root): void {
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'a' && 'dataFootnoteRef' in node.properties) {
      delete node.properties.dataFootnoteRef
      node.properties['epub:type'] = 'noteref'
      node.properties.role = 'doc-noteref'
      node.properties.className = ['noteref']
    }
  })

  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'section' || !('dataFootnotes' in node.properties) || !parent || index === undefined) return
    const list = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'ol')
    const items = (list?.children ?? []).filter((child): child is Element => child.type === 'element' && child.tagName === 'li')
    const asides = items.map((item, position) => toAside(item, position + 1))
    parent.children[index] = {
      type: 'element',
      tagName: 'div',
      properties: { className: ['footnotes'] },
      children: asides,
    }
    return 'skip'
  })
}

function toAside(item: Element, number: number): Element {
  let backHref: string | undefined
  // Drop the trailing "↩" back-references; remember the first one's target.
  visit(item, 'element', (node: Element, index, parent) => {
    if (node.tagName === 'a' && 'dataFootnoteBackref' in node.properties && parent && index !== undefined) {
      backHref ??= String(node.properties.href)
      parent.children.splice(index, 1)
      return index
    }
    return undefined
  })
  const backlink: Element = {
    type: 'element',
    tagName: 'a',
    properties: { href: backHref ?? '#', role: 'doc-backlink', className: ['footnote-number'] },
    children: [{ type: 'text', value: `${number}.` }],
  }
  const content = trimTrailingSpace(item.children.filter((child) => !(child.type === 'text' && child.value.trim() === '')))
  const first = content[0]
  if (first?.type === 'element' && first.tagName === 'p') {
    first.children.unshift(backlink, { type: 'text', value: ' ' })
  } else {
    content.unshift({ type: 'element', tagName: 'p', properties: {}, children: [backlink] })
  }
  return {
    type: 'element',
    tagName: 'aside',
    properties: { id: item.properties.id, 'epub:type': 'footnote', role: 'doc-footnote', className: ['footnote'] },
    children: content,
  }
}

function trimTrailingSpace(children: ElementContent[]): ElementContent[] {
  for (const child of children) {
    if (child.type === 'element' && child.tagName === 'p') {
      let last = child.children[child.children.length - 1]
      while (last?.type === 'text') {
        last.value = last.value.replace(/\s+$/, '')
        if (last.value !== '') break
        child.children.pop()
        last = child.children[child.children.length - 1]
      }
    }
  }
  return children
}
