/**
 * Ids that are unique in the whole book and valid XML names. Every id in a
 * chapter body becomes `<chapter-id>_<name>`: the chapter prefix keeps ids
 * apart between chapters (the print book is one HTML document), and the `_`
 * keeps them apart from the ids the templates write, which never contain
 * one. Headings get ids from their text so authors can link to `#outlook`.
 * Fragment links are rewritten to match, and a link to an id that does not
 * exist is an error (Kindle rejects them, EPUBCheck RSC-012).
 */
import type { Element, Root } from 'hast'
import { toString } from 'hast-util-to-string'
import { visitParents } from 'unist-util-visit-parents'
import type { VFile } from 'vfile'
import { report } from '../../report/messages.ts'
import { safeDecode } from '../../text/urls.ts'
import { positionOf } from './report-unsafe.ts'

const headingTags = new Set(['h2', 'h3', 'h4', 'h5', 'h6'])

export function namespaceIds(tree: Root, file: VFile, prefix: string): void {
  const renamed = new Map<string, string>()
  // Footnote ids as the pipeline made them: its own links resolve here, so
  // an author's `id="fn-fn-1"` cannot capture a note reference.
  const footnoteIds = new Map<string, string>()
  const used = new Set<string>()
  const generated = new WeakSet<Element>()

  visitParents(tree, 'element', (node: Element) => {
    if (headingTags.has(node.tagName) && typeof node.properties.id !== 'string') {
      node.properties.id = toName(toString(node)) || 'section'
      generated.add(node)
    }
  })

  visitParents(tree, 'element', (node: Element, ancestors) => {
    const id = node.properties.id
    if (id === undefined || id === null) return
    const original = String(id)
    const base = `${prefix}_${toName(original) || 'id'}`
    let candidate = base
    for (let n = 2; used.has(candidate); n++) candidate = `${base}-${n}`
    const footnotePart = isFootnotePart(node)
    if (candidate !== base && !generated.has(node) && !footnotePart) {
      report(file, 'x-004', `The id \`${original}\` is used twice; the second was renamed`, positionOf(node, ancestors))
    }
    used.add(candidate)
    node.properties.id = candidate
    if (footnotePart && !footnoteIds.has(original)) footnoteIds.set(original, candidate)
    if (!renamed.has(original)) renamed.set(original, candidate)
    // Headings are also reachable by the id written the way authors expect
    // it, the second "Notes" heading as `#notes-2`.
    const short = candidate.slice(prefix.length + 1)
    if (generated.has(node) && !renamed.has(short)) renamed.set(short, candidate)
  })

  visitParents(tree, 'element', (node: Element, ancestors) => {
    const href = node.properties.href
    if (node.tagName !== 'a' || typeof href !== 'string' || !href.startsWith('#')) return
    const fragment = safeDecode(href.slice(1))
    const own = isFootnotePart(node) ? footnoteIds.get(fragment) : undefined
    const target = own ?? renamed.get(fragment) ?? renamed.get(toName(fragment))
    if (target) {
      node.properties.href = `#${target}`
    } else {
      report(file, 'l-004', `Link to \`${href}\`: no element in this chapter has that id`, positionOf(node, ancestors))
    }
  })
}

/** Note references, notes and their back links: made by footnotes.ts after sanitizing, so never by the author. */
function isFootnotePart(node: Element): boolean {
  const type = node.properties['epub:type']
  return type === 'noteref' || type === 'footnote' || node.properties.role === 'doc-backlink'
}

/** Lower-case words joined by hyphens: a valid XML name once prefixed. */
export function toName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
}
