import { spawn } from 'node:child_process'
import path from 'node:path'
import { main } from '../../src/cli.ts'
import { projectRoot } from './book.ts'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Run the `springboard` command in-process, capturing what it prints. */
export async function runCli(args: readonly string[], cwd = process.cwd()): Promise<CliRun> {
  const stdout: string[] = []
  const stderr: string[] = []
  const code = await main(args, { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text), cwd })
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') }
}

/** 1-based line and column where `needle` starts in `text`. */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle)
  if (offset === -1) throw new Error(`"${needle}" is not in the text`)
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: before[before.length - 1]!.length + 1 }
}

/** Run `springboard` as a program (a new process, CI=true), optionally interrupting it once its stderr matches. */
export function spawnCli(
  args: string[],
  cwd: string,
  interruptWhen?: (stderr: string) => boolean,
  env: NodeJS.ProcessEnv = {},
  signal: NodeJS.Signals = 'SIGINT',
  /** Kill (SIGKILL) a run that takes longer than this many milliseconds: a hang must not outlive the test. */
  killAfter?: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'scripts/springboard.js'), ...args], { cwd, env: { ...process.env, CI: 'true', ...env }, timeout: killAfter, killSignal: 'SIGKILL' })
    let stdout = ''
    let stderr = ''
    let sent = false
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => {
      stderr += chunk
      if (interruptWhen && !sent && interruptWhen(stderr)) {
        sent = true
        child.kill(signal)
      }
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
