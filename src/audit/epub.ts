/**
 * The audit of an EPUB: each chapter's document (`ch-<slug>.xhtml`) against the chapter's blocks.
 * Read from the EPUB's bytes, so that the build and `verify` audit the same thing: the file a reader gets.
 */
import { text } from 'node:stream/consumers'
import yauzl from 'yauzl'
import type { Chapter } from '../chapter.ts'
import { epubTarget } from '../package/epub.ts'
import type { SourceCache } from './index.ts'
import { chapterLeaves } from '../text/leaves.ts'
import { auditChapter, type Finding, type OutputName } from './match.ts'

export const epubOutput: OutputName = { name: 'the EPUB', missing: 'a-001', stray: 'a-002' }

/**
 * A chapter document as the EPUB stores it: its compression method and its bytes as stored (compressed).
 * The same stored bytes are the same document, so findings made before are found by them without
 * inflating the document again.
 */
export interface StoredDocument {
  compression: number
  bytes: Uint8Array
}

/**
 * Findings made before, for the same chapter document (as stored in an EPUB) and the same chapter: a
 * weekly build finds every unchanged chapter's (the build cache, src/cache/audits.ts).
 */
export interface AuditCache {
  get(chapter: Chapter, document: StoredDocument): Finding[] | undefined
  set(chapter: Chapter, document: StoredDocument, findings: readonly Finding[]): void
}

/**
 * Every chapter of `chapters` in the EPUB: its findings, by chapter. A chapter with no document in the
 * EPUB has every block missing (`missingDocument`).
 */
export async function auditEpub(data: Uint8Array, chapters: readonly Chapter[], sources: SourceCache, known?: AuditCache): Promise<Map<Chapter, Finding[]>> {
  const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  const zip = await yauzl.fromBufferPromise(buffer)
  const entries = new Map<string, yauzl.Entry>()
  for await (const entry of zip.eachEntry()) entries.set(entry.fileName.slice(entry.fileName.lastIndexOf('/') + 1), entry)
  const found = new Map<Chapter, Finding[]>()
  for (const chapter of chapters) {
    const entry = entries.get(epubTarget.chapterHref(chapter.slug))
    let stored: StoredDocument | undefined
    if (entry && known) {
      // Where the entry's data starts (yauzl reads its local header); the stored bytes are then the EPUB's own.
      const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true })
      stored = { compression: entry.compressionMethod, bytes: buffer.subarray(fileDataStart, fileDataStart + entry.compressedSize) }
      const before = known.get(chapter, stored)
      if (before) {
        found.set(chapter, before)
        continue
      }
    }
    const document = entry ? await text(await zip.openReadStreamPromise(entry)) : undefined
    const findings = auditChapter(sources.blocksOf(chapter), document === undefined ? [] : chapterLeaves(document), epubOutput)
    if (stored) known?.set(chapter, stored, findings)
    found.set(chapter, findings)
  }
  return found
}
