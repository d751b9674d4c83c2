/**
 * Whole builds. The command as an editor runs it: `node scripts/springboard.js
 * build … --volume complete` in a new process, no flags for Node, its time and
 * the peak memory of its process tree (the browser's too); `buildBook` in this
 * process, for comparison. And the weekly rebuild: the book built once, then
 * one new chapter, then the EPUB again, with the build cache and without.
 */
import { rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { buildBook } from '../../src/build.ts'
import { generateBook, makeChapters } from './generate.ts'
import { runCommand, summarize, type Sample, type Summary } from './measure.ts'
import { mib, peakRss, resetPeak, TreeSampler } from './memory.ts'

const script = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'springboard.js')

/** The build cache of a book: emptied before a measured first build, so that it is one. */
export async function emptyCache(root: string): Promise<void> {
  await rm(path.join(root, '.springboard-cache'), { recursive: true, force: true })
}

export interface BuildRun extends Sample {
  /** Chapters checked rather than taken from the cache, from the command's progress lines. */
  parsed: number
  /** Whether it drew the EPUB's cover (not taken from the cache). */
  coverDrawn: boolean
}

/** `springboard build --format <format> --volume complete` in a new process, as `npm run build` runs it (plus the folders). */
export async function runBuild(root: string, out: string, format: 'epub' | 'all', extra: readonly string[] = []): Promise<BuildRun> {
  const args = [script, 'build', '--format', format, '--volume', 'complete', '--root', root, '--out', out, ...extra]
  // CI=1: progress as plain lines (read below), as in a pipe.
  const result = await runCommand(process.execPath, args, { env: { ...process.env, CI: '1' } })
  if (result.code !== 0) throw new Error(`springboard build failed (${result.code}): ${result.stderr}`)
  const check = /^check\s+(\d+) valid, \d+ problems?(?: \((\d+) from the cache\))?/m.exec(result.stderr)
  if (!check) throw new Error(`springboard build printed no check line:\n${result.stderr}`)
  return {
    seconds: result.seconds,
    peakMiB: result.peakMiB,
    parsed: Number(check[1]) - Number(check[2] ?? 0),
    coverDrawn: /^cover\s/m.test(result.stderr),
  }
}

/** `buildBook` in this process, a first build (the cache emptied). */
export async function inProcessBuild(root: string, out: string, formats: ('epub' | 'pdf')[]): Promise<Sample> {
  await emptyCache(root)
  globalThis.gc?.()
  resetPeak()
  const browser = new TreeSampler(process.pid, 100, 'chrom').start()
  const started = performance.now()
  const result = await buildBook({ root, out, formats, env: {} })
  const seconds = (performance.now() - started) / 1000
  const browserBytes = browser.stop()
  if (!result.ok) throw new Error(`buildBook failed for ${root}`)
  return { seconds, peakMiB: mib(peakRss()), ...(formats.includes('pdf') ? { browserMiB: mib(browserBytes) } : {}) }
}

export interface WeeklyResult {
  /** The EPUB after one new chapter, with the build cache (the default). */
  rebuild: Summary
  /** The same, with `--no-cache`. */
  noCache: Summary
  /** The most chapters one cached rebuild checked (1 when the cache works). */
  parsed: number
  /** In how many cached rebuilds the cover was drawn again (it shows the chapter count). */
  coverDrawn: number
}

/**
 * The weekly rebuild, in its own copy of the book: built once (EPUB, cache on), then each run adds the next week's
 * chapter and builds the EPUB in a new process with the cache, then with `--no-cache` on the same chapters.
 * The book grows by a chapter a run, as it does week by week.
 */
export async function weeklyRebuild(chapters: number, dir: string, out: string, runs: number, log: (line: string) => void): Promise<WeeklyResult> {
  await generateBook(chapters, dir)
  // The chapters of a longer book begin with the same ones, byte for byte (one seeded sequence): the new ones follow.
  const weeks = makeChapters(chapters + runs).slice(chapters)
  await runBuild(dir, out, 'epub')
  const cached: BuildRun[] = []
  const uncached: BuildRun[] = []
  for (const [index, chapter] of weeks.entries()) {
    await writeFile(path.join(dir, 'chapters', chapter.fileName), chapter.text)
    const withCache = await runBuild(dir, out, 'epub')
    const without = await runBuild(dir, out, 'epub', ['--no-cache'])
    cached.push(withCache)
    uncached.push(without)
    log(
      `    week ${index + 1}: ${withCache.seconds.toFixed(2)} s, ${Math.round(withCache.peakMiB)} MiB with the cache (${withCache.parsed} chapter${withCache.parsed === 1 ? '' : 's'} checked${withCache.coverDrawn ? ', cover drawn' : ''}); ${without.seconds.toFixed(2)} s with --no-cache`,
    )
  }
  return {
    rebuild: summarize(cached),
    noCache: summarize(uncached),
    parsed: Math.max(...cached.map((run) => run.parsed)),
    coverDrawn: cached.filter((run) => run.coverDrawn).length,
  }
}
