/**
 * One build writes to an output folder at a time: a second build (or the
 * dev server) waits for the first to finish moving its files into place,
 * so each build's files land together. A lock left by a process that no
 * longer runs is taken over.
 *
 * Taking the lock is one atomic step: the pid is written to a file of this
 * build's own, which is then hard-linked to the lock's name (link() fails
 * with EEXIST when the name is taken). So a lock is never seen half made;
 * and one without a readable pid (left by an older version, or on a file
 * system without hard links) counts as stale only once it is old.
 */
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { copyFile, link, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { EnvironmentError } from '../errors.ts'

export const lockName = '.springboard.lock'

export interface LockOptions {
  /** How long to wait for another build, in milliseconds. */
  timeout?: number
  /** How old a lock without a readable pid must be to count as stale, in milliseconds. */
  staleAfter?: number
  onWait?: (pid: number | undefined) => void
  /** Stops the wait (the build was interrupted). */
  signal?: AbortSignal
}

/** `outDir` must exist (see folder.ts). */
export async function withOutputLock<T>(outDir: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = path.join(outDir, lockName)
  const token = `${process.pid}\n${randomBytes(8).toString('hex')}\n`
  const mine = path.join(outDir, `${lockName}.${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    await writeFile(mine, token)
  } catch (error) {
    throw new EnvironmentError(`Cannot write to ${outDir}: ${(error as Error).message}`, 'Check that the output folder can be written, or choose another with --out.', { cause: error })
  }
  try {
    await acquire(lock, mine, options)
    try {
      return await work()
    } finally {
      // Only our own lock: never one another build holds.
      if ((await readFile(lock, 'utf8').catch(() => '')) === token) await rm(lock, { force: true })
    }
  } finally {
    await rm(mine, { force: true })
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
    const stale = holder.pid ? !isRunning(holder.pid) : Date.now() - holder.mtimeMs > staleAfter
    if (stale) {
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
  mtimeMs: number
  ino: number
}

/** Who holds the lock; `undefined` when it is gone. Read through one handle, so pid and inode belong together. */
async function inspect(lock: string): Promise<Holder | undefined> {
  let handle
  try {
    handle = await open(lock, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    const stats = await stat(lock).catch(() => undefined) // unreadable: only its age counts
    return stats && { pid: 0, mtimeMs: stats.mtimeMs, ino: stats.ino }
  }
  try {
    const stats = await handle.stat()
    const pid = Number((await handle.readFile('utf8')).split('\n')[0]!.trim())
    return { pid: Number.isInteger(pid) && pid > 0 ? pid : 0, mtimeMs: stats.mtimeMs, ino: stats.ino }
  } finally {
    await handle.close()
  }
}

/**
 * Remove a stale lock, but only the one judged stale: it is renamed aside
 * first (atomic), and if another build took the lock over in between, the
 * file moved aside is theirs and goes back.
 */
async function breakStale(lock: string, seen: Holder): Promise<void> {
  const aside = `${lock}.stale-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    await rename(lock, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  if ((await stat(aside)).ino !== seen.ino) await take(lock, aside)
  await rm(aside, { force: true })
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
