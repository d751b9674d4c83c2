/**
 * The `springboard` command. Exit codes: 0 success, 1 content problems
 * (positioned messages), 2 usage or environment problems, 70 a bug.
 */
import { existsSync, statfsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { diskCache } from './cache/index.ts'
import { InterruptedError } from './errors.ts'
import { extraFormats, formats, type Format } from './formats.ts'
import { lintBook } from './lint.ts'
import { diskFullError, isExpectedError, UsageError } from './errors.ts'
import { newChapter } from './new.ts'
import { stopToolsOn } from './process/children.ts'
import { countMessages, flattenMessages, formatFlatMessages, formatMessages, hasErrors, visible } from './report/messages.ts'
import { createProgress, isInteractive, silentProgress } from './report/progress.ts'

export const usage = `Usage:
  springboard build [--root DIR] [--out DIR] [--format epub|pdf|pdfx|handouts|all[,…]] [--volume ID] [--week DATE] [--no-cache]
  springboard release --volume ID [--root DIR] [--out DIR]
  springboard check [--root DIR] [--format text|json] [--no-cache] [--no-layout]
  springboard new "Career title" [--date YYYY-MM-DD] [--root DIR]
  springboard import FILE|FOLDER... [--title T] [--date YYYY-MM-DD] [--root DIR] [--format text|json]
  springboard dev [--root DIR] [--port N] [--no-layout]
  springboard verify [--root DIR] [--out DIR]
  springboard --help

  --root DIR     the book folder (springboard.yaml, chapters/, assets/); default: the current folder
  --out DIR      where outputs go; default: <root>/dist
  --format       build: what to make, one or more joined by commas (default all: epub, pdf, handouts;
                 pdfx: PDF/X for IngramSpark and offset printers, e.g. --format all,pdfx);
                 check: how to print problems (default text); import: how to print its report (default text)
  --volume ID    build only this volume (see volumes in springboard.yaml); release: the volume to release
  --week DATE    build only the chapter that ran in the week of DATE, as a small EPUB (and its handout)
  --date DATE    new, import: the date the feature runs; default: a week after the newest chapter
                 (import: the date in the file's name first; several files go a week apart)
  --title T      import: the career, when the text does not start "The <career> is …"
  --port N       dev: the preview's port on 127.0.0.1 (default 4321)
  --quiet        print only problems
  --verbose      also print a line per chapter
  --no-cache     check every chapter again (build, check): ignore what .springboard-cache/ keeps
  --no-layout    check, dev: do not lay the handouts out in Chromium (quicker, and needs no browser; a
                 handout too long for its page, p-001, is then found only by build)`

export interface Io {
  stdout(text: string): void
  stderr(text: string): void
  /** Raw progress output (no newline added); defaults to nothing. */
  progress?(text: string): void
  interactive?: boolean
  cwd: string
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  progress: (text) => process.stderr.write(text),
  interactive: isInteractive(process.stderr),
  cwd: process.cwd(),
}

export async function main(argv: readonly string[], given: Io = processIo): Promise<number> {
  // Whatever is printed comes partly from the book: no control character reaches the terminal as it is.
  const io: Io = { ...given, stdout: (text) => given.stdout(visible(text)), stderr: (text) => given.stderr(visible(text)) }
  if (io.signal) stopToolsOn(io.signal)
  try {
    return await run(argv, io)
  } catch (error) {
    // After Ctrl-C, whatever failed failed because the command was being stopped.
    if (error instanceof InterruptedError || io.signal?.aborted) {
      io.stderr(`springboard: ${error instanceof InterruptedError ? error.message : 'Interrupted'}`)
      return 130
    }
    // A full disk is the machine's problem wherever it struck, not a bug (the temp folder, say).
    const expected = isExpectedError(error) ? error : diskFullError(error, os.tmpdir(), freeBytes)
    if (expected) {
      io.stderr(`springboard: ${expected.message}`)
      if (expected.hint) io.stderr(`    hint: ${expected.hint}`)
      return expected.exitCode
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
      allowNegative: true,
      options: {
        root: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        volume: { type: 'string' },
        week: { type: 'string' },
        date: { type: 'string' },
        title: { type: 'string' },
        port: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        cache: { type: 'boolean', default: true },
        layout: { type: 'boolean', default: true },
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
  if (command !== 'import' && rest.length > (command === 'new' ? 1 : 0)) {
    throw new UsageError(`Unexpected argument \`${rest[rest.length - 1]}\``, 'Run `springboard --help` for the options; quote a title with spaces.')
  }
  const root = path.resolve(io.cwd, values.root ?? '.')
  const progress = createProgress({
    write: io.progress ?? (() => {}),
    interactive: io.interactive ?? false,
    quiet: values.quiet,
    verbose: values.verbose,
  })

  switch (command) {
    case 'build': {
      const requested = new Set<Format>()
      for (const name of (values.format ?? 'all').split(',').map((part) => part.trim())) {
        if (name === 'all') formats.forEach((format) => requested.add(format))
        else if ([...formats, ...extraFormats].includes(name as Format)) requested.add(name as Format)
        else throw new UsageError(`Unknown format \`${name}\``, `Use one or more of: ${[...formats, ...extraFormats, 'all'].join(', ')}, joined by commas.`)
      }
      const { buildBook } = await import('./build.ts')
      const result = await buildBook({
        cache: values.cache,
        root,
        out: values.out ? path.resolve(io.cwd, values.out) : undefined,
        formats: [...requested],
        volume: values.volume,
        week: values.week,
        progress,
        signal: io.signal,
      })
      printProblems(result.files, root, io)
      if (!result.ok) {
        io.stderr(`Nothing was written${values.out ? '' : ' to dist/'}: fix the errors above and build again.`)
        return 1
      }
      if (!values.quiet) {
        for (const file of result.written) io.stdout(`Wrote ${path.relative(io.cwd, file.path) || file.path} (${formatBytes(file.bytes)})`)
      }
      return 0
    }
    case 'release': {
      if (!values.volume) throw new UsageError('`release` needs the volume', 'springboard release --volume complete (the volumes are the folders of dist/).')
      const out = values.out ? path.resolve(io.cwd, values.out) : path.join(root, 'dist')
      const { buildBook } = await import('./build.ts')
      const result = await buildBook({ root, out, formats, volume: values.volume, release: true, progress, signal: io.signal })
      printProblems(result.files, root, io)
      if (!result.ok) {
        io.stderr(`Nothing was written${values.out ? '' : ' to dist/'}: fix the errors above and release again.`)
        return 1
      }
      const folder = path.join(out, values.volume, 'release')
      io.stdout(`Release pack: ${path.relative(io.cwd, folder) || folder}/ (${result.written.length} files written with the volume's build)`)
      for (const line of result.checklist ?? []) io.stdout(line)
      io.stdout(`The same list is in ${path.relative(io.cwd, path.join(folder, 'checklist.md'))}; run \`springboard verify\` before uploading.`)
      return 0
    }
    case 'check': {
      const format = values.format ?? 'text'
      if (format !== 'text' && format !== 'json') throw new UsageError(`Unknown format \`${format}\` for check`, 'Use --format text or --format json.')
      const cache = values.cache ? diskCache(root) : undefined
      const result = await lintBook(root, format === 'json' ? undefined : progress, cache, io.signal)
      if (values.layout) {
        const { checkHandoutLayout } = await import('./check-layout.ts')
        await checkHandoutLayout(root, result, format === 'json' ? silentProgress : progress, { signal: io.signal, cache })
      } else if (format !== 'json') {
        progress.stage('handouts', 'not laid out (--no-layout): p-001 is left to build', 0)
      }
      if (format === 'json') io.stdout(JSON.stringify(flattenMessages(result.files, root), null, 2))
      else printProblems(result.files, root, io)
      return hasErrors(result.files) ? 1 : 0
    }
    case 'new': {
      if (!rest[0]) throw new UsageError('`new` needs the career title', 'springboard new "Medical Coder" [--date YYYY-MM-DD]')
      io.signal?.throwIfAborted()
      const file = await newChapter({ root, title: rest[0], date: values.date })
      io.stdout(`Wrote ${path.relative(io.cwd, file) || file}: replace every TODO, then run \`springboard check\`.`)
      return 0
    }
    case 'import': {
      const format = values.format ?? 'text'
      if (format !== 'text' && format !== 'json') throw new UsageError(`Unknown format \`${format}\` for import`, 'Use --format text or --format json.')
      const { importFeatures } = await import('./import/index.ts')
      const { formatReport } = await import('./import/report.ts')
      const imported = await importFeatures({ root, inputs: rest.map((input) => path.resolve(io.cwd, input)), title: values.title, date: values.date, signal: io.signal })
      const shown = (file: string) => (path.relative(io.cwd, file).startsWith('..') ? file : path.relative(io.cwd, file))
      if (format === 'json') {
        io.stdout(JSON.stringify(imported.map((chapter) => ({ ...chapter, source: shown(chapter.source), file: shown(chapter.file), sameSlug: chapter.sameSlug && shown(chapter.sameSlug) })), null, 2))
        return 0
      }
      for (const chapter of imported) {
        const from = `from ${shown(chapter.source)}${chapter.encoding === 'utf-8' ? '' : ', read as Windows-1252'}`
        io.stdout(`Wrote ${shown(chapter.file)} (${from})`)
        for (const line of formatReport(chapter.report)) io.stdout(line)
        if (chapter.sameSlug) io.stdout(`    note: ${shown(chapter.sameSlug)} has the same slug: \`check\` reports both (v-001) until one is renamed`)
      }
      const left = imported.reduce((sum, chapter) => sum + chapter.report.todos.length, 0)
      io.stdout(left > 0 ? `${left} TODO${left === 1 ? '' : 's'} left: fill ${left === 1 ? 'it' : 'them'} in, then run \`springboard check\`.` : 'Run `springboard check` to see the chapters as the build will.')
      return 0
    }
    case 'dev': {
      const port = values.port === undefined ? 4321 : Number(values.port)
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${values.port} is not a port number`, 'Use a number from 1024 to 65535, e.g. --port 4321.')
      const { startDevServer } = await import('./dev/server.ts')
      const server = await startDevServer({ root, port, out: values.out ? path.resolve(io.cwd, values.out) : undefined, log: io.stdout, layout: values.layout })
      io.stdout(`Preview at ${server.url} (watching chapters/, templates/, assets/ and springboard.yaml; Ctrl-C stops)`)
      await new Promise<void>((resolve) => {
        if (!io.signal || io.signal.aborted) return resolve()
        io.signal.addEventListener('abort', () => resolve(), { once: true })
      })
      await server.close()
      return 0
    }
    case 'verify': {
      const { loadConfig } = await import('./config/index.ts')
      const { config, file } = await loadConfig(root)
      if (!config) {
        printProblems([file], root, io)
        return 1
      }
      const out = values.out ? path.resolve(io.cwd, values.out) : path.join(root, 'dist')
      if (!existsSync(out)) throw new UsageError(`Nothing to verify: ${out} does not exist`, 'Build first: npm run build.')
      const { verifyOutputs } = await import('./verify/index.ts')
      // The chapters as checked, for the fidelity audit of what dist/ holds (no layout: no browser).
      const { chapters } = await lintBook(root)
      // A line per check, then what it found in the shape of content messages; the summary line last (CI reads it).
      const lines = await verifyOutputs(out, config, (line) => {
        io.stdout(`${line.ok ? 'ok  ' : 'FAIL'} ${path.relative(io.cwd, line.file) || line.file}: ${line.check}: ${line.detail}`)
        const found = formatFlatMessages(line.messages, io.cwd)
        if (found) io.stdout(found)
      }, chapters)
      io.signal?.throwIfAborted()
      const failed = lines.filter((line) => !line.ok).length
      io.stdout(`${lines.length - failed} passed, ${failed} failed`)
      return failed > 0 ? 1 : 0
    }
    case undefined:
      throw new UsageError('No command given', usage)
    default:
      throw new UsageError(`Unknown command \`${command}\``, 'The commands are `build`, `release`, `check`, `new`, `import`, `dev` and `verify`; run `springboard --help`.')
  }
}

function printProblems(files: Parameters<typeof formatMessages>[0], root: string, io: Io): void {
  const text = formatMessages(files, root)
  if (!text) return
  io.stderr(text)
  const { errors, warnings } = countMessages(files)
  io.stderr(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`)
}

function freeBytes(folder: string): number | undefined {
  try {
    const stats = statfsSync(folder)
    return stats.bavail * stats.bsize
  } catch {
    return undefined
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
