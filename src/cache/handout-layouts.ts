/**
 * `check`'s handout layouts, kept by what laid them out: how many pages a
 * chapter's handout takes is a result like any other. The key is a hash of
 * everything the handout is made from (the chapter's front matter and
 * transformed body, the config, the templates, the volume's title and
 * size, the program and its packages, which hold the fonts and the page
 * scripts) and of the browser's file, so an entry cannot be stale: a changed
 * input is a new key, and the old entry is never read again. (Keyed on the
 * inputs, not the handout's HTML: making the HTML costs about 12 ms a
 * chapter, six seconds at 520; for a chapter whose text changed, the HTML
 * is made and is a second key, so an edit the handout does not print lays
 * nothing out again.) Entries are a few bytes
 * each, under `.springboard-cache/handout-layouts/`; the oldest go when there
 * are more than `limit`.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { removeInsideSync } from '../files/remove.ts'
import { bookFingerprint } from './index.ts'

export interface HandoutLayoutStore {
  /** Pages the handout took, or undefined when it was never laid out with these inputs. */
  get(key: string): number | undefined
  set(key: string, pages: number): void
}

/**
 * The part of every handout's key that is the same for the book: the config, the templates and the program
 * (bookFingerprint), the volume's own fields the handout prints (its title, its chapter count in "this career
 * and 51 more", its description), and the browser's file (its path, size and time stand for its version).
 */
export function handoutBookKey(input: { root: string; config: unknown; volume: { title: string; chapters: readonly unknown[]; description?: string; weekly?: unknown }; browser: string }, program?: string): string {
  const browser = statSync(input.browser, { throwIfNoEntry: false })
  const { volume } = input
  return createHash('sha256')
    .update(bookFingerprint({ root: input.root, configText: JSON.stringify(input.config) }, program))
    .update('\0browser\0')
    .update(`${input.browser}\0${browser?.size ?? 'none'}\0${browser?.mtimeMs ?? 'none'}`)
    .update('\0volume\0')
    .update(JSON.stringify({ title: volume.title, chapters: volume.chapters.length, description: volume.description ?? null, weekly: Boolean(volume.weekly) }))
    .digest('hex')
}

/** One handout's key: the book's, and the chapter as the handout reads it (its front matter and its transformed body). */
export function handoutLayoutKey(book: string, chapter: { meta: unknown; body: unknown }): string {
  return createHash('sha256').update(book).update('\0meta\0').update(JSON.stringify(chapter.meta)).update('\0body\0').update(JSON.stringify(chapter.body)).digest('hex')
}

/** The same layout found by the page itself: the document around the handouts and this chapter's handout, as HTML. */
export function handoutPageKey(book: string, document: string, section: string): string {
  return createHash('sha256').update(book).update('\0document\0').update(document).update('\0section\0').update(section).digest('hex')
}

export class DiskHandoutLayouts implements HandoutLayoutStore {
  private readonly root: string
  private readonly dir: string
  private readonly limit: number

  constructor(root: string, options: { limit?: number } = {}) {
    this.root = root
    this.dir = path.join(root, '.springboard-cache', 'handout-layouts')
    this.limit = options.limit ?? 4000
  }

  get(key: string): number | undefined {
    const file = path.join(this.dir, `${key}.json`)
    try {
      const { pages } = JSON.parse(readFileSync(file, 'utf8')) as { pages: unknown }
      if (typeof pages !== 'number' || !Number.isInteger(pages) || pages < 1) return undefined
      // Used now: the last to go when the store is trimmed.
      const now = new Date()
      utimesSync(file, now, now)
      return pages
    } catch {
      return undefined // not there, or unreadable: laid out again
    }
  }

  set(key: string, pages: number): void {
    try {
      mkdirSync(this.dir, { recursive: true })
      const file = path.join(this.dir, `${key}.json`)
      const temporary = `${file}.${process.pid}.tmp`
      writeFileSync(temporary, JSON.stringify({ pages }))
      renameSync(temporary, file)
    } catch {
      // A cache that cannot be written costs time next run, nothing else.
    }
  }

  /** Keep the `limit` most recently used entries (about 40 bytes each). */
  trim(): void {
    let names: string[]
    try {
      names = readdirSync(this.dir).filter((name) => name.endsWith('.json'))
    } catch {
      return
    }
    if (names.length <= this.limit) return
    const byAge = names
      .map((name) => ({ name, time: statSync(path.join(this.dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => a.time - b.time || a.name.localeCompare(b.name))
    for (const { name } of byAge.slice(0, names.length - this.limit)) removeInsideSync(this.root, path.join(this.dir, name))
  }
}

/** `--no-cache`: nothing is read or kept. */
export const noHandoutLayouts: HandoutLayoutStore = { get: () => undefined, set: () => {} }
