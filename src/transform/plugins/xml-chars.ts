/**
 * Remove characters that XML 1.0 cannot carry, even as character
 * references: C0 controls other than tab and line feed, U+FFFE, U+FFFF and
 * lone surrogates. They reach the tree through references such as `&#1;`
 * (literal ones are removed at load time, with their exact position).
 */
import type { Root } from 'hast'
import { visitParents } from 'unist-util-visit-parents'
import type { VFile } from 'vfile'
import { report } from '../../report/messages.ts'
import { xmlForbidden } from '../../text/xml-chars.ts'
import { positionOf } from './report-unsafe.ts'

export function stripXmlForbidden(tree: Root, file: VFile): void {
  visitParents(tree, (node, ancestors) => {
    let found = false
    if (node.type === 'text' || node.type === 'comment') {
      const cleaned = node.value.replace(xmlForbidden, '')
      if (cleaned !== node.value) {
        node.value = cleaned
        found = true
      }
    } else if (node.type === 'element') {
      for (const [key, value] of Object.entries(node.properties)) {
        if (typeof value === 'string') {
          const cleaned = value.replace(xmlForbidden, '')
          if (cleaned !== value) {
            node.properties[key] = cleaned
            found = true
          }
        } else if (Array.isArray(value)) {
          node.properties[key] = value.map((item) => (typeof item === 'string' ? item.replace(xmlForbidden, '') : item))
        }
      }
    }
    if (found) {
      report(file, 'x-001', 'Removed characters that XML cannot carry (written as character references)', positionOf(node, ancestors))
    }
  })
}
