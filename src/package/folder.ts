/**
 * `mkdir -p` for the output folder, one level at a time. Node's recursive
 * mkdir retries for ever where a file system answers ENOENT for a folder
 * whose parent exists (under /proc it alternates ENOENT and EEXIST at full
 * CPU, deaf to signals); here each missing level is tried once, so the work
 * is bounded by the depth of the path.
 */
import { mkdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { EnvironmentError } from '../errors.ts'

export async function makeFolder(dir: string): Promise<void> {
  const missing: string[] = []
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const stats = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined
      throw cannotCreate(dir, error)
    })
    if (stats?.isDirectory()) break
    if (stats) throw cannotCreate(dir, new Error(`${current} is a file, not a folder`))
    missing.push(current)
    if (path.dirname(current) === current) break
  }
  for (const folder of missing.reverse()) {
    try {
      await mkdir(folder)
    } catch (error) {
      // Another build may have made it a moment ago.
      const made = (error as NodeJS.ErrnoException).code === 'EEXIST' && (await stat(folder).catch(() => undefined))?.isDirectory()
      if (!made) throw cannotCreate(dir, error as Error)
    }
  }
}

function cannotCreate(dir: string, error: Error): EnvironmentError {
  return new EnvironmentError(`Cannot create the output folder ${dir}: ${error.message}`, 'Check that the folder can be written, or choose another with --out.', { cause: error })
}
