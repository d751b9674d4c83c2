/**
 * How deeply a tree nests, measured without recursion: content nested past
 * `maxNesting` is a content error (s-007), found before any recursive tree
 * tool (unist-util-visit, hast-util-from-parse5, structuredClone) sees it
 * and overflows the stack.
 */

/** Deeper than this, recursive tree tools overflow the stack (with room to spare). */
export const maxNesting = 500

export interface Depth<P> {
  /** The greatest depth found, at most `limit + 1`: the walk stops at the first node past `limit`. */
  depth: number
  /** Where that node is (the nearest place its ancestors know, when it has none of its own). */
  place: P | undefined
}

export function measureDepth<N, P>(
  root: N,
  children: (node: N) => readonly N[] | undefined,
  placeOf: (node: N) => P | undefined,
  limit = maxNesting,
): Depth<P> {
  let deepest: Depth<P> = { depth: 0, place: placeOf(root) }
  const stack = [{ node: root, depth: 0, place: deepest.place }]
  while (stack.length > 0) {
    const { node, depth, place } = stack.pop()!
    if (depth > deepest.depth) deepest = { depth, place }
    if (depth > limit) return deepest
    for (const child of children(node) ?? []) stack.push({ node: child, depth: depth + 1, place: placeOf(child) ?? place })
  }
  return deepest
}
