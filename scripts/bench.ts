/**
 * `npm run bench`: the command as editors run it (`springboard build`, a new process, the sample's config:
 * every year's volume, the complete one, an edition per store), at one year (52 chapters) and ten years
 * (520), against pandoc making the same EPUB files and the plain print of every volume. bench/README.md
 * says what is measured and why the targets are what they are.
 *
 *   npm run bench                          # everything (long: most of it the PDFs at 520 chapters)
 *   npm run bench -- --sizes 52 --runs 2   # a quick look; --no-pdf leaves out `--format all`
 *
 * Books are generated (scripts/bench/generate.ts) into a temp folder; the results go to bench/results.json
 * and bench/results.md. Nothing here asserts: a missed target is reported, not failed.
 */
import { cp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { findBrowser } from '../src/browser/index.ts'
import { checkRuns, firstBuild, thisWeeksBuilds, type BuildRun } from './bench/builds.ts'
import { bookTitle, coverArt, generateBook, volumesOf } from './bench/generate.ts'
import { round, summarize } from './bench/measure.ts'
import { pandocVersion, preparePandocInput, preparePlainHtml, runChromiumPrints, runPandocBooks, type PeerResult } from './bench/peers.ts'
import { machineInfo, writeReports, type Results, type SizeResult } from './bench/report.ts'
import { targets } from './bench/targets.ts'
import { inTurns } from './bench/turns.ts'

const projectRoot = path.resolve(import.meta.dirname, '..')

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '52,520' },
    runs: { type: 'string' },
    pdf: { type: 'boolean', default: true },
    /** `check` over and over (the sample, and each size): --no-check leaves it out. */
    check: { type: 'boolean', default: true },
    work: { type: 'string', default: path.join(os.tmpdir(), 'springboard-bench') },
    /** Where results.json and results.md go (a trial run elsewhere leaves the committed ones alone). */
    results: { type: 'string', default: path.join(projectRoot, 'bench') },
  },
  allowNegative: true,
})

const sizes = args.sizes.split(',').map(Number)
const work = path.resolve(args.work)
const log = (line: string) => process.stderr.write(`${line}\n`)

/** Runs per measure: several at one year, few at ten (a 520-chapter `--format all` takes minutes). */
function plan(chapters: number) {
  const small = chapters <= 100
  const runs = args.runs ? Number(args.runs) : small ? 3 : 2
  return { epubRuns: runs, weekRuns: runs, allRuns: args.pdf ? (small ? Math.min(runs, 2) : 1) : 0 }
}

async function main(): Promise<void> {
  let browser: string | undefined
  try {
    browser = await findBrowser()
  } catch {
    browser = undefined
  }
  const results: Results = {
    date: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: machineInfo(browser, pandocVersion()),
    runs: {},
    sizes: [],
    targets: [],
  }
  const benchDir = path.resolve(args.results)
  await mkdir(benchDir, { recursive: true })
  if (args.check) {
    log('\n== the sample book: check')
    const sampleDir = path.join(work, 'sample')
    await rm(sampleDir, { recursive: true, force: true })
    for (const entry of ['chapters', 'assets', 'springboard.yaml']) await cp(path.join(projectRoot, entry), path.join(sampleDir, entry), { recursive: true })
    const runs = args.runs ? Number(args.runs) : 5
    const sample = await checkRuns(sampleDir, runs, log)
    results.sample = { checkUnchanged: summarize(sample.unchanged), checkEdited: summarize(sample.edited) }
    results.runs.sample = `check ${runs}× with nothing changed, ${runs}× after an edit to one chapter`
    results.targets = targets(results.sizes, results.sample)
    await writeReports(results, path.join(benchDir, 'results.json'), path.join(benchDir, 'results.md'))
  }
  // Written after each size, so that a run cut short keeps what it measured (the rest: "not measured").
  for (const chapters of sizes) {
    const p = plan(chapters)
    results.runs[`${chapters} chapters`] = `EPUB first build ${p.epubRuns}× taking turns with pandoc, this week's EPUB build ${p.weekRuns}×${args.check ? `, check ${p.epubRuns}× unchanged and ${p.epubRuns}× after an edit` : ''}${p.allRuns > 0 ? `, \`--format all\` first build ${p.allRuns}× taking turns with the plain print and this week's once` : ''}`
    results.sizes.push(await measureSize(chapters, p))
    results.machine.loadEnd = os.loadavg().map((value) => round(value, 2))
    results.targets = targets(results.sizes, results.sample)
    await writeReports(results, path.join(benchDir, 'results.json'), path.join(benchDir, 'results.md'))
  }
  log('\nTargets:')
  for (const target of results.targets) log(`${target.met === null ? '   ?' : target.met ? '  ok' : 'MISS'}  ${target.what}: ${target.actual} (wanted ${target.target})`)
  log(`Wrote ${path.join(benchDir, 'results.json')} and results.md`)
}

async function measureSize(chapters: number, p: ReturnType<typeof plan>): Promise<SizeResult> {
  const dir = path.join(work, `book-${chapters}`)
  log(`\n== ${chapters} chapters: generating ${dir}`)
  const book = await generateBook(chapters, dir)
  const volumes = volumesOf(book.chapters)
  const editions = 1 + book.stores
  const out = path.join(work, `out-${chapters}`)
  const peers: SizeResult['peers'] = {}
  const ours: SizeResult['ours'] = {}

  // The yardsticks' input, made outside their time: each volume's chapters as pandoc Markdown, a cover like ours.
  let pandoc: (() => Promise<PeerResult>) | undefined
  let plainHtml: string[] | undefined
  if (pandocVersion()) {
    const all = await preparePandocInput(dir, path.join(work, `pandoc-${chapters}`))
    const byName = new Map(all.map((file) => [path.basename(file), file]))
    const books = volumes.map((volume) => volume.chapters.map((chapter) => byName.get(chapter.fileName)!))
    const cover = path.join(work, `pandoc-${chapters}-cover.jpg`)
    await writeFile(cover, await coverArt(dir, book.chapters))
    const pandocOut = path.join(work, `pandoc-out-${chapters}`)
    await mkdir(pandocOut, { recursive: true })
    pandoc = () => runPandocBooks(books, editions, cover, pandocOut, bookTitle)
    if (p.allRuns > 0) {
      plainHtml = []
      for (const [index, files] of books.entries()) plainHtml.push((await preparePlainHtml(files, path.join(work, `plain-${chapters}-${index}`), bookTitle))!)
    }
  }

  log(`  EPUB, first build${pandoc ? ', taking turns with pandoc' : ''}`)
  await firstBuild(dir, out, 'epub') // warm-up: Node's compile cache, the system's file cache
  const epub = await inTurns(p.epubRuns, () => firstBuild(dir, out, 'epub'), 'springboard build --format epub', pandoc && { runs: p.epubRuns, run: pandoc })
  ours.epubFirst = summarize(epub.ours)
  if (epub.peer) peers.pandoc = epub.peer

  log("  EPUB, this week's build")
  const weekDir = path.join(work, `week-${chapters}`)
  await generateBook(chapters, weekDir)
  const week: BuildRun[] = await thisWeeksBuilds(weekDir, path.join(work, `week-out-${chapters}`), 'epub', chapters, p.weekRuns, log)
  ours.epubThisWeek = summarize(week)
  const checkedThisWeek = Math.max(...week.map((run) => run.parsed))

  if (args.check) {
    log('  check, nothing changed and one chapter edited')
    const checks = await checkRuns(weekDir, p.epubRuns, log)
    ours.checkUnchanged = summarize(checks.unchanged)
    ours.checkEdited = summarize(checks.edited)
  }

  if (p.allRuns > 0) {
    const allOut = path.join(work, `all-${chapters}`)
    const plain = plainHtml && (() => runChromiumPrints(plainHtml!, path.join(work, `plain-${chapters}`)))
    log(`  \`--format all\`, first build${plain ? ', taking turns with the plain print' : ''}`)
    const all = await inTurns(p.allRuns, () => firstBuild(dir, allOut, 'all'), 'springboard build --format all', plain && { runs: p.allRuns, run: plain })
    ours.allFirst = summarize(all.ours)
    if (all.peer) peers.plainPrint = all.peer
    log("  `--format all`, this week's build")
    const allWeekDir = path.join(work, `all-week-${chapters}`)
    await generateBook(chapters, allWeekDir)
    ours.allThisWeek = summarize(await thisWeeksBuilds(allWeekDir, path.join(work, `all-week-out-${chapters}`), 'all', chapters, 1, log))
  }
  await rm(out, { recursive: true, force: true })
  return { chapters, words: book.words, volumes: volumes.length, epubFiles: volumes.length * editions, ours, checkedThisWeek, peers }
}

await main()
process.exit(0)
