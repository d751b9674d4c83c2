/**
 * The audit of an EPUB: each chapter's document (`ch-<slug>.xhtml`) against the chapter's blocks.
 * Read from the EPUB's bytes, so that the build and `verify` audit the same thing: the file a reader gets.
 */
import JSZip from 'jszip'
import type { Chapter } from '../chapter.ts'
import { epubTarget } from '../package/epub.ts'
import type { SourceCache } from './index.ts'
import { chapterLeaves } from '../text/leaves.ts'
import { auditChapter, type Finding, type OutputName } from './match.ts'

export const epubOutput: OutputName = { name: 'the EPUB', missing: 'a-001', stray: 'a-002' }

/**
 * Every chapter of `chapters` in the EPUB: its findings, by chapter. A chapter with no document in the
 * EPUB has every block missing (`missingDocument`).
 */
export async function auditEpub(data: Uint8Array, chapters: readonly Chapter[], sources: SourceCache): Promise<Map<Chapter, Finding[]>> {
  const zip = await JSZip.loadAsync(data)
  const names = Object.keys(zip.files)
  const found = new Map<Chapter, Finding[]>()
  for (const chapter of chapters) {
    const href = epubTarget.chapterHref(chapter.slug)
    const entry = names.find((name) => name === href || name.endsWith(`/${href}`))
    const leaves = entry ? chapterLeaves(await zip.file(entry)!.async('string')) : []
    found.set(chapter, auditChapter(sources.blocksOf(chapter), leaves, epubOutput))
  }
  return found
}
