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
 * Findings made before, for the same chapter document (as read from an EPUB) and the same chapter: a
 * weekly build finds every unchanged chapter's (the build cache, src/cache/audits.ts).
 */
export interface AuditCache {
  get(chapter: Chapter, document: string): Finding[] | undefined
  set(chapter: Chapter, document: string, findings: readonly Finding[]): void
}

/**
 * Every chapter of `chapters` in the EPUB: its findings, by chapter. A chapter with no document in the
 * EPUB has every block missing (`missingDocument`).
 */
export async function auditEpub(data: Uint8Array, chapters: readonly Chapter[], sources: SourceCache, known?: AuditCache): Promise<Map<Chapter, Finding[]>> {
  const zip = await JSZip.loadAsync(data)
  const entries = new Map(Object.keys(zip.files).map((name) => [name.slice(name.lastIndexOf('/') + 1), name]))
  const found = new Map<Chapter, Finding[]>()
  for (const chapter of chapters) {
    const entry = entries.get(epubTarget.chapterHref(chapter.slug))
    const document = entry ? await zip.file(entry)!.async('string') : undefined
    const before = document === undefined ? undefined : known?.get(chapter, document)
    if (before) {
      found.set(chapter, before)
      continue
    }
    const findings = auditChapter(sources.blocksOf(chapter), document === undefined ? [] : chapterLeaves(document), epubOutput)
    if (document !== undefined) known?.set(chapter, document, findings)
    found.set(chapter, findings)
  }
  return found
}
