/**
 * The build cache: one place, one rule. An entry is used again only if
 * everything the step that made it read is unchanged: each file by the hash
 * of its content, each path it looked for and did not find, each folder it
 * listed, each chapter a link found (src/files/reads.ts), and the versions
 * that shape the bytes (Node, the installed packages by the lock file, the
 * program's own files). Nothing else is a key: an entry is named by what it
 * is for (a chapter's path, a cover's volume), and read or replaced.
 *
 * Two stores, the same code: on disk (`DiskStore`, `<book>/.springboard-cache/`,
 * for `build` and `check`; `--no-cache` turns it off) and in memory
 * (`MemoryStore`, the dev server's rebuilds). Each run keeps only the entries
 * it used of the kinds it made in full (`finish`), so the cache stays the
 * size of one build. Entries whose step reported an error are not kept: they
 * are made again, and their messages with them.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { removeInsideSync } from '../files/remove.ts'
import { FileStates, ReadLog, readsHold, type Reads } from '../files/reads.ts'

export { FileStates, ReadLog, type Reads } from '../files/reads.ts'

export type EntryKind = 'chapters' | 'blocks' | 'covers' | 'cover-texts' | 'handouts' | 'handout-pages' | 'browser' | 'audits'

export interface StoredEntry {
  /** What the entry is for (a chapter's path …): two ids never share an entry. */
  id: string
  versions: string
  reads: Reads
  /** Plain data (JSON on disk). */
  value: unknown
  /** Bytes beside it (a cover's JPEG). */
  data?: Uint8Array
}

export interface CacheStore {
  read(kind: EntryKind, name: string): StoredEntry | undefined
  write(kind: EntryKind, name: string, entry: StoredEntry): void
  /** Remove every entry of `kind` not named in `keep`. */
  prune(kind: EntryKind, keep: ReadonlySet<string>): void
}

export class MemoryStore implements CacheStore {
  private readonly entries = new Map<string, StoredEntry>()
  read(kind: EntryKind, name: string): StoredEntry | undefined {
    return this.entries.get(`${kind}/${name}`)
  }
  write(kind: EntryKind, name: string, entry: StoredEntry): void {
    this.entries.set(`${kind}/${name}`, entry)
  }
  prune(kind: EntryKind, keep: ReadonlySet<string>): void {
    for (const key of this.entries.keys()) if (key.startsWith(`${kind}/`) && !keep.has(key.slice(kind.length + 1))) this.entries.delete(key)
  }
}

/** `<root>/.springboard-cache/<kind>/<name>.json` (and `<name>.bin` for bytes). */
export class DiskStore implements CacheStore {
  readonly root: string
  readonly dir: string
  constructor(root: string) {
    this.root = root
    this.dir = path.join(root, '.springboard-cache')
  }

  read(kind: EntryKind, name: string): StoredEntry | undefined {
    try {
      const entry = JSON.parse(readFileSync(path.join(this.dir, kind, `${name}.json`), 'utf8')) as StoredEntry & { data?: boolean }
      if (entry.data) return { ...entry, data: readFileSync(path.join(this.dir, kind, `${name}.bin`)) }
      return { ...entry, data: undefined }
    } catch {
      return undefined // not there, or unreadable: made again
    }
  }

  write(kind: EntryKind, name: string, entry: StoredEntry): void {
    const dir = path.join(this.dir, kind)
    try {
      mkdirSync(dir, { recursive: true })
      // Written aside and renamed (the bytes first): a build reading the entry meanwhile sees all of it or none.
      const aside = (file: string, data: string | Uint8Array) => {
        const temporary = path.join(dir, `.${file}.${process.pid}.tmp`)
        writeFileSync(temporary, data)
        renameSync(temporary, path.join(dir, file))
      }
      if (entry.data) aside(`${name}.bin`, entry.data)
      aside(`${name}.json`, JSON.stringify({ ...entry, data: entry.data !== undefined }))
    } catch {
      // A cache that cannot be written (a read-only book folder) only means the next build does the work again.
    }
  }

  prune(kind: EntryKind, keep: ReadonlySet<string>): void {
    const dir = path.join(this.dir, kind)
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      return
    }
    for (const name of names) {
      const entry = name.replace(/\.(json|bin)$/, '')
      // Never through a link: `.springboard-cache` made a link to another folder keeps that folder's files.
      if (!keep.has(entry) || entry === name) removeInsideSync(this.root, path.join(dir, name))
    }
  }

  /** Folders of earlier versions of the cache (`page-maps/`: the page map is now a print output, in dist/). */
  removeOldFolders(): void {
    const old = path.join(this.dir, 'page-maps')
    if (existsSync(old)) removeInsideSync(this.root, old, { recursive: true })
  }
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
let program: string | undefined

/** The program's own files (src/, the built-in templates) and the lock file: an edit to any is another program. */
export function programFingerprint(projectDir = projectRoot): string {
  if (projectDir === projectRoot && program) return program
  const lockFile = path.join(projectDir, 'package-lock.json')
  const states = new FileStates()
  const log = new ReadLog(states)
  log.tree(path.join(projectDir, 'src'))
  log.tree(path.join(projectDir, 'templates'))
  const reads = log.reads()
  // By relative path: the same program in another folder is the same program.
  const relative = reads.paths.map(([file, state]) => [path.relative(projectDir, file), state])
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(relative))
    .update('\0lock\0')
    .update(existsSync(lockFile) ? readFileSync(lockFile) : '')
    .digest('hex')
  if (projectDir === projectRoot) program = fingerprint
  return fingerprint
}

/** The versions that shape every entry's bytes: Node, and the program with its packages. */
export function versions(programPrint = programFingerprint()): string {
  return JSON.stringify({ node: process.version, program: programPrint })
}

export class BuildCache {
  readonly store: CacheStore
  readonly versions: string
  /** `program`: the program's fingerprint; default: that of these sources (programFingerprint). */
  constructor(store: CacheStore, options: { program?: string } = {}) {
    this.store = store
    this.versions = versions(options.program)
  }

  /** One build's (or check's, or rebuild's) use of the cache: files are read once in it. */
  run(chapterSlugs: ReadonlyMap<string, string> = new Map()): CacheRun {
    return new CacheRun(this, chapterSlugs)
  }
}

export class CacheRun {
  readonly states = new FileStates()
  private readonly used = new Map<EntryKind, Set<string>>()
  /** The reads of each entry this run found valid or stored, by kind and id. */
  private readonly held = new Map<string, Reads>()
  private readonly cache: BuildCache
  private readonly chapterSlugs: ReadonlyMap<string, string>
  constructor(cache: BuildCache, chapterSlugs: ReadonlyMap<string, string>) {
    this.cache = cache
    this.chapterSlugs = chapterSlugs
  }

  /** A new record of what a step reads. */
  log(): ReadLog {
    return new ReadLog(this.states)
  }

  /** The entry for `id` when everything it read is unchanged; else undefined (the step runs again). */
  get(kind: EntryKind, id: string, inputs: Readonly<Record<string, string | Uint8Array>> = {}): { value: unknown; reads: Reads; data?: Uint8Array } | undefined {
    const name = entryName(kind, id)
    this.use(kind, name)
    const entry = this.cache.store.read(kind, name)
    if (!entry || entry.id !== id || entry.versions !== this.cache.versions) return undefined
    if (!readsHold(entry.reads, this.states, this.chapterSlugs, inputs)) return undefined
    this.held.set(`${kind}\0${id}`, entry.reads)
    return entry
  }

  set(kind: EntryKind, id: string, log: ReadLog, value: unknown, data?: Uint8Array): void {
    const name = entryName(kind, id)
    this.use(kind, name)
    const reads = log.reads()
    this.held.set(`${kind}\0${id}`, reads)
    this.cache.store.write(kind, name, { id, versions: this.cache.versions, reads, value, data })
  }

  /**
   * What the step behind `id`'s entry read, when this run found the entry valid or stored it: a later
   * step that uses that step's result adds these to its own reads (ReadLog.add).
   */
  readsOf(kind: EntryKind, id: string): Reads | undefined {
    return this.held.get(`${kind}\0${id}`)
  }

  /** The entry for `id` is still needed, though this run does not read it (it is not removed by `finish`). */
  keep(kind: EntryKind, id: string): void {
    this.use(kind, entryName(kind, id))
  }

  /** The run made every entry of `kind` it needs: the others go (the cache stays the size of one build). */
  finish(kind: EntryKind): void {
    this.cache.store.prune(kind, this.used.get(kind) ?? new Set())
  }

  private use(kind: EntryKind, name: string): void {
    let names = this.used.get(kind)
    if (!names) this.used.set(kind, (names = new Set()))
    names.add(name)
  }
}

function entryName(kind: EntryKind, id: string): string {
  return createHash('sha256').update(kind).update('\0').update(id).digest('hex').slice(0, 32)
}

/** The cache `build` and `check` use: on disk in the book, `--no-cache` none. */
export function diskCache(root: string, options: { program?: string } = {}): BuildCache {
  const store = new DiskStore(root)
  store.removeOldFolders()
  return new BuildCache(store, options)
}
