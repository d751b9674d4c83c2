/**
 * A chapter's check and transform, in the build cache (index.ts), so that a
 * weekly build of a long book parses only the new chapter. The entry is the
 * chapter's by its path; it holds while everything the check read reads the
 * same: the chapter's text, each image it shows and every place an image was
 * looked for first (`x.png`: `chapters/x.png`, else `assets/x.png`), and the
 * chapters its links reached. The same code for the disk and the memory
 * store. The chapter's blocks for the fidelity audit are a second entry
 * (`blocks`), with the same reads, read only when an audit needs them.
 */
import type { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import type { BodyBlocks, ImageAsset, TransformedChapter } from '../chapter.ts'
import type { CacheRun, ReadLog } from './index.ts'

export interface CachedChapter {
  messages: VFileMessage[]
  transformed?: TransformedChapter
}

interface StoredMessage {
  reason: string
  place: VFileMessage['place']
  ruleId: string | undefined
  fatal: boolean | null | undefined
  note: string | undefined
}

interface StoredChapter {
  messages: StoredMessage[]
  transformed?: {
    slug: string
    meta: TransformedChapter['chapter']['meta']
    body: TransformedChapter['body']
    images: [string, ImageAsset][]
    chapterLinks: [string, string][]
  }
}

export function getChapter(run: CacheRun, file: VFile): CachedChapter | undefined {
  const found = run.get('chapters', file.path)
  if (!found) return undefined
  const stored = found.value as StoredChapter
  const messages = stored.messages.map((message) => {
    const revived = new VFileMessage(message.reason, { place: message.place, ruleId: message.ruleId, source: 'springboard' })
    revived.file = file.path
    revived.fatal = message.fatal
    revived.note = message.note
    return revived
  })
  // The blocks are an entry of their own, read only if an audit asks (a weekly EPUB build audits the new chapter only).
  run.keep('blocks', file.path)
  const transformed = stored.transformed && {
    chapter: { file, slug: stored.transformed.slug, meta: stored.transformed.meta },
    body: stored.transformed.body,
    blocks: () => run.get('blocks', file.path)?.value as BodyBlocks | undefined,
    images: new Map(stored.transformed.images),
    chapterLinks: new Map(stored.transformed.chapterLinks),
  }
  return { messages, transformed }
}

/** Kept unless the chapter has errors (they are reported again by checking it again). */
export function setChapter(run: CacheRun, file: VFile, log: ReadLog, entry: CachedChapter): void {
  if (entry.messages.some((message) => message.fatal)) return
  const { transformed } = entry
  const stored: StoredChapter = {
    messages: entry.messages.map((message) => ({ reason: message.reason, place: message.place, ruleId: message.ruleId, fatal: message.fatal, note: message.note })),
    transformed: transformed && {
      slug: transformed.chapter.slug,
      meta: transformed.chapter.meta,
      body: transformed.body,
      images: [...transformed.images],
      chapterLinks: [...transformed.chapterLinks],
    },
  }
  // The memory store keeps the object itself: a copy, so that the build's own changes never reach the entry.
  run.set('chapters', file.path, log, JSON.parse(JSON.stringify(stored)) as StoredChapter)
  const blocks = transformed?.blocks?.()
  if (blocks) run.set('blocks', file.path, log, JSON.parse(JSON.stringify(blocks)) as BodyBlocks)
}
