/**
 * The build cache: the last print's page map, kept for EPUB-only builds.
 * A build that prints the interior stores the map under the book's
 * `.springboard-cache/page-maps/` (ignored by git), with a key over
 * everything the pages depend on: the book's fingerprint (the program, the
 * config, the templates; see chapters.ts), the volume and every chapter's
 * source. An EPUB built alone uses the map only when the key is the same,
 * so its page list is always the print book's as it would be printed now.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Volume } from '../config/index.ts'
import type { PageMap } from '../render/page-breaks.ts'
import { bookFingerprint } from './chapters.ts'

export interface PageMapKeyInput {
  root: string
  /** The config file's text. */
  configText: string
  volume: Volume
  /** The volume's chapter sources, in reading order. */
  sources: readonly string[]
}

export function pageMapKey(input: PageMapKeyInput): string {
  const hash = createHash('sha256').update(bookFingerprint({ root: input.root, configText: input.configText }))
  const { chapters: _chapters, ...volume } = input.volume
  hash.update('\0volume\0').update(JSON.stringify(volume))
  for (const source of input.sources) hash.update('\0chapter\0').update(source)
  return hash.digest('hex')
}

function cacheFile(root: string, volumeId: string): string {
  return path.join(root, '.springboard-cache', 'page-maps', `${volumeId}.json`)
}

/** The stored map when its key is `key`; undefined when there is none or it is for other content. */
export async function readPageMap(root: string, volumeId: string, key: string): Promise<PageMap | undefined> {
  try {
    const stored = JSON.parse(await readFile(cacheFile(root, volumeId), 'utf8')) as { key?: string; map?: PageMap }
    return stored.key === key ? stored.map : undefined
  } catch {
    return undefined // missing or unreadable: build without
  }
}

export async function writePageMap(root: string, volumeId: string, key: string, map: PageMap): Promise<void> {
  const file = cacheFile(root, volumeId)
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, JSON.stringify({ key, map }))
  await rename(temporary, file)
}
