/**
 * The fidelity audit of each chapter's EPUB document, in the build cache (index.ts, its one rule): one entry a
 * chapter and volume. The audit reads the document as the EPUB stores it (its compressed bytes: the same bytes
 * are the same document), the chapter's blocks and printed fields, and the language. The chapter's side is
 * recorded as what the chapter's own entry read (its text, its images, its links: `CacheRun.readsOf`), which
 * the transform made them from, so a weekly build neither inflates nor compares an unchanged chapter's
 * document: it audits the new chapter and finds the others' findings.
 */
import type { AuditCache, StoredDocument } from '../audit/epub.ts'
import type { Chapter } from '../chapter.ts'
import type { CacheRun, Reads } from './index.ts'

/** `run`: the run the book was checked in, which holds each chapter entry's reads. */
export function epubAuditCache(run: CacheRun, volumeId: string, language: string): AuditCache {
  const id = (chapter: Chapter) => `epub\0${volumeId}\0${chapter.file.path}`
  const chapterReads = (chapter: Chapter): Reads | undefined => run.readsOf('chapters', chapter.file.path)
  const inputs = (document: StoredDocument) => ({ compression: String(document.compression), document: document.bytes, language })
  return {
    get(chapter, document) {
      // A chapter this run did not check from its entry (none kept: it has problems) is audited every time.
      if (!chapterReads(chapter)) return undefined
      const findings = (run.get('audits', id(chapter), inputs(document))?.value as { findings?: unknown } | undefined)?.findings
      return Array.isArray(findings) ? findings : undefined
    },
    set(chapter, document, findings) {
      const reads = chapterReads(chapter)
      if (!reads) return
      const log = run.log()
      log.add(reads)
      for (const [name, value] of Object.entries(inputs(document))) log.input(name, value)
      run.set('audits', id(chapter), log, { findings })
    },
  }
}
