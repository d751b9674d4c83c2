/**
 * The command as an editor runs it: `node scripts/springboard.js build
 * --format <format>` in a new process, on the book's own config (every year's
 * volume, the complete one, an edition per store), no flags for Node. Its wall
 * time and the peak memory of its process tree (the browser's too). A first
 * build has the build cache emptied; this week's build finds last week's.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { makeChapters } from './generate.ts'
import { runCommand, type Sample } from './measure.ts'

const script = path.resolve(import.meta.dirname, '..', 'springboard.js')

export type Format = 'epub' | 'all'

export interface BuildRun extends Sample {
  /** Chapters checked rather than taken from the cache, from the command's progress lines. */
  parsed: number
}

/** `springboard build --format <format>` in a new process. */
export async function runBuild(root: string, out: string, format: Format): Promise<BuildRun> {
  // CI=1: progress as plain lines (read below), as in a pipe.
  const result = await runCommand(process.execPath, [script, 'build', '--format', format, '--root', root, '--out', out], { env: { ...process.env, CI: '1' } })
  if (result.code !== 0) throw new Error(`springboard build --format ${format} failed (${result.code}): ${result.stderr}`)
  const check = /^check\s+(\d+) valid, \d+ problems?(?: \((\d+) from the cache\))?/m.exec(result.stderr)
  if (!check) throw new Error(`springboard build printed no check line:\n${result.stderr}`)
  return { seconds: result.seconds, peakMiB: result.peakMiB, parsed: Number(check[1]) - Number(check[2] ?? 0) }
}

/** A first build: the build cache emptied before it. */
export async function firstBuild(root: string, out: string, format: Format): Promise<BuildRun> {
  await rm(path.join(root, '.springboard-cache'), { recursive: true, force: true })
  return runBuild(root, out, format)
}

/**
 * This week's build, `runs` weeks in a row: the book of `chapters` built once (with its cache), then each run adds
 * the next week's chapter (the same text every run of the bench) and builds again. Leaves the added chapters.
 */
export async function thisWeeksBuilds(root: string, out: string, format: Format, chapters: number, runs: number, log: (line: string) => void): Promise<BuildRun[]> {
  await firstBuild(root, out, format)
  const next = makeChapters(chapters + runs).slice(chapters)
  const samples: BuildRun[] = []
  for (const chapter of next) {
    await writeFile(path.join(root, 'chapters', chapter.fileName), chapter.text)
    const run = await runBuild(root, out, format)
    log(`    this week's build (--format ${format}): ${run.seconds.toFixed(2)} s, ${Math.round(run.peakMiB)} MiB, ${run.parsed} chapter${run.parsed === 1 ? '' : 's'} checked`)
    samples.push(run)
  }
  return samples
}

/** `springboard check` in a new process, as an editor runs it (handouts laid out where they changed). */
export async function runCheck(root: string): Promise<Sample> {
  const result = await runCommand(process.execPath, [script, 'check', '--root', root], { env: { ...process.env, CI: '1' } })
  // 1: the book has content problems (a generated book has none; the sample has warnings only, exit 0).
  if (result.code !== 0) throw new Error(`springboard check failed (${result.code}): ${result.stderr}`)
  if (!/^handouts\s+\d+ checked against their page/m.test(result.stderr)) throw new Error(`springboard check did not check the handouts:\n${result.stderr}`)
  return { seconds: result.seconds, peakMiB: result.peakMiB }
}

/**
 * `check` as an editor runs it over and over: once to fill the cache (not measured), then `runs` times with
 * nothing changed, and `runs` times each after an edit to one chapter (a sentence added to its last paragraph,
 * another each time, in a chapter in the middle of the book).
 */
export async function checkRuns(root: string, runs: number, log: (line: string) => void): Promise<{ unchanged: Sample[]; edited: Sample[] }> {
  await runCheck(root)
  const unchanged: Sample[] = []
  for (let run = 0; run < runs; run++) unchanged.push(await runCheck(root))
  const names = (await readdir(path.join(root, 'chapters'))).filter((name) => name.endsWith('.md')).sort()
  const file = path.join(root, 'chapters', names[Math.floor(names.length / 2)]!)
  const original = await readFile(file, 'utf8')
  const edited: Sample[] = []
  try {
    for (let run = 0; run < runs; run++) {
      await writeFile(file, `${original.trimEnd()} An edit to this paragraph, number ${run + 1}.\n`)
      edited.push(await runCheck(root))
    }
  } finally {
    await writeFile(file, original)
  }
  const show = (samples: Sample[]) => samples.map((sample) => `${sample.seconds.toFixed(2)} s`).join(', ')
  log(`    check, nothing changed: ${show(unchanged)}; one chapter edited: ${show(edited)}`)
  return { unchanged, edited }
}
