import { main } from '../../src/cli.ts'

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
