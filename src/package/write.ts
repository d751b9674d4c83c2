/**
 * Outputs land in `dist/` all together or not at all: they are written to a
 * staging folder inside the output folder (same file system, so a rename is
 * atomic) and each is renamed into place only when every one of them has
 * been made. A failed or interrupted build leaves the last good files.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { EnvironmentError } from '../errors.ts'
import { makeFolder } from './folder.ts'
import { removeLeftovers } from './leftovers.ts'
import { withOutputLock, type LockOptions } from './lock.ts'

export interface OutputFile {
  /** Path relative to the output folder, `/`-separated. */
  path: string
  data: Uint8Array
}

export interface WrittenFile {
  path: string
  bytes: number
}

/** Staging folders start with this; `springboard` never treats them as outputs. */
export const stagingPrefix = '.staging-'

export async function writeOutputs(outDir: string, files: readonly OutputFile[], lock: LockOptions = {}): Promise<WrittenFile[]> {
  await makeFolder(outDir)
  return withOutputLock(outDir, async () => {
    await removeLeftovers(outDir, stagingPrefix)
    return writeStaged(outDir, files)
  }, lock)
}

async function writeStaged(outDir: string, files: readonly OutputFile[]): Promise<WrittenFile[]> {
  const staging = path.join(outDir, `${stagingPrefix}${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    await mkdir(staging)
  } catch (error) {
    throw new EnvironmentError(`Cannot create the output folder ${outDir}: ${(error as Error).message}`, 'Check that the folder can be written, or choose another with --out.', { cause: error })
  }
  try {
    for (const file of files) {
      const staged = path.join(staging, file.path)
      await makeFolder(path.dirname(staged))
      await writeFile(staged, file.data)
    }
    const written: WrittenFile[] = []
    for (const file of files) {
      const target = path.join(outDir, file.path)
      try {
        await makeFolder(path.dirname(target))
        await rename(path.join(staging, file.path), target)
      } catch (error) {
        throw new EnvironmentError(`Cannot write ${target}: ${(error as Error).message}`, 'Check that the output folder can be written, or choose another with --out.', { cause: error })
      }
      written.push({ path: target, bytes: file.data.byteLength })
    }
    return written
  } catch (error) {
    if (error instanceof EnvironmentError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EROFS' || code === 'ENOSPC' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EISDIR') {
      throw new EnvironmentError(`Cannot write to ${outDir}: ${(error as Error).message}`, 'Check that the output folder can be written and the disk has room, or choose another with --out.', { cause: error })
    }
    throw error
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}
