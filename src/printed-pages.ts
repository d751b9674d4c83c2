/**
 * The page map is a print output, not a cache entry. A build that prints
 * the interior writes `<volume>/page-map.json` beside the PDFs: which page
 * each block of text begins on, and the hash of the print it came from.
 * An EPUB built without printing takes its page list from that file only
 * when the hash is the one the current sources would print (the same
 * chapters as checked, images, config, templates, program and browser);
 * else it has no page list, and the build says so in one line. So the
 * EPUB's bytes never depend on `.springboard-cache/`.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { versions } from './cache/index.ts'
import type { TransformedChapter } from './chapter.ts'
import type { Volume } from './config/index.ts'
import { FileStates, ReadLog } from './files/reads.ts'
import type { PageMap } from './render/page-breaks.ts'
import type { SerializableBody } from './render/index.ts'

export const pageMapName = 'page-map.json'

export interface PrintSources {
  root: string
  /** The config file's text. */
  configText: string
  volume: Volume
  chapters: readonly TransformedChapter[]
  introduction: SerializableBody
  modified: Date
  /** The browser's `--version` and path (browser/index.ts: browserVersion). */
  browser: string | undefined
  /** The build's file states (the check's, when it used the cache): each file is read once. */
  states?: FileStates
}

/** The hash of everything the print of a volume reads: the same hash, the same pages. */
export function printHash(sources: PrintSources): string {
  const reads = new ReadLog(sources.states ?? new FileStates())
  reads.path(path.join(sources.root, 'springboard.yaml'))
  reads.tree(path.join(sources.root, 'templates'))
  for (const { images } of [...sources.chapters, sources.introduction]) for (const image of images.values()) reads.path(image.absolutePath)
  const { chapters: _chapters, ...volume } = sources.volume
  const chapters = sources.chapters.map(({ chapter, body, images, chapterLinks }) => ({ slug: chapter.slug, meta: chapter.meta, body, images: [...images].map(([src, image]) => [src, image.projectPath, image.absolutePath, image.mediaType]), chapterLinks: [...chapterLinks] }))
  return createHash('sha256')
    .update(JSON.stringify({ versions: versions(), browser: sources.browser ?? null, config: sources.configText, volume, modified: sources.modified.toISOString() }))
    .update('\0reads\0')
    .update(JSON.stringify(reads.reads()))
    .update('\0chapters\0')
    .update(JSON.stringify(chapters))
    .update('\0introduction\0')
    .update(JSON.stringify({ body: sources.introduction.body, images: [...sources.introduction.images.keys()], chapterLinks: [...sources.introduction.chapterLinks] }))
    .digest('hex')
}

export function pageMapFile(print: string, map: PageMap): Uint8Array {
  return Buffer.from(`${JSON.stringify({ print, map })}\n`)
}

/** The map in `<out>/<volume>/page-map.json` when its print is `print`; else why there is none, in a line. */
export async function printedPageMap(out: string, volumeId: string, print: () => Promise<string>): Promise<{ map: PageMap } | { missing: string }> {
  let stored: { print?: string; map?: PageMap }
  try {
    stored = JSON.parse(await readFile(path.join(out, volumeId, pageMapName), 'utf8')) as typeof stored
  } catch {
    return { missing: `${volumeId}: no page list: the book has not been printed (build --format epub,pdf gives the EPUB the print's page list)` }
  }
  if (stored.map && stored.print === (await print())) return { map: stored.map }
  return { missing: `${volumeId}: no page list: the print in ${path.join(path.basename(out), volumeId)} is of other sources (build --format epub,pdf prints it again)` }
}
