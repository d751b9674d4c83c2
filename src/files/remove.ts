/**
 * The one way the program deletes: a file or folder is removed only when it
 * lies inside the folder that owns it (the book's cache, the output folder,
 * a work folder) and is reached from there without passing through a
 * symbolic link. A link on the way (`.springboard-cache` made a link to
 * another folder) could lead anywhere, so nothing is removed through it; a
 * link that is itself the target is removed as a link, never followed, and
 * so is every link inside a folder removed whole (Node's `rm` does not
 * descend into links).
 */
import { lstatSync, rmSync } from 'node:fs'
import { lstat, rm } from 'node:fs/promises'
import path from 'node:path'

export interface RemoveOptions {
  /** Remove a folder with everything in it. */
  recursive?: boolean
}

/**
 * Remove `target`, which must be inside `owner`. Returns false, removing
 * nothing, when the path leaves `owner` or passes through a link or a file
 * on the way; true when it was removed or was not there.
 */
export async function removeInside(owner: string, target: string, options: RemoveOptions = {}): Promise<boolean> {
  const steps = stepsBetween(owner, target)
  if (!steps) return false
  for (const step of steps) {
    const stats = await lstat(step).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)))
    if (stats === null) return true // nothing there to remove
    if (!stats.isDirectory()) return false // a link (or a file) where a folder should be
  }
  await rm(target, { recursive: options.recursive ?? false, force: true, maxRetries: options.recursive ? 3 : 0 })
  return true
}

/** A work folder the program made for itself (mkdtemp): removed with what it holds, links inside removed as links. */
export function removeWorkFolder(dir: string): Promise<boolean> {
  return removeInside(path.dirname(dir), dir, { recursive: true })
}

/** `removeInside`, for the few places that cannot wait (the build cache's cleanup). */
export function removeInsideSync(owner: string, target: string, options: RemoveOptions = {}): boolean {
  const steps = stepsBetween(owner, target)
  if (!steps) return false
  for (const step of steps) {
    const stats = lstatSync(step, { throwIfNoEntry: false })
    if (!stats) return true
    if (!stats.isDirectory()) return false
  }
  rmSync(target, { recursive: options.recursive ?? false, force: true, maxRetries: options.recursive ? 3 : 0 })
  return true
}

/** The folders between `owner` (excluded) and `target` (excluded), outermost first; undefined when `target` is not inside `owner`. */
function stepsBetween(owner: string, target: string): string[] | undefined {
  const from = path.resolve(owner)
  const relative = path.relative(from, path.resolve(target))
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined
  const parts = relative.split(path.sep)
  return parts.slice(0, -1).map((_, index) => path.join(from, ...parts.slice(0, index + 1)))
}
