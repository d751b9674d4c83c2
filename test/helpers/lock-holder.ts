/**
 * Another SpringBoard process that holds an output folder's lock, as a
 * build does while it moves its files into place: it takes the lock with
 * the real code (src/package/lock.ts), says so, and lets go when told (or
 * dies when killed, leaving the lock behind).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { projectRoot } from './book.ts'

export interface LockHolder {
  child: ChildProcess
  pid: number
  /** Let go of the lock and exit. */
  release(): Promise<void>
}

export async function holdLock(outDir: string): Promise<LockHolder> {
  const lockModule = path.join(projectRoot, 'src/package/lock.ts')
  const script = `
    const { withOutputLock } = await import(${JSON.stringify(lockModule)})
    await withOutputLock(${JSON.stringify(outDir)}, async () => {
      process.stdout.write('held\\n')
      await new Promise((resolve) => process.stdin.once('data', resolve))
    })
    process.exit(0)
  `
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve())
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before it held the lock`)))
  })
  return {
    child,
    pid: child.pid!,
    async release() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.stdin!.write('release\n')
      await exited
    },
  }
}
