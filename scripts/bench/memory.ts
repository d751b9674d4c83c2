/**
 * Peak memory, read from Linux's /proc: VmHWM is a process's peak resident
 * set size, and writing `5` to /proc/<pid>/clear_refs resets it to the
 * current RSS, so the peak of one stage can be read without a sampler
 * (which could not run anyway while a stage keeps Node's thread busy).
 * A browser is a tree of processes: its peak is the sum of their peaks
 * (an upper bound, since shared pages count once per process).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'

const kib = 1024

function status(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return undefined
  }
}

function field(text: string | undefined, name: string): number {
  const match = text && new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)
  return match ? Number(match[1]) * kib : 0
}

/** Peak RSS in bytes since start or the last reset. */
export function peakRss(pid: number = process.pid): number {
  return field(status(pid), 'VmHWM')
}

export function currentRss(pid: number = process.pid): number {
  return field(status(pid), 'VmRSS')
}

/** Start a new peak from now (no-op where the kernel does not allow it). */
export function resetPeak(pid: number = process.pid): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
  } catch {
    // Not Linux, or not allowed: the peak then covers the process's whole life.
  }
}

/** `pid` and every process below it. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      // The command name is in parentheses and may hold spaces: the parent pid follows the last `)`.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      const list = children.get(parent) ?? []
      list.push(Number(name))
      children.set(parent, list)
    } catch {
      // The process ended while we looked.
    }
  }
  const tree: number[] = []
  const queue = [pid]
  while (queue.length > 0) {
    const next = queue.shift()!
    tree.push(next)
    queue.push(...(children.get(next) ?? []))
  }
  return tree
}

function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  } catch {
    return ''
  }
}

export function resetTreePeak(pid: number): void {
  for (const member of processTree(pid)) resetPeak(member)
}

export function treePeakRss(pid: number): number {
  return processTree(pid).reduce((sum, member) => sum + peakRss(member), 0)
}

/**
 * Samples a process tree that runs on its own (another program, or a
 * browser while Node waits on it): the largest sum of current RSS seen,
 * and the sum of each process's last-seen peak.
 */
export class TreeSampler {
  private timer: NodeJS.Timeout | undefined
  private peakSum = 0
  private readonly peaks = new Map<number, number>()

  private readonly pid: number
  private readonly intervalMs: number
  /** Count only processes whose command name starts with this (`chrom`: the browser a build starts, not Node). */
  private readonly command: string | undefined

  constructor(pid: number, intervalMs = 50, command?: string) {
    this.pid = pid
    this.intervalMs = intervalMs
    this.command = command
  }

  start(): this {
    this.sample()
    this.timer = setInterval(() => this.sample(), this.intervalMs)
    return this
  }

  sample(): void {
    let sum = 0
    for (const member of processTree(this.pid)) {
      if (this.command && !commandName(member).startsWith(this.command)) continue
      const text = status(member)
      sum += field(text, 'VmRSS')
      const peak = field(text, 'VmHWM')
      if (peak > (this.peaks.get(member) ?? 0)) this.peaks.set(member, peak)
    }
    this.peakSum = Math.max(this.peakSum, sum)
  }

  /** Bytes: the larger of the two views (the peaks' sum catches growth between samples). */
  stop(): number {
    clearInterval(this.timer)
    const peaks = [...this.peaks.values()].reduce((sum, value) => sum + value, 0)
    return Math.max(this.peakSum, peaks)
  }
}

export const mib = (bytes: number) => bytes / (1024 * 1024)
