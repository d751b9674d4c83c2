/**
 * One build writes to an output folder at a time: a second build (or the
 * dev server) waits for the first to finish moving its files into place,
 * so each build's files land together. A lock left by a process that no
 * longer runs is taken over.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { EnvironmentError } from '../errors.ts'

export const lockName = '.springboard.lock'

export interface LockOptions {
  /** How long to wait for another build, in milliseconds. */
  timeout?: number
  onWait?: (pid: number) => void
}

export async function withOutputLock<T>(outDir: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = path.join(outDir, lockName)
  await mkdir(outDir, { recursive: true })
  const deadline = Date.now() + (options.timeout ?? 120_000)
  let told = false
  for (;;) {
    try {
      const handle = await open(lock, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim())
      if (!holder || !isRunning(holder)) {
        await rm(lock, { force: true }) // stale: its build died without cleaning up
        continue
      }
      if (Date.now() > deadline) {
        throw new EnvironmentError(
          `Another build (process ${holder}) is still writing to ${outDir}`,
          `Wait for it to finish and build again; if no build is running, delete ${lock}.`,
        )
      }
      if (!told) {
        options.onWait?.(holder)
        told = true
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  try {
    return await work()
  } finally {
    await rm(lock, { force: true })
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
