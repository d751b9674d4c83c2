/**
 * The last step of a build: the staged outputs replace those in the output
 * folder all together or not at all. Each file is renamed into place (one
 * atomic step each); a file it replaces is first moved aside into the
 * staging folder. If any step fails, the steps already taken are undone in
 * reverse (new files moved back out, old ones back in, folders made for them
 * removed), so the output folder is exactly as it was; then the error is
 * thrown. Nothing is written through a link inside the output folder
 * (`dist/complete` made a link to another folder): that is refused first.
 */
import { lstat, mkdir, rename, rmdir } from 'node:fs/promises'
import path from 'node:path'
import { EnvironmentError } from '../errors.ts'

export interface StagedFile {
  /** Path relative to both folders, `/`-separated. */
  path: string
}

/** Where files replaced by the build wait until every new one is in place (a name no output can have). */
const replacedFolder = '.replaced'

/** Move `files` from `staging` into `outDir`, all or none; `staging` must be on the same file system (inside `outDir`). */
export async function replaceAll(staging: string, outDir: string, files: readonly StagedFile[]): Promise<void> {
  const undo: (() => Promise<void>)[] = []
  try {
    for (const file of files) {
      const target = path.join(outDir, file.path)
      const staged = path.join(staging, file.path)
      for (const made of await makeParents(outDir, path.dirname(target), target)) undo.push(() => rmdir(made))
      const existing = await lstat(target).catch(() => undefined)
      if (existing?.isDirectory()) throw new EnvironmentError(`Cannot write ${target}: a folder of that name is in the way`, 'Move or rename the folder, then build again.')
      if (existing) {
        const aside = path.join(staging, replacedFolder, file.path)
        await mkdir(path.dirname(aside), { recursive: true })
        await rename(target, aside)
        undo.push(() => rename(aside, target))
      }
      await rename(staged, target)
      undo.push(() => rename(target, staged))
    }
  } catch (error) {
    const failed = await rollBack(undo)
    if (failed.length > 0 && error instanceof Error) {
      error.message += ` (and ${failed.length} step${failed.length === 1 ? '' : 's'} could not be undone: ${failed.join('; ')})`
    }
    throw error
  }
}

/** Undo in reverse order; what could not be undone, as messages. */
async function rollBack(undo: readonly (() => Promise<void>)[]): Promise<string[]> {
  const failed: string[] = []
  for (const step of [...undo].reverse()) {
    await step().catch((error: Error) => failed.push(error.message))
  }
  return failed
}

/**
 * Make the folders from `outDir` down to `dir`, one level at a time; the ones made, outermost first.
 * A link or a file on the way is refused: the build writes into its own folder only.
 */
async function makeParents(outDir: string, dir: string, target: string): Promise<string[]> {
  const made: string[] = []
  const parts = path.relative(outDir, dir).split(path.sep).filter(Boolean)
  let current = outDir
  for (const part of parts) {
    current = path.join(current, part)
    const stats = await lstat(current).catch(() => undefined)
    if (stats?.isSymbolicLink()) {
      throw new EnvironmentError(`Cannot write ${target}: ${current} is a link to another folder, and a build writes only into its own`, `Remove the link ${current}; the build makes the folder itself.`)
    }
    if (stats && !stats.isDirectory()) throw new EnvironmentError(`Cannot write ${target}: ${current} is a file, not a folder`, 'Move or rename that file, then build again.')
    if (!stats) {
      await mkdir(current)
      made.push(current)
    }
  }
  return made
}
