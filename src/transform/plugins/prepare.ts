/**
 * Before sanitizing: turn what GFM emits in HTML 4 style into forms that
 * survive the allow-list and are valid XHTML 5. Table alignment becomes a
 * class (the `align` attribute is obsolete), task-list check boxes become
 * ballot-box characters (a form control in a book is meaningless). `dir`
 * is matched case-insensitively by HTML but not by XHTML: lower-case it.
 */
import type { Element, Root } from 'hast'
import { visit } from 'unist-util-visit'

export function prepareForSanitize(tree: Root): void {
  visit(tree, 'element', (node: Element, index, parent) => {
    if (typeof node.properties.dir === 'string') node.properties.dir = node.properties.dir.toLowerCase()
    if ((node.tagName === 'td' || node.tagName === 'th') && typeof node.properties.align === 'string') {
      node.properties.className = [`align-${node.properties.align.toLowerCase()}`]
      delete node.properties.align
    }
    if (node.tagName === 'input' && node.properties.type === 'checkbox' && parent && index !== undefined) {
      const checked = Boolean(node.properties.checked)
      parent.children[index] = {
        type: 'element',
        tagName: 'span',
        properties: { className: ['task'] },
        children: [{ type: 'text', value: checked ? '☑' : '☐' }],
        position: node.position,
      }
    }
  })
}
