/**
 * The build cache: each chapter's check and transform, kept by content, so
 * that a weekly build of a long book parses only the new chapter.
 *
 * - In memory (`MemoryChapterCache`) for the dev server's rebuilds.
 * - On disk (`DiskChapterCache`) for `build` and `check`, under
 *   `<book>/.springboard-cache/chapters/` (ignored by git), one file per
 *   entry named by its key. `--no-cache` turns it off.
 *
 * A key covers what a chapter's result depends on in the book: its path
 * and text, the config, the templates and the program itself (every file
 * under src/, and the installed packages' lock file). What it depends on
 * outside its own text is checked when the entry is read: the chapters it
 * links to must still be there under the same slugs, and the images it
 * shows must have the same size and time; else it is checked again. So a
 * new chapter leaves the others' entries good. A chapter with errors is
 * never kept on disk (its errors may be about files that appear later):
 * an entry there holds a valid chapter and its warnings.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import type { ImageAsset, TransformedChapter } from '../chapter.ts'
import { removeInsideSync } from '../files/remove.ts'
import { linkTarget } from '../transform/plugins/resources.ts'

export interface CachedChapter {
  messages: VFileMessage[]
  transformed?: TransformedChapter
}

export interface ChapterCache {
  /** The part of every key that is the same for the whole book (see above). */
  bookKey(input: { root: string; configText: string }): string
  /** `chapterSlugs`: the book's chapters now, by absolute path. */
  get(file: VFile, key: string, chapterSlugs: ReadonlyMap<string, string>): CachedChapter | undefined
  set(file: VFile, key: string, entry: CachedChapter, chapterSlugs: ReadonlyMap<string, string>): void
  /** Called once the book is checked: the disk cache drops the entries this build did not use. */
  flush?(): void
}

/** The config, the templates (built-in and the book's own) and the program. */
export function bookFingerprint(input: { root: string; configText: string }, program = programFingerprint()): string {
  const hash = createHash('sha256')
  hash.update(program)
  hash.update('\0config\0').update(input.configText)
  hash.update('\0templates\0').update(treeFingerprint(builtinTemplates)).update(treeFingerprint(path.join(input.root, 'templates')))
  return hash.digest('hex')
}

export function chapterKey(book: string, file: VFile): string {
  return createHash('sha256').update(book).update('\0').update(file.path).update('\0').update(String(file.value)).digest('hex')
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const builtinTemplates = path.join(projectRoot, 'templates')
let program: string | undefined

/** The program's own files: an edit to any of them, or another install of the packages, is another program. */
export function programFingerprint(projectDir = projectRoot): string {
  if (projectDir === projectRoot && program) return program
  const lockFile = path.join(projectDir, 'package-lock.json')
  const fingerprint = createHash('sha256')
    .update(treeFingerprint(path.join(projectDir, 'src')))
    .update(existsSync(lockFile) ? readFileSync(lockFile) : '')
    .digest('hex')
  if (projectDir === projectRoot) program = fingerprint
  return fingerprint
}

/** Every file under `dir`, by relative path and content. */
function treeFingerprint(dir: string): string {
  const hash = createHash('sha256')
  if (!existsSync(dir)) return hash.digest('hex')
  const files = (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
  for (const file of files) hash.update(path.relative(dir, file)).update('\0').update(readFileSync(file)).update('\0')
  return hash.digest('hex')
}

export class MemoryChapterCache implements ChapterCache {
  bookKey(input: { root: string; configText: string }): string {
    return bookFingerprint(input)
  }

  private readonly entries = new Map<string, { key: string; entry: CachedChapter; chapters: string }>()

  get(file: VFile, key: string, chapterSlugs: ReadonlyMap<string, string>): CachedChapter | undefined {
    const found = this.entries.get(file.path)
    if (found?.key !== key) return undefined
    // An entry with errors may be about a link to a chapter that did not exist then.
    if (found.entry.messages.some((message) => message.fatal) && !sameChapters(found.chapters, chapterSlugs)) return undefined
    return linksHold(file.path, found.entry.transformed, chapterSlugs) ? found.entry : undefined
  }

  set(file: VFile, key: string, entry: CachedChapter, chapterSlugs: ReadonlyMap<string, string>): void {
    this.entries.set(file.path, { key, entry, chapters: [...chapterSlugs.keys()].join('\n') })
  }
}

interface StoredMessage {
  reason: string
  place: VFileMessage['place']
  ruleId: string | undefined
  fatal: boolean | null | undefined
  note: string | undefined
}

interface StoredEntry {
  messages: StoredMessage[]
  transformed?: {
    slug: string
    meta: TransformedChapter['chapter']['meta']
    body: TransformedChapter['body']
    blocks?: TransformedChapter['blocks']
    images: [string, ImageAsset][]
    chapterLinks: [string, string][]
  }
  /** Size and modification time of each image the chapter shows. */
  images: { path: string; size: number; mtimeMs: number }[]
}

export class DiskChapterCache implements ChapterCache {
  private readonly root: string
  private readonly dir: string
  private readonly program: string | undefined
  private readonly used = new Set<string>()

  /** `program`: the program's fingerprint; default: that of these sources (programFingerprint). */
  constructor(root: string, options: { program?: string } = {}) {
    this.root = root
    this.dir = path.join(root, '.springboard-cache', 'chapters')
    this.program = options.program
  }

  bookKey(input: { root: string; configText: string }): string {
    return bookFingerprint(input, this.program)
  }

  get(file: VFile, key: string, chapterSlugs: ReadonlyMap<string, string>): CachedChapter | undefined {
    this.used.add(key)
    let stored: StoredEntry
    try {
      stored = JSON.parse(readFileSync(path.join(this.dir, `${key}.json`), 'utf8')) as StoredEntry
    } catch {
      return undefined // not there, or unreadable: made again
    }
    if (!stored.images.every((image) => sameFile(image))) return undefined
    const messages = stored.messages.map((message) => {
      const revived = new VFileMessage(message.reason, { place: message.place, ruleId: message.ruleId, source: 'springboard' })
      revived.file = file.path
      revived.fatal = message.fatal
      revived.note = message.note
      return revived
    })
    const transformed = stored.transformed && {
      chapter: { file, slug: stored.transformed.slug, meta: stored.transformed.meta },
      body: stored.transformed.body,
      ...(stored.transformed.blocks ? { blocks: stored.transformed.blocks } : {}),
      images: new Map(stored.transformed.images),
      chapterLinks: new Map(stored.transformed.chapterLinks),
    }
    return linksHold(file.path, transformed, chapterSlugs) ? { messages, transformed } : undefined
  }

  set(_file: VFile, key: string, entry: CachedChapter): void {
    if (entry.messages.some((message) => message.fatal)) return
    this.used.add(key)
    const transformed = entry.transformed
    const images = transformed ? [...transformed.images.values()].map((image) => image.absolutePath) : []
    const stats = images.map((image) => ({ path: image, stat: statSync(image, { throwIfNoEntry: false }) }))
    if (stats.some((image) => !image.stat)) return
    const stored: StoredEntry = {
      messages: entry.messages.map((message) => ({ reason: message.reason, place: message.place, ruleId: message.ruleId, fatal: message.fatal, note: message.note })),
      transformed: transformed && {
        slug: transformed.chapter.slug,
        meta: transformed.chapter.meta,
        body: transformed.body,
        blocks: transformed.blocks,
        images: [...transformed.images],
        chapterLinks: [...transformed.chapterLinks],
      },
      images: stats.map((image) => ({ path: image.path, size: image.stat!.size, mtimeMs: image.stat!.mtimeMs })),
    }
    try {
      mkdirSync(this.dir, { recursive: true })
      // Written aside and renamed: a build that reads the entry meanwhile sees all of it or none.
      const temporary = path.join(this.dir, `.${key}.${process.pid}.tmp`)
      writeFileSync(temporary, JSON.stringify(stored))
      renameSync(temporary, path.join(this.dir, `${key}.json`))
    } catch {
      // A cache that cannot be written (a read-only book folder) only means the next build parses again.
    }
  }

  flush(): void {
    let names: string[]
    try {
      names = readdirSync(this.dir)
    } catch {
      return
    }
    for (const name of names) {
      // Never through a link: `.springboard-cache` made a link to another folder keeps that folder's files.
      if (name.endsWith('.json') && !this.used.has(name.slice(0, -'.json'.length))) removeInsideSync(this.root, path.join(this.dir, name))
    }
  }
}

/** Every chapter the transformed chapter links to is still there, under the slug it had. */
function linksHold(chapterPath: string, transformed: TransformedChapter | undefined, chapterSlugs: ReadonlyMap<string, string>): boolean {
  return !transformed || [...transformed.chapterLinks].every(([href, slug]) => chapterSlugs.get(linkTarget(chapterPath, href)) === slug)
}

function sameChapters(chapters: string, chapterSlugs: ReadonlyMap<string, string>): boolean {
  return chapters === [...chapterSlugs.keys()].join('\n')
}

function sameFile(image: StoredEntry['images'][number]): boolean {
  const stat = statSync(image.path, { throwIfNoEntry: false })
  return stat !== undefined && stat.size === image.size && stat.mtimeMs === image.mtimeMs
}
