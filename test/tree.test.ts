/**
 * src/tree.ts keeps the contract of unist-util-visit(-parents) that the
 * plugins use: the same nodes in the same order, with SKIP, EXIT and "go on
 * from this index" after the visitor changed its parent. Checked against
 * the packages themselves on the same trees.
 */
import type { Element, ElementContent, Root } from 'hast'
import { visit as upstreamVisit } from 'unist-util-visit'
import { visitParents as upstreamVisitParents } from 'unist-util-visit-parents'
import { describe, expect, it } from 'vitest'
import { SKIP, visit, visitParents } from '../src/tree.ts'

function element(tagName: string, children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties: {}, children }
}

/** A tree with nesting, text, and elements to remove, skip and stop at. */
function sample(): Root {
  return {
    type: 'root',
    children: [
      element('p', [{ type: 'text', value: 'a' }, element('em', [{ type: 'text', value: 'b' }]), element('del', [{ type: 'text', value: 'gone' }])]),
      element('aside', [element('p', [{ type: 'text', value: 'skipped' }])]),
      element('del'),
      element('ul', [element('li', [{ type: 'text', value: 'c' }]), element('li', [element('del'), element('stop'), element('p')])]),
      element('p', [{ type: 'text', value: 'never' }]),
    ],
  }
}

type Visit = typeof upstreamVisit
type VisitParents = typeof upstreamVisitParents

/** Every element in order, with its depth; removes <del>, skips <aside>'s children, stops at <stop>. */
function recordWithVisit(run: Visit | typeof visit): string[] {
  const seen: string[] = []
  const tree = sample()
  ;(run as Visit)(tree, 'element', (node: Element, index, parent) => {
    seen.push(`${node.tagName}@${index}`)
    if (node.tagName === 'del' && parent && index !== undefined) {
      parent.children.splice(index, 1)
      return index
    }
    if (node.tagName === 'aside') return SKIP
    if (node.tagName === 'stop') return false
    return undefined
  })
  seen.push(JSON.stringify(tree).length.toString())
  return seen
}

function recordWithParents(run: VisitParents | typeof visitParents): string[] {
  const seen: string[] = []
  ;(run as VisitParents)(sample(), (node, ancestors) => {
    seen.push(`${node.type}:${'tagName' in node ? node.tagName : 'value' in node ? node.value : ''}/${ancestors.length}`)
    return 'tagName' in node && node.tagName === 'aside' ? [SKIP] : undefined
  })
  return seen
}

describe('src/tree.ts', () => {
  it('visits like unist-util-visit: order, indexes, removal, SKIP and EXIT', () => {
    const ours = recordWithVisit(visit)
    expect(ours).toEqual(recordWithVisit(upstreamVisit))
    // And the run did meet every case: the <p> under <aside> is skipped, each <del> removed (the walk goes on
    // at the same index), nothing after <stop>.
    expect(ours.slice(0, -1)).toEqual(['p@0', 'em@1', 'del@2', 'aside@1', 'del@2', 'ul@2', 'li@0', 'li@1', 'del@0', 'stop@0'])
  })

  it('visits like unist-util-visit-parents: every node with its ancestors, SKIP as a tuple', () => {
    const ours = recordWithParents(visitParents)
    expect(ours).toEqual(recordWithParents(upstreamVisitParents))
    expect(ours).toContain('text:never/2')
    expect(ours).not.toContain('text:skipped/3')
  })
})
