/**
 * What a killed build leaves in its output folder: a staging folder
 * (`.staging-<pid>-…`) and the files it meant to link to the lock's name
 * (`.springboard.lock.<pid>-…`, `.springboard.lock.stale-<pid>-…`, empty
 * when it died while writing one). The next build removes them, under the
 * lock, so no build is staging there meanwhile. Only entries of the output
 * folder itself, each removed as what it is: a link is unlinked, never
 * followed.
 */
import { lstat, readdir, unlink } from 'node:fs/promises'
import path from 'node:path'
import { isRunning } from '../process/tree.ts'
import { lockFilesInUse, lockName } from './lock.ts'
import { removeInside } from '../files/remove.ts'

/** `.staging-<pid>-<hex>`, `.springboard.lock.<pid>-<hex>`, `.springboard.lock.stale-<pid>-<hex>`. */
function leftoverPid(name: string, stagingPrefix: string): number | undefined {
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const pattern = new RegExp(`^(?:${escaped(stagingPrefix)}|${escaped(lockName)}\\.(?:stale-)?)(\\d+)-[0-9a-f]+$`)
  const match = pattern.exec(name)
  return match ? Number(match[1]) : undefined
}

/**
 * Remove the leftovers of builds that no longer run. Call it holding the lock: then no staging folder is
 * in use but a live other process's, and this process's own lock files are known (a build waiting).
 * Another process with a dead build's pid keeps that build's leftovers until it ends; this process's own
 * pid (pid 1 in every container) does not.
 */
export async function removeLeftovers(outDir: string, stagingPrefix: string): Promise<string[]> {
  const removed: string[] = []
  const inUse = lockFilesInUse()
  for (const name of await readdir(outDir).catch(() => [] as string[])) {
    const pid = leftoverPid(name, stagingPrefix)
    const entry = path.join(outDir, name)
    if (pid === undefined || inUse.has(entry)) continue
    if (pid !== process.pid && isRunning(pid)) continue
    const stats = await lstat(entry).catch(() => undefined)
    if (!stats) continue
    if (stats.isDirectory()) await removeInside(outDir, entry, { recursive: true })
    else await unlink(entry).catch(() => undefined)
    removed.push(name)
  }
  return removed
}
