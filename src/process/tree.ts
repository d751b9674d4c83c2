/**
 * What the operating system says about processes: which processes descend
 * from one (to stop a tool with everything it started, even helpers that
 * left its process group, as Chromium's do), and when a process started (so
 * that a lock or a staging folder naming a pid is known to be ours, not a
 * later process that was given the same pid). Linux answers from /proc;
 * elsewhere `ps` does.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'

const hasProc = (() => {
  try {
    readFileSync('/proc/self/stat')
    return true
  } catch {
    return false
  }
})()

/** `[pid, ppid, starttime]` from /proc/<pid>/stat; the command name may hold spaces and parentheses. */
function procStat(pid: number): { ppid: number; start: string } | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  // After the name: state (3), ppid (4) … starttime (22), in clock ticks since boot.
  return { ppid: Number(fields[1]), start: fields[19]! }
}

/** Every live process with its parent. */
function parents(): Map<number, number> {
  const map = new Map<number, number>()
  if (hasProc) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      const stat = procStat(Number(entry))
      if (stat) map.set(Number(entry), stat.ppid)
    }
    return map
  }
  try {
    const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8', timeout: 10_000 })
    for (const line of out.split('\n')) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number)
      if (pid && ppid !== undefined) map.set(pid, ppid)
    }
  } catch {
    // No `ps`: only the process itself and its group can be stopped.
  }
  return map
}

/** The pids that descend from `pid` (children, grandchildren …), parents before children. */
export function descendants(pid: number): number[] {
  const byParent = new Map<number, number[]>()
  for (const [child, parent] of parents()) byParent.set(parent, [...(byParent.get(parent) ?? []), child])
  const found: number[] = []
  const queue = [pid]
  while (queue.length > 0) {
    for (const child of byParent.get(queue.shift()!) ?? []) {
      if (found.includes(child)) continue
      found.push(child)
      queue.push(child)
    }
  }
  return found
}

let bootId: string | undefined

/**
 * When `pid` started, as a string that differs for a later process with the same pid (and across
 * reboots, on Linux); `undefined` when no such process runs or the system does not say.
 */
export function processStart(pid: number): string | undefined {
  if (hasProc) {
    const stat = procStat(pid)
    if (!stat) return undefined
    bootId ??= (() => {
      try {
        return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
      } catch {
        return ''
      }
    })()
    return `${bootId}/${stat.start}`
  }
  try {
    const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 10_000 }).trim()
    return started || undefined
  } catch {
    return undefined
  }
}

/** Whether a process with this pid runs (or exists and is not ours to signal). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Whether the process that was `pid` when it recorded `start` still runs: the pid alone can name a
 * process started since (a reused pid, or pid 1 in every container).
 */
export function isSameProcess(pid: number, start: string): boolean {
  if (!isRunning(pid)) return false
  const now = processStart(pid)
  return now === undefined ? true : now === start
}

/**
 * A short name for this process that a later process with the same pid does not share: the pid and a
 * hash of its start time, for the names of folders it works in (`.import-<tag>-…`).
 */
export function processTag(pid: number = process.pid): string {
  return `${pid}-${createHash('sha256').update(processStart(pid) ?? '').digest('hex').slice(0, 8)}`
}

/** Whether the process a tag of `processTag` names still runs; `undefined` for text that is no tag. */
export function isTagRunning(tag: string): boolean | undefined {
  const match = /^(\d+)-([0-9a-f]{8})$/.exec(tag)
  if (!match) return undefined
  const pid = Number(match[1])
  return isRunning(pid) && processTag(pid) === tag
}
