/**
 * What a test needs from the machine to stage a fault: a pid no process
 * has, and a tiny disk (a tmpfs mount, which needs root on Linux, as CI
 * runs; the tests that need one are skipped elsewhere, saying so).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** A pid no process has: above the largest the kernel gives. */
export function deadPid(): number {
  try {
    return Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8')) + 1
  } catch {
    return 4_194_305
  }
}

/** Whether this machine lets a test mount a small tmpfs. */
export const canMountTmpfs = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false
  const probe = path.join(os.tmpdir(), `springboard-mount-probe-${process.pid}`)
  try {
    mkdirSync(probe, { recursive: true })
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' })
    execFileSync('umount', [probe])
    return true
  } catch {
    return false
  } finally {
    rmSync(probe, { recursive: true, force: true })
  }
})()

/** Mount a tmpfs of `size` (`256k`) on the empty folder `folder` while `work` runs. */
export async function withTmpfs<T>(folder: string, size: string, work: () => Promise<T>): Promise<T> {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', folder])
  try {
    return await work()
  } finally {
    execFileSync('umount', [folder])
  }
}
