/**
 * The audit stage: what the editor wrote is what the reader gets. After the outputs are made (and again
 * by `verify`, on what is in dist/), every block of every chapter is looked for in each output that
 * should carry it: the EPUB's chapter document (epub.ts), the print pass's laid-out text (print.ts),
 * the handout's promised fields (handouts.ts). What is missing, cut short or out of order is an error
 * at the block's own line; text no block accounts for is an error after the block before it.
 *
 * The source side is kept by the transform (transform/source-blocks.ts, and in the build cache), with
 * the printed front-matter fields added here (source.ts, `SourceCache`); the comparison (match.ts) is
 * string search over one chapter at a time.
 */
import type { VFile } from 'vfile'
import type { BodyBlocks, Chapter, TransformedChapter } from '../chapter.ts'
import { report } from '../report/messages.ts'
import { frontMatterKeyPosition } from '../validate/places.ts'
import type { Finding } from './match.ts'
import { chapterBlocks, type ChapterBlocks } from './source.ts'

export { auditChapter, type Finding, type OutputName } from './match.ts'
export { chapterBlocks, type ChapterBlocks, type SourceBlock } from './source.ts'
export { comparable, squeezed } from '../text/compare.ts'

/**
 * Each chapter's blocks, made once per build however many outputs and volumes it is in: the body's as
 * the transform kept them (`transformed`), else read from the chapter's text again.
 */
export class SourceCache {
  readonly #blocks = new Map<string, ChapterBlocks>()
  readonly #kept = new Map<string, () => BodyBlocks | undefined>()
  readonly language: string
  constructor(language: string, transformed: readonly TransformedChapter[] = []) {
    this.language = language
    for (const entry of transformed) if (entry.blocks) this.#kept.set(entry.chapter.file.path, entry.blocks)
  }
  blocksOf(chapter: Chapter): ChapterBlocks {
    const key = chapter.file.path
    let blocks = this.#blocks.get(key)
    if (!blocks) {
      const kept = this.#kept.get(key)?.()
      this.#blocks.set(key, (blocks = kept ? chapterBlocks(chapter, this.language, kept) : chapterBlocks(chapter, this.language)))
    }
    return blocks
  }
}

/** Where a finding goes in the chapter file: the block's line, or a field's key in the front matter. */
export function findingPlace(file: VFile, finding: Finding): { line: number; column: number } {
  const block = finding.block
  if (!block) return { line: 1, column: 1 }
  if (block.field) {
    const position = frontMatterKeyPosition(file, block.field)
    return position ? { line: position.start.line, column: position.start.column } : { line: 1, column: 1 }
  }
  return { line: block.line, column: block.column }
}

/** Report findings on the chapter; a chapter in two volumes gets each message once. */
export function reportFindings(chapter: Chapter, findings: readonly Finding[]): void {
  const file = chapter.file
  for (const finding of findings) {
    const place = findingPlace(file, finding)
    if (file.messages.some((message) => message.ruleId === finding.code && message.reason === finding.message && message.line === place.line)) continue
    report(file, finding.code, finding.message, place)
  }
}
