/**
 * Every external tool (EPUBCheck's Java, Ace, Ghostscript, qpdf, poppler)
 * runs through `runTool`: with a time limit, stopped with everything it
 * started when the limit passes or the command is interrupted, and never
 * left running when SpringBoard exits.
 *
 * A tool runs in a process group of its own, so that it and its helpers can
 * be signalled together; helpers that leave the group (Ace's Chromium) are
 * found as descendants. Stopping is SIGTERM (Ace's puppeteer then closes
 * its browser, Java runs its shutdown hooks), then SIGKILL for whatever is
 * still there after a grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { EnvironmentError, InterruptedError } from '../errors.ts'
import { descendants } from './tree.ts'

export interface ToolOptions {
  /** Milliseconds before the tool is stopped and the run fails with an EnvironmentError. */
  timeoutMs: number
  /** What the tool is doing, for the time-out message: "EPUBCheck 5.1.0 on complete.epub". */
  doing?: string
  signal?: AbortSignal
  env?: NodeJS.ProcessEnv
  /** Bytes of stdout (and of stderr) kept; more fails the run, as execFile's maxBuffer. Default 64 MiB. */
  maxBuffer?: number
}

/** A tool that exited non-zero: what execFile rejects with (`code`, `stdout`, `stderr`). */
export interface ToolFailure extends Error {
  code?: number | string | null
  signal?: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/**
 * The time limits, in milliseconds: generous for a book of ten years on a slow machine, and a bound on a
 * tool that never ends. `SPRINGBOARD_TOOL_TIMEOUT` (seconds) replaces every one of them.
 */
export const toolLimits = {
  /** EPUBCheck on one EPUB. */
  epubcheck: 600_000,
  /** Ace on one EPUB (it starts a browser). */
  ace: 600_000,
  /** One Ghostscript conversion or measurement. */
  ghostscript: 600_000,
  /** pdfinfo, pdffonts, pdftotext, pdftoppm, qpdf: one file. */
  pdfTool: 300_000,
} as const

export function toolLimit(name: keyof typeof toolLimits, env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.SPRINGBOARD_TOOL_TIMEOUT)
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : toolLimits[name]
}

/** How long a stopped tool gets to exit on SIGTERM before SIGKILL. */
const graceMs = 2_000

const running = new Set<ChildProcess>()
let interrupted: AbortSignal | undefined

/**
 * Tie every tool to the command's signal: when it aborts (Ctrl-C, SIGTERM), the tools that run are
 * stopped and no new one starts.
 */
export function stopToolsOn(signal: AbortSignal): void {
  interrupted = signal
  signal.addEventListener('abort', () => {
    for (const child of running) stop(child)
  }, { once: true })
}

/** Run `command` with `args`; resolves with its output when it exits 0, rejects like execFile otherwise. */
export function runTool(command: string, args: readonly string[], options: ToolOptions): Promise<{ stdout: string; stderr: string }> {
  const signals = [options.signal, interrupted].filter((signal): signal is AbortSignal => signal !== undefined)
  if (signals.some((signal) => signal.aborted)) return Promise.reject(new InterruptedError())
  const maxBuffer = options.maxBuffer ?? 64 * 1024 * 1024
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'] })
    running.add(child)
    watchExit()
    const out: Buffer[] = []
    const err: Buffer[] = []
    const size = { out: 0, err: 0 }
    let why: 'timeout' | 'interrupted' | 'maxBuffer' | undefined
    const end = (reason: typeof why) => {
      if (why) return
      why = reason
      stop(child)
    }
    child.stdout!.on('data', (chunk: Buffer) => {
      size.out += chunk.length
      if (size.out > maxBuffer) end('maxBuffer')
      else out.push(chunk)
    })
    child.stderr!.on('data', (chunk: Buffer) => {
      size.err += chunk.length
      if (size.err > maxBuffer) end('maxBuffer')
      else err.push(chunk)
    })
    const timer = setTimeout(() => end('timeout'), options.timeoutMs)
    const onAbort = () => end('interrupted')
    for (const signal of signals) signal.addEventListener('abort', onAbort, { once: true })
    const settle = () => {
      clearTimeout(timer)
      running.delete(child)
      for (const signal of signals) signal.removeEventListener('abort', onAbort)
    }
    child.once('error', (error) => {
      settle()
      reject(error)
    })
    child.once('close', (code, signal) => {
      settle()
      const stdout = Buffer.concat(out).toString('utf8')
      const stderr = Buffer.concat(err).toString('utf8')
      const name = path.basename(command)
      if (why === 'interrupted') return reject(new InterruptedError())
      if (why === 'timeout') {
        const seconds = Math.round(options.timeoutMs / 1000)
        return reject(
          new EnvironmentError(
            `${options.doing ?? name} did not finish within ${seconds} s; it was stopped`,
            'A file that makes a checker work without end (a huge or self-referring image, say) is the likely cause; fix it and run again.',
          ),
        )
      }
      if (code === 0 && !why) return resolve({ stdout, stderr })
      const failure = new Error(why === 'maxBuffer' ? `${name} wrote more than ${maxBuffer} bytes; it was stopped` : `${name} exited with ${code ?? signal}: ${stderr.trim().split('\n').slice(-3).join(' ')}`) as ToolFailure
      failure.code = why === 'maxBuffer' ? 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' : code
      failure.signal = signal
      failure.stdout = stdout
      failure.stderr = stderr
      reject(failure)
    })
  })
}

/** SIGTERM to the tool, its group and its descendants; SIGKILL to all of them after the grace period. */
function stop(child: ChildProcess): void {
  const pid = child.pid
  if (pid === undefined) return
  const tree = [pid, ...descendants(pid)]
  signalAll(pid, tree, 'SIGTERM')
  const timer = setTimeout(() => signalAll(pid, [...new Set([...tree, ...descendants(pid)])], 'SIGKILL'), graceMs)
  timer.unref()
  // Once the tool itself has exited, what it left gets no grace: its helpers are killed now.
  child.once('exit', () => {
    clearTimeout(timer)
    signalAll(pid, tree, 'SIGKILL')
  })
}

function signalAll(group: number, pids: readonly number[], signal: NodeJS.Signals): void {
  const send = (target: number) => {
    try {
      process.kill(target, signal)
    } catch {
      // Gone already.
    }
  }
  if (process.platform !== 'win32') send(-group)
  for (const pid of pids) send(pid)
}

let watching = false

/** When SpringBoard exits (a second Ctrl-C exits at once), nothing it started may stay behind. */
function watchExit(): void {
  if (watching) return
  watching = true
  process.on('exit', () => {
    for (const child of running) {
      if (child.pid !== undefined) signalAll(child.pid, [child.pid, ...descendants(child.pid)], 'SIGKILL')
    }
  })
}
