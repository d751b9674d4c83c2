/**
 * Timing and its statistics: each measurement is wall seconds and peak
 * MiB; several runs become a median and a spread (min, max, and the range
 * as a share of the median, so a noisy machine shows as a wide spread).
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { mib, TreeSampler } from './memory.ts'

export interface Sample {
  seconds: number
  /** Peak RSS of Node (or of the program run), MiB. */
  peakMiB: number
  /** Peak RSS of the browser's processes, summed, MiB (stages that use it). */
  browserMiB?: number
}

export interface Summary {
  runs: number
  median: number
  min: number
  max: number
  /** (max - min) / median, in percent. */
  spreadPct: number
  peakMiB: number
  browserMiB?: number
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export function summarize(samples: readonly Sample[]): Summary {
  const seconds = samples.map((sample) => sample.seconds)
  const med = median(seconds)
  const browser = samples.map((sample) => sample.browserMiB).filter((value): value is number => value !== undefined)
  return {
    runs: samples.length,
    median: round(med, 3),
    min: round(Math.min(...seconds), 3),
    max: round(Math.max(...seconds), 3),
    spreadPct: med > 0 ? round(((Math.max(...seconds) - Math.min(...seconds)) / med) * 100, 1) : 0,
    // Memory: the median peak (the peak of a stage hardly varies; the median ignores a run that caught a GC late).
    peakMiB: round(median(samples.map((sample) => sample.peakMiB)), 0),
    ...(browser.length > 0 ? { browserMiB: round(median(browser), 0) } : {}),
  }
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals
  return Math.round(value * factor) / factor
}

export interface CommandResult extends Sample {
  code: number
  stderr: string
}

/**
 * Run a program to its end: wall time from spawn to exit, and peak memory
 * as the larger of GNU time's maximum RSS (the largest single process,
 * exact) and the sampled sum over its process tree (a browser's processes).
 */
export async function runCommand(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
  const timeFile = path.join(os.tmpdir(), `springboard-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`)
  const useTime = existsSync('/usr/bin/time')
  const [program, programArgs] = useTime ? ['/usr/bin/time', ['-f', '%M', '-o', timeFile, command, ...args]] : [command, [...args]]
  const started = performance.now()
  const child = spawn(program, programArgs, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] })
  const sampler = new TreeSampler(child.pid!, 100).start()
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000)
  })
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)))
  })
  const seconds = (performance.now() - started) / 1000
  const sampled = sampler.stop()
  let timeKib = 0
  if (useTime && existsSync(timeFile)) {
    timeKib = Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)) || 0
    rmSync(timeFile, { force: true })
  }
  return { code, stderr, seconds, peakMiB: Math.max(mib(sampled), timeKib / 1024) }
}
