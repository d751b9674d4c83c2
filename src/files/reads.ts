/**
 * What a step read, for the build cache (src/cache/index.ts): each file by
 * the hash of its content, each path looked for and not found, each folder
 * by its listing, each chapter link by the slug it found. A cached result
 * is used again only when every one of them reads the same now.
 *
 * Shared (any stage records into a `ReadLog`); `FileStates` reads each path
 * once per build, so that recording and checking cost one hash a file.
 */
import { createHash } from 'node:crypto'
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'

/** `null`: nothing there (or not readable); `dir`: a folder; else the content's hash (and where a link leads). */
export type PathState = string | null

export interface Reads {
  /** Absolute path → its state when read. */
  paths: [string, PathState][]
  /** Folder → the hash of its listing (names and kinds, recursively). */
  folders: [string, string][]
  /** A path a chapter links to → the slug of the book's chapter there, `null` when none. */
  chapters: [string, string | null][]
  /** What the step was handed in memory (a cover's SVG), by name → hash. */
  inputs: [string, string][]
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')

/** The state of each path, read once per build (a build must see one version of a file, not two). */
export class FileStates {
  private readonly states = new Map<string, PathState>()
  private readonly listings = new Map<string, string>()

  /** A file whose content the step already has (a chapter's text as loaded): its hash, not a second read. */
  seed(file: string, content: string | Uint8Array): void {
    this.states.set(file, sha256(content))
  }

  state(file: string): PathState {
    let state = this.states.get(file)
    if (state === undefined) this.states.set(file, (state = readState(file)))
    return state
  }

  listing(folder: string): string {
    let listing = this.listings.get(folder)
    if (listing === undefined) this.listings.set(folder, (listing = readListing(folder)))
    return listing
  }
}

function readState(file: string): PathState {
  try {
    const link = lstatSync(file).isSymbolicLink()
    const stat = statSync(file)
    if (stat.isDirectory()) return 'dir'
    if (!stat.isFile()) return 'other'
    // Where a link leads is part of what was read: a link moved elsewhere may lead out of the book.
    return `${sha256(readFileSync(file))}${link ? ` -> ${realpathSync(file)}` : ''}`
  } catch {
    return null
  }
}

function readListing(folder: string): string {
  try {
    const entries = readdirSync(folder, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]
    const names = entries.map((entry) => `${entry.parentPath.slice(folder.length)}/${entry.name}:${entry.isFile() ? 'f' : entry.isDirectory() ? 'd' : 'o'}`).sort()
    return sha256(names.join('\n'))
  } catch {
    return 'none'
  }
}

/** What one step read, recorded as it reads. */
export class ReadLog {
  private readonly paths = new Map<string, PathState>()
  private readonly folders = new Map<string, string>()
  private readonly chapters = new Map<string, string | null>()
  private readonly inputs = new Map<string, string>()

  readonly states: FileStates
  constructor(states: FileStates) {
    this.states = states
  }

  /** A path the step looked at (found or not): returns its state. */
  path(file: string): PathState {
    const state = this.states.state(file)
    this.paths.set(file, state)
    return state
  }

  /** A folder whose listing the step used (every file in it, its content too: see `tree`). */
  folder(folder: string): void {
    this.folders.set(folder, this.states.listing(folder))
  }

  /** A folder and every file in it, by content. */
  tree(folder: string): void {
    this.folder(folder)
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(folder, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]
    } catch {
      return
    }
    for (const entry of entries) if (entry.isFile()) this.path(`${entry.parentPath}/${entry.name}`)
  }

  chapter(target: string, slug: string | undefined): void {
    this.chapters.set(target, slug ?? null)
  }

  /** The step looked at every chapter of the book (a hint naming the nearest). */
  allChapters(chapterSlugs: ReadonlyMap<string, string>): void {
    this.chapters.set(allChapters, chaptersHash(chapterSlugs))
  }

  /** Something the step was handed in memory: the entry holds while the same is handed again. */
  input(name: string, content: string | Uint8Array): void {
    this.inputs.set(name, sha256(content))
  }

  /** Another step's reads, as this step's own (a step that uses another's result read what it read). */
  add(reads: Reads): void {
    for (const [file, state] of reads.paths) this.paths.set(file, state)
    for (const [folder, listing] of reads.folders) this.folders.set(folder, listing)
    for (const [target, slug] of reads.chapters) this.chapters.set(target, slug)
    for (const [name, hash] of reads.inputs) this.inputs.set(name, hash)
  }

  reads(): Reads {
    const sorted = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return { paths: sorted(this.paths), folders: sorted(this.folders), chapters: sorted(this.chapters), inputs: sorted(this.inputs) }
  }
}

/** Every read still reads the same: the one test of the build cache. */
export function readsHold(reads: Reads, states: FileStates, chapterSlugs: ReadonlyMap<string, string>, inputs: Readonly<Record<string, string | Uint8Array>> = {}): boolean {
  return (
    reads.inputs.every(([name, hash]) => inputs[name] !== undefined && sha256(inputs[name]) === hash) &&
    reads.paths.every(([file, state]) => states.state(file) === state) &&
    reads.folders.every(([folder, listing]) => states.listing(folder) === listing) &&
    reads.chapters.every(([target, slug]) => (target === allChapters ? chaptersHash(chapterSlugs) : (chapterSlugs.get(target) ?? null)) === slug)
  )
}

/** Not a path: stands for the list of every chapter. */
const allChapters = '*'

function chaptersHash(chapterSlugs: ReadonlyMap<string, string>): string {
  return sha256(JSON.stringify([...chapterSlugs].sort(([a], [b]) => (a < b ? -1 : 1))))
}

/** A hash of reads (and anything else given), for a fingerprint of what a step read. */
export function readsHash(reads: Reads, ...more: string[]): string {
  return sha256(JSON.stringify([reads, more]))
}
