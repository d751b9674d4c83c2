/**
 * Say what sanitizing is about to remove (x-002, l-007), so an editor learns
 * that the pasted widget will not be in the book. The removal itself is the
 * sanitizer's job.
 */
import type { Element, Root } from 'hast'
import type { Position } from 'unist'
import { visitParents } from 'unist-util-visit-parents'
import type { VFile } from 'vfile'
import { report } from '../../report/messages.ts'
import { isUnsafeScheme } from '../../text/urls.ts'
import { dangerousTagNames } from '../schema.ts'

export function reportUnsafe(tree: Root, file: VFile): void {
  visitParents(tree, 'element', (node: Element, ancestors) => {
    const place = positionOf(node, ancestors)
    if (dangerousTagNames.has(node.tagName)) {
      report(file, 'x-002', `Removed \`<${node.tagName}>\`: a book cannot carry it`, place)
      return 'skip'
    }
    const handlers = Object.keys(node.properties).filter((key) => /^on[a-z]/i.test(key))
    if (handlers.length > 0) {
      report(file, 'x-002', `Removed the event handler${handlers.length > 1 ? 's' : ''} ${handlers.map((h) => `\`${h.toLowerCase()}\``).join(', ')} from \`<${node.tagName}>\``, place)
    }
    if (node.properties.style !== undefined) {
      report(file, 'x-002', `Removed the \`style\` attribute from \`<${node.tagName}>\`: the book's CSS sets the look`, place)
    }
    for (const key of ['href', 'src', 'action', 'formAction', 'data', 'poster', 'background']) {
      const value = node.properties[key]
      if (typeof value === 'string' && isUnsafeScheme(asBrowsersRead(value))) {
        report(file, 'l-007', `Removed the \`${asBrowsersRead(value).split(':')[0]!.toLowerCase()}:\` address from \`<${node.tagName}>\`: a book cannot follow it`, place)
      }
    }
    return undefined
  })
}

/**
 * A URL the way browsers read it before looking at its scheme (WHATWG URL
 * parsing): without leading and trailing spaces and control characters, and
 * without any tab or line break, so `java&#9;script:` is `javascript:`.
 */
export function asBrowsersRead(url: string): string {
  // eslint-disable-next-line no-control-regex
  return url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '')
}

/** Elements parsed from raw HTML may lack a position: use the nearest ancestor's. */
export function positionOf(node: { position?: Position | undefined }, ancestors: readonly { position?: Position | undefined }[]): Position | undefined {
  if (node.position) return node.position
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const position = ancestors[i]!.position
    if (position) return position
  }
  return undefined
}
