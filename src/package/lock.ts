/**
 * One build writes to an output folder at a time: a second build (or the
 * dev server) waits for the first to finish moving its files into place,
 * so each build's files land together. A lock left by a process that no
 * longer runs is taken over at once.
 *
 * Taking the lock is one atomic step: the holder's identity is written to
 * a file of this build's own, which is then hard-linked to the lock's name
 * (link() fails with EEXIST when the name is taken). So a lock is never
 * seen half made; one without a readable identity (on a file system
 * without hard links, for a moment) counts as stale only once it is old.
 *
 * The identity is the pid, the process's start time and a random token. The
 * pid alone cannot tell: a pid is reused, a live unrelated process may have
 * it, and in a container every first process is pid 1, the pid of the build
 * that was killed before. A lock is held while its process runs with the
 * same start time; for this very process, while it holds that token.
 * docs/architecture.md ("Locks") says why this is not proper-lockfile.
 */
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { copyFile, link, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { EnvironmentError } from '../errors.ts'
import { isSameProcess, processStart } from '../process/tree.ts'

export const lockName = '.springboard.lock'

export interface LockOptions {
  /** How long to wait for another build, in milliseconds. */
  timeout?: number
  /** How old a lock without a readable identity must be to count as stale, in milliseconds. */
  staleAfter?: number
  onWait?: (pid: number | undefined) => void
  /** Stops the wait (the build was interrupted). */
  signal?: AbortSignal
}

/** Tokens of the locks this process holds, and its own files that wait to become a lock. */
const heldHere = new Set<string>()
const ownFiles = new Set<string>()

/** This process's files beside the lock (each waiting build's own), which a sweep of leftovers must keep. */
export function lockFilesInUse(): ReadonlySet<string> {
  return ownFiles
}

/** The text of a lock: pid, start time, token, one a line. */
export function lockText(pid: number, start: string, token: string): string {
  return `${pid}\n${start}\n${token}\n`
}

/** `outDir` must exist (see folder.ts). */
export async function withOutputLock<T>(outDir: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = path.join(outDir, lockName)
  const token = randomBytes(8).toString('hex')
  const text = lockText(process.pid, processStart(process.pid) ?? '', token)
  const mine = path.join(outDir, `${lockName}.${process.pid}-${randomBytes(4).toString('hex')}`)
  ownFiles.add(mine)
  try {
    try {
      await writeFile(mine, text)
    } catch (error) {
      throw new EnvironmentError(`Cannot write to ${outDir}: ${(error as Error).message}`, 'Check that the output folder can be written, or choose another with --out.', { cause: error })
    }
    heldHere.add(token)
    try {
      await acquire(lock, mine, options)
      try {
        return await work()
      } finally {
        // Only our own lock: never one another build holds.
        if ((await readFile(lock, 'utf8').catch(() => '')) === text) await rm(lock, { force: true })
      }
    } finally {
      heldHere.delete(token)
    }
  } finally {
    await rm(mine, { force: true })
    ownFiles.delete(mine)
  }
}

async function acquire(lock: string, mine: string, options: LockOptions): Promise<void> {
  const deadline = Date.now() + (options.timeout ?? 120_000)
  const staleAfter = options.staleAfter ?? 30_000
  let holder: Holder | undefined
  let told = false
  for (;;) {
    options.signal?.throwIfAborted()
    if (Date.now() > deadline) {
      throw new EnvironmentError(
        `Another build${holder?.pid ? ` (process ${holder.pid})` : ''} is still writing to ${path.dirname(lock)}`,
        `Wait for it to finish and build again; if no build is running, delete ${lock}.`,
      )
    }
    if (await take(lock, mine)) return
    holder = await inspect(lock)
    if (!holder) continue // released just now: try again
    if (isStale(holder, staleAfter)) {
      await breakStale(lock, holder)
      continue
    }
    if (!told) {
      options.onWait?.(holder.pid || undefined)
      told = true
    }
    await sleep(100, undefined, { signal: options.signal })
  }
}

/** `true` when the lock is now ours. */
async function take(lock: string, mine: string): Promise<boolean> {
  try {
    await link(mine, lock)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error
  }
  // No hard links here (FAT, some network file systems): an exclusive copy, briefly empty (see above).
  try {
    await copyFile(mine, lock, constants.COPYFILE_EXCL)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

interface Holder {
  /** 0 when the lock holds no readable pid. */
  pid: number
  /** The holder's start time as `processStart` gave it; empty when the lock does not say. */
  start: string
  token: string
  mtimeMs: number
  ino: number
}

/** Who holds the lock; `undefined` when it is gone. Read through one handle, so identity and inode belong together. */
async function inspect(lock: string): Promise<Holder | undefined> {
  let handle
  try {
    handle = await open(lock, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    const stats = await stat(lock).catch(() => undefined) // unreadable: only its age counts
    return stats && { pid: 0, start: '', token: '', mtimeMs: stats.mtimeMs, ino: stats.ino }
  }
  try {
    const stats = await handle.stat()
    const [pidText = '', start = '', token = ''] = (await handle.readFile('utf8')).split('\n').map((line) => line.trim())
    const pid = Number(pidText)
    return { pid: Number.isInteger(pid) && pid > 0 ? pid : 0, start, token, mtimeMs: stats.mtimeMs, ino: stats.ino }
  } finally {
    await handle.close()
  }
}

function isStale(holder: Holder, staleAfter: number): boolean {
  // Being written (a copy on a file system without hard links), or unreadable: its age decides.
  if (!holder.pid) return Date.now() - holder.mtimeMs > staleAfter
  // A pid alone (an older SpringBoard's lock, or one written by hand) names no process surely.
  if (!holder.token) return true
  if (holder.pid === process.pid && holder.start === (processStart(process.pid) ?? '')) return !heldHere.has(holder.token)
  return !isSameProcess(holder.pid, holder.start)
}

/**
 * Remove a stale lock, but only the one judged stale: it is renamed aside
 * first (atomic), and if another build took the lock over in between, the
 * file moved aside is theirs and goes back.
 */
async function breakStale(lock: string, seen: Holder): Promise<void> {
  const aside = `${lock}.stale-${process.pid}-${randomBytes(4).toString('hex')}`
  ownFiles.add(aside)
  try {
    try {
      await rename(lock, aside)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    if ((await stat(aside)).ino !== seen.ino) await take(lock, aside)
    await rm(aside, { force: true })
  } finally {
    ownFiles.delete(aside)
  }
}
