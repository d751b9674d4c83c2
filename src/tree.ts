/**
 * `visit` and `visitParents` with the contract of unist-util-visit(-parents)
 * that our plugins use: a node type (or no test), a visitor that may return
 * `SKIP`, `EXIT` (false), the index to go on from, or `[action, index]`.
 *
 * Why not the packages themselves: for every node they visit they create
 * a closure, copy the ancestors into a new array and redefine a function's
 * `name` (for stack traces), and `visit` finds each node's index with
 * `indexOf`. In the profile of a 52-chapter build that was a fifth of the
 * time. Here the ancestors are one array, pushed and popped: a visitor may
 * read it while it runs but must not keep it.
 */
import type { Node, Parent } from 'unist'
import type { BuildVisitor } from 'unist-util-visit'
import type { BuildVisitor as BuildVisitorWithParents } from 'unist-util-visit-parents'

export const CONTINUE = true
export const EXIT = false
export const SKIP = 'skip'

type Action = typeof CONTINUE | typeof EXIT | typeof SKIP
type Result = Action | number | readonly [(Action | undefined)?, (number | undefined)?] | undefined | void

// The packages' own visitor types: the same typing as theirs, for a test by node type or none.
export function visitParents<Tree extends Node, Type extends string>(tree: Tree, type: Type, visitor: BuildVisitorWithParents<Tree, Type>): void
export function visitParents<Tree extends Node>(tree: Tree, visitor: BuildVisitorWithParents<Tree>): void
export function visitParents(tree: Node, typeOrVisitor: unknown, maybeVisitor?: unknown): void {
  const type = typeof typeOrVisitor === 'string' ? typeOrVisitor : undefined
  const visitor = (type === undefined ? typeOrVisitor : maybeVisitor) as (node: Node, ancestors: Parent[]) => Result
  walk(tree, [], type, (node, ancestors) => visitor(node, ancestors))
}

export function visit<Tree extends Node, Type extends string>(tree: Tree, type: Type, visitor: BuildVisitor<Tree, Type>): void
export function visit(tree: Node, type: string, visitor: unknown): void {
  const call = visitor as (node: Node, index: number | undefined, parent: Parent | undefined) => Result
  walk(tree, [], type, (node, ancestors, index) => call(node, index, ancestors[ancestors.length - 1]))
}

/** What `walk` tells the parent: stop everything, or the index to go on from (undefined: the next one). */
const stop = Symbol('stop')

/** Visit `node` and, unless skipped, its descendants. Returns no tuple: nothing is allocated per node. */
function walk(
  node: Node,
  ancestors: Parent[],
  type: string | undefined,
  visitor: (node: Node, ancestors: Parent[], index: number | undefined) => Result,
  index?: number,
): number | undefined | typeof stop {
  let action: Action | undefined
  let next: number | undefined
  if (type === undefined || node.type === type) {
    const result = visitor(node, ancestors, index)
    if (Array.isArray(result)) [action, next] = result as [Action | undefined, number | undefined]
    else if (typeof result === 'number') next = result
    else if (result !== undefined) action = result as Action
    if (action === EXIT) return stop
  }
  const children = (node as Partial<Parent>).children
  if (children && action !== SKIP) {
    ancestors.push(node as Parent)
    for (let offset = 0; offset > -1 && offset < children.length; ) {
      const child = children[offset]!
      // A leaf of another type (most are text) has nothing to visit: step over it without a call.
      if (type !== undefined && child.type !== type && !(child as Partial<Parent>).children) {
        offset++
        continue
      }
      const childNext = walk(child, ancestors, type, visitor, offset)
      // No pop on the way out: the array belongs to this one walk, which ends here.
      if (childNext === stop) return stop
      offset = childNext ?? offset + 1
    }
    ancestors.pop()
  }
  return next
}
