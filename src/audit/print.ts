/**
 * The audit of the print book: each chapter's text as the print pass laid it out (print/page-scripts.ts,
 * chapterTexts: soft hyphens pruned, the addresses printed after links left out), with the page each
 * leaf is on, from the page map (print/page-map.ts).
 */
import type { Chapter } from '../chapter.ts'
import type { PageMap } from '../render/page-breaks.ts'
import { chapterId } from '../transform/index.ts'
import type { SourceCache } from './index.ts'
import type { OutputLeaf, Region } from '../text/leaves.ts'
import { auditChapter, type Finding, type OutputName } from './match.ts'
import { comparable } from '../text/compare.ts'

export const printOutput: OutputName = { name: 'the print book', missing: 'a-003', stray: 'a-004' }

export type LaidOutLeaf = { text: string; region: string; block: number }

export function auditPrint(texts: ReadonlyMap<string, readonly LaidOutLeaf[]>, pageMap: PageMap | undefined, chapters: readonly Chapter[], sources: SourceCache): Map<Chapter, Finding[]> {
  const found = new Map<Chapter, Finding[]>()
  for (const chapter of chapters) {
    const id = chapterId(chapter.slug)
    const starts = pageMap?.documents[id]?.starts ?? []
    const leaves: OutputLeaf[] = (texts.get(id) ?? []).flatMap((leaf) => {
      const text = comparable(leaf.text)
      if (!text) return []
      const page = pageOf(starts, leaf.block)
      return [{ text, region: leaf.region as Region, ...(page ? { page } : {}) }]
    })
    found.set(chapter, auditChapter(sources.blocksOf(chapter), leaves, printOutput))
  }
  return found
}

/** The label of the page block `block` is on: that of the last page that begins at or before it. */
function pageOf(starts: readonly { block: number; label: string }[], block: number): string | undefined {
  let label: string | undefined
  for (const start of starts) {
    if (start.block > block) break
    label = start.label
  }
  return label
}
