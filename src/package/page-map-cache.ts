/**
 * Stage 5, package: the last print's page map, kept for EPUB-only builds.
 * A build that prints the interior stores the map under the book's
 * `.springboard-cache/` (ignored by git), with a hash of everything the
 * pages depend on: the program's version, the config, the volume, every
 * chapter's source and every template (the book's own and the built-in
 * ones). An EPUB built alone uses the map only when that hash is the same,
 * so its page list is always the print book's as it would be printed now.
 */
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { BookConfig, Volume } from '../config/index.ts'
import type { PageMap } from '../render/page-breaks.ts'
import { builtinTemplatesDir } from '../render/templates.ts'

export const cacheDirName = '.springboard-cache'

export interface PageMapKeyInput {
  root: string
  config: BookConfig
  volume: Volume
  /** The volume's chapter sources, in reading order. */
  sources: readonly string[]
}

export async function pageMapKey(input: PageMapKeyInput): Promise<string> {
  const hash = createHash('sha256')
  const add = (text: string) => hash.update(`${text.length}:${text}\n`)
  add(await readFile(path.join(builtinTemplatesDir, '..', 'package.json'), 'utf8'))
  add(JSON.stringify(input.config))
  const { chapters: _chapters, ...volume } = input.volume
  add(JSON.stringify(volume))
  for (const source of input.sources) add(source)
  for (const dir of [builtinTemplatesDir, path.join(input.root, 'templates')]) {
    const files = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
    const names = files.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)).sort()
    for (const name of names) add(`${path.relative(dir, name)}\n${await readFile(name, 'utf8')}`)
  }
  return hash.digest('hex')
}

function cacheFile(root: string, volumeId: string): string {
  return path.join(root, cacheDirName, 'page-maps', `${volumeId}.json`)
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
