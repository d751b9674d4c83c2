/**
 * The `springboard` command. Exit codes: 0 success, 1 content problems
 * (positioned messages), 2 usage or environment problems, 70 a bug.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { buildBook, formats, lintBook, type Format, type Logger } from './build.ts'
import { isExpectedError, UsageError } from './errors.ts'
import { countMessages, flattenMessages, formatMessages, hasErrors } from './report/messages.ts'

export const usage = `Usage:
  springboard build [--root DIR] [--out DIR] [--format epub|pdf|handouts|all] [--volume ID]
  springboard check [--root DIR] [--format text|json]
  springboard --help

  --root DIR     the book folder (springboard.yaml, chapters/, assets/); default: the current folder
  --out DIR      where outputs go; default: <root>/dist
  --format       build: what to make (default all); check: how to print problems (default text)
  --volume ID    build only this volume (see volumes in springboard.yaml)
  --quiet        print only problems`

export interface Io {
  stdout(text: string): void
  stderr(text: string): void
  cwd: string
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  cwd: process.cwd(),
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    return await run(argv, io)
  } catch (error) {
    if (isExpectedError(error)) {
      io.stderr(`springboard: ${error.message}`)
      if (error.hint) io.stderr(`    hint: ${error.hint}`)
      return error.exitCode
    }
    io.stderr(`springboard: internal error (a bug; please report it with the text below)\n${(error as Error).stack ?? String(error)}`)
    return 70
  }
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        root: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        volume: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (error) {
    throw new UsageError((error as Error).message, 'Run `springboard --help` for the options.')
  }
  const { values, positionals } = parsed
  const [command, ...rest] = positionals
  if (values.help || command === 'help') {
    io.stdout(usage)
    return 0
  }
  if (rest.length > 0) throw new UsageError(`Unexpected argument \`${rest[0]}\``, 'Run `springboard --help` for the options.')
  const root = path.resolve(io.cwd, values.root ?? '.')
  const log: Logger = { info: (line) => (values.quiet ? undefined : io.stdout(line)) }

  switch (command) {
    case 'build': {
      const requested = values.format ?? 'all'
      if (requested !== 'all' && !formats.includes(requested as Format)) {
        throw new UsageError(`Unknown format \`${requested}\``, `Use one of: ${[...formats, 'all'].join(', ')}.`)
      }
      const result = await buildBook({
        root,
        out: values.out ? path.resolve(io.cwd, values.out) : undefined,
        formats: requested === 'all' ? formats : [requested as Format],
        volume: values.volume,
        log,
      })
      printProblems(result.files, root, io)
      if (!result.ok) {
        io.stderr(`Nothing was written${values.out ? '' : ' to dist/'}: fix the errors above and build again.`)
        return 1
      }
      for (const file of result.written) io.stdout(`Wrote ${path.relative(io.cwd, file.path) || file.path} (${formatBytes(file.bytes)})`)
      return 0
    }
    case 'check': {
      const format = values.format ?? 'text'
      if (format !== 'text' && format !== 'json') throw new UsageError(`Unknown format \`${format}\` for check`, 'Use --format text or --format json.')
      const result = await lintBook(root, format === 'json' ? { info() {} } : log)
      if (format === 'json') io.stdout(JSON.stringify(flattenMessages(result.files, root), null, 2))
      else printProblems(result.files, root, io)
      return hasErrors(result.files) ? 1 : 0
    }
    case undefined:
      throw new UsageError('No command given', usage)
    default:
      throw new UsageError(`Unknown command \`${command}\``, 'The commands are `build` and `check`; run `springboard --help`.')
  }
}

function printProblems(files: Parameters<typeof formatMessages>[0], root: string, io: Io): void {
  const text = formatMessages(files, root)
  if (!text) return
  io.stderr(text)
  const { errors, warnings } = countMessages(files)
  io.stderr(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`)
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
