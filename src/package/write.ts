/**
 * Outputs land in `dist/` all together or not at all: they are written to a
 * staging folder inside the output folder (same file system, so a rename is
 * atomic) and moved into place only when every one of them has been made,
 * all together or none (replace.ts). A failed or interrupted build leaves
 * the last good files.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { EnvironmentError } from '../errors.ts'
import { removeInside } from '../files/remove.ts'
import { makeFolder } from './folder.ts'
import { removeLeftovers } from './leftovers.ts'
import { withOutputLock, type LockOptions } from './lock.ts'
import { replaceAll } from './replace.ts'

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
    try {
      await replaceAll(staging, outDir, files)
    } catch (error) {
      if (error instanceof EnvironmentError) throw error
      throw new EnvironmentError(`Cannot write to ${outDir}: ${(error as Error).message}`, 'Check that the output folder can be written, or choose another with --out.', { cause: error })
    }
    return files.map((file) => ({ path: path.join(outDir, file.path), bytes: file.data.byteLength }))
  } catch (error) {
    if (error instanceof EnvironmentError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EROFS' || code === 'ENOSPC' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EISDIR') {
      throw new EnvironmentError(`Cannot write to ${outDir}: ${(error as Error).message}`, 'Check that the output folder can be written and the disk has room, or choose another with --out.', { cause: error })
    }
    throw error
  } finally {
    await removeInside(outDir, staging, { recursive: true })
  }
}
