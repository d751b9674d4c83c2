/**
 * `npm run bench`: our speed and memory against pandoc and the plain print
 * (one Chromium print of pandoc's HTML), at one year (52 chapters) and ten
 * years (520 chapters) of the weekly feature, measured as an editor runs the
 * command: a new process, the default config, no flags.
 *
 *   npm run bench                   # everything (long: most of it the PDFs and WeasyPrint at 520 chapters)
 *   npm run bench -- --quick        # no peers at 520 chapters
 *   npm run bench -- --sizes 52 --runs 3 --no-pdf --no-readme
 *
 * Books are generated (scripts/bench/generate.ts) into a temp folder; the
 * results go to bench/results.json, bench/results.md and the tables in
 * bench/README.md. Nothing here asserts: a missed target is reported, not failed.
 */
import { readdir, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { findBrowser } from '../src/browser/index.ts'
import { emptyCache, inProcessBuild, runBuild, weeklyRebuild } from './bench/builds.ts'
import { bookTitle, coverArt, generateBook } from './bench/generate.ts'
import { median, round, summarize, type Sample, type Summary } from './bench/measure.ts'
import {
  pandocVersion,
  pdfPages,
  preparePandocInput,
  preparePlainHtml,
  runChromiumPrint,
  runPagedjs,
  runPandoc,
  runWeasyPrint,
  weasyprintVersion,
  type PeerResult,
} from './bench/peers.ts'
import { machineInfo, writeReports, type Results, type SizeResult } from './bench/report.ts'
import type { PdfStageResult } from './bench/pdf-stages.ts'
import { epubStages, pushPolyfilled, type StageSamples } from './bench/stages.ts'
import { ratios, targets } from './bench/targets.ts'
import { inTurns, peerRuns, repeat } from './bench/turns.ts'

const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string', default: '52,520' },
    /** The sizes whose PDFs are measured (default: every size); the PDFs at 520 chapters take long. */
    'pdf-sizes': { type: 'string' },
    runs: { type: 'string' },
    pdf: { type: 'boolean', default: true },
    /** The weekly rebuild (one new chapter, then the EPUB again). */
    weekly: { type: 'boolean', default: true },
    /** WeasyPrint, when installed, on the plain print's HTML. */
    weasyprint: { type: 'boolean', default: true },
    /** The Paged.js CLI on our print HTML: off by default (most of an hour at 520 chapters). */
    pagedjs: { type: 'boolean', default: false },
    readme: { type: 'boolean', default: true },
    work: { type: 'string', default: path.join(os.tmpdir(), 'springboard-bench') },
  },
  allowNegative: true,
})

const sizes = args.sizes.split(',').map(Number)
const pdfSizes = args['pdf-sizes'] ? args['pdf-sizes'].split(',').map(Number) : sizes
const work = path.resolve(args.work)
const log = (line: string) => process.stderr.write(`${line}\n`)

/** Repetitions per size: many for one year, few for ten (a 520-chapter PDF takes minutes); peers that are slow run once. */
function plan(chapters: number) {
  const small = chapters <= 100
  const runs = args.runs ? Number(args.runs) : small ? 5 : 3
  return {
    epubRuns: runs,
    pdfRuns: small ? Math.min(runs, 3) : 1,
    pdfWarmup: small,
    // `build --format all` as a new process, taking turns with the plain print.
    allRuns: small ? Math.min(runs, 3) : 1,
    watchRuns: small ? runs : 2,
    weeklyRuns: args.weekly ? runs : 0,
    peerRuns: small ? 3 : 1,
    // pandoc takes turns with the command (below): as many runs as it, where it is quick.
    pandocRuns: small ? runs : 1,
    peers: !(args.quick && !small),
    pdf: args.pdf && pdfSizes.includes(chapters),
  }
}

function describePlan(p: ReturnType<typeof plan>): string {
  const pdf = p.pdf
    ? `PDF stages ${p.pdfRuns}×${p.pdfWarmup ? ' after a warm-up' : ''}; build --format all ${p.allRuns}×${p.peers ? ' taking turns with the plain print' : ''}`
    : `PDF not run (${args.pdf ? '--pdf-sizes' : '--no-pdf'})`
  const peers = p.peers
    ? `pandoc ${p.pandocRuns}× taking turns with the command${p.pdf ? `, bare print of our HTML ${p.peerRuns}×${args.weasyprint ? ', WeasyPrint once' : ''}${args.pagedjs ? ', Paged.js once' : ''}` : ''}`
    : 'skipped (--quick)'
  return `EPUB ${p.epubRuns}× after a warm-up (a first build each: the cache emptied); ${pdf}; ${p.weeklyRuns > 0 ? `weekly rebuild ${p.weeklyRuns}× (with the cache and with --no-cache)` : 'weekly rebuild not run (--no-weekly)'}; watch ${p.watchRuns} edits after one; peers ${peers}`
}

async function main(): Promise<void> {
  // Without a collection before each stage, a stage's peak RSS also holds the garbage of the stage before.
  if (typeof globalThis.gc !== 'function') log('(stage peaks include earlier garbage: `node --expose-gc scripts/bench.ts` collects before each stage)')
  let browser: string | undefined
  try {
    browser = await findBrowser()
  } catch {
    browser = undefined
  }
  const machine = machineInfo(browser, pandocVersion(), weasyprintVersion())
  const results: Results = {
    date: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine,
    runs: {},
    sizes: [],
    targets: [],
  }
  // Every size's EPUB first, then the rest: the PDF modules, once loaded, slow every later array push (see stages.ts).
  const states: SizeState[] = []
  for (const chapters of sizes) {
    const p = plan(chapters)
    results.runs[`${chapters} chapters`] = describePlan(p)
    states.push(await epubPhase(chapters, p))
  }
  for (const state of states) results.sizes.push(await printPhase(state))
  machine.loadEnd = os.loadavg().map((value) => round(value, 2))
  results.targets = targets(results.sizes)
  const benchDir = path.join(projectRoot, 'bench')
  await mkdir(benchDir, { recursive: true })
  await writeReports(results, path.join(benchDir, 'results.json'), path.join(benchDir, 'results.md'), args.readme ? path.join(benchDir, 'README.md') : undefined)
  log('\nTargets:')
  for (const target of results.targets) log(`${target.met === null ? '   ?' : target.met ? '  ok' : 'MISS'}  ${target.what}: ${target.actual} (wanted ${target.target})`)
  log(`Wrote bench/results.json, bench/results.md${args.readme ? ' and bench/README.md' : ''}`)
}

interface SizeState {
  chapters: number
  p: ReturnType<typeof plan>
  dir: string
  out: string
  book: Awaited<ReturnType<typeof generateBook>>
  epubBytes: number
  runsOf: Record<string, Sample[]>
  ours: Record<string, Summary>
  weekly?: SizeResult['weekly']
  peers: SizeResult['peers']
  /** The chapters as pandoc Markdown (when the peers run). */
  pandocFiles?: string[]
}

function collect(runsOf: Record<string, Sample[]>, samples: StageSamples): void {
  for (const [name, sample] of Object.entries(samples)) (runsOf[name] ??= []).push(sample)
}

async function epubPhase(chapters: number, p: ReturnType<typeof plan>): Promise<SizeState> {
  const dir = path.join(work, `book-${chapters}`)
  log(`\n== ${chapters} chapters: generating ${dir}`)
  const book = await generateBook(chapters, dir)
  const out = path.join(work, `out-${chapters}`)
  const runsOf: Record<string, Sample[]> = {}
  if (pushPolyfilled()) log('  warning: Array.prototype.push is polyfilled (pdfjs-dist loaded): the EPUB times are too slow')

  // EPUB stages, in process.
  let epubBytes = 0
  for (let run = 0; run <= p.epubRuns; run++) {
    const samples: StageSamples = {}
    const result = await epubStages(dir, samples)
    epubBytes = result.epub.length
    if (run > 0) collect(runsOf, samples)
    log(`  EPUB stages ${run === 0 ? 'warm-up' : `run ${run}`}: ${Object.entries(samples).map(([name, sample]) => `${name} ${sample.seconds.toFixed(3)} s`).join(', ')}`)
  }
  // The checked book (result.checked) is not kept: 520 chapters' trees would sit in the heap (and its collections) while other sizes are measured.

  // Whole builds, each a first build (the cache emptied): buildBook in process, and the command as an editor runs
  // it (a new process: Node, the TypeScript sources, their imports), taking turns with pandoc.
  const ours: Record<string, Summary> = {}
  ours['EPUB, buildBook in process'] = summarize(await repeat(p.epubRuns, () => inProcessBuild(dir, out, ['epub'])))
  const cli = async () => {
    await emptyCache(dir)
    return runBuild(dir, out, 'epub')
  }
  await cli() // warm-up: fills Node's compile cache when the sources changed (scripts/springboard.js)
  const peers: SizeResult['peers'] = {}
  let pandocFiles: string[] | undefined
  let pandoc: (() => Promise<PeerResult>) | undefined
  if (p.peers) {
    pandocFiles = await preparePandocInput(dir, path.join(work, `pandoc-${chapters}`))
    // pandoc gets a cover like the one the build draws, made once, outside its time.
    const cover = path.join(work, `pandoc-${chapters}-cover.jpg`)
    await writeFile(cover, await coverArt(dir, book.chapters))
    pandoc = () => runPandoc(pandocFiles!, cover, path.join(work, `pandoc-${chapters}.epub`), bookTitle)
  }
  log(`  EPUB, \`springboard build\` (new process)${pandoc ? ' and pandoc, taking turns' : ''}`)
  const epub = await inTurns(p.epubRuns, cli, 'springboard build --format epub', pandoc && { runs: p.pandocRuns, run: pandoc })
  ours['EPUB, `springboard build` (new process)'] = summarize(epub.ours)
  if (epub.peer) peers.pandoc = epub.peer

  let weekly: SizeResult['weekly']
  if (p.weeklyRuns > 0) {
    log(`  weekly rebuild: ${chapters} chapters built once, then one new chapter a run`)
    weekly = await weeklyRebuild(chapters, path.join(work, `weekly-${chapters}`), path.join(work, `weekly-out-${chapters}`), p.weeklyRuns, log)
    if (weekly.parsed > 1) log(`  warning: a weekly rebuild checked ${weekly.parsed} chapters, not 1: the cache missed`)
  }
  return { chapters, p, dir, out, book, epubBytes, runsOf, ours, weekly, peers, pandocFiles }
}

async function printPhase(state: SizeState): Promise<SizeResult> {
  const { chapters, p, dir, book, runsOf, ours, peers } = state
  log(`\n== ${chapters} chapters: watch mode${p.pdf ? ', PDF' : ''}`)
  const { measureWatch } = await import('./bench/watch.ts')
  const measured = await measureWatch(dir, path.join(dir, 'chapters', book.chapters[Math.floor(chapters / 2)]!.fileName), path.join(work, `dev-${chapters}`), p.watchRuns)
  const watchSamples = measured.samples
  const latencies = watchSamples.flatMap((sample) => (sample.latency === undefined ? [] : [{ seconds: sample.latency, peakMiB: sample.peakMiB }]))
  if (measured.watcherMissed > 0) log(`  the watcher missed ${measured.watcherMissed} of ${p.watchRuns + 1} edits: rebuilt by hand`)
  const watch = {
    rebuild: summarize(watchSamples),
    ...(latencies.length > 0 ? { latency: summarize(latencies) } : {}),
    parsed: Math.max(...watchSamples.map((sample) => sample.parsed)),
    watcherMissed: measured.watcherMissed,
  }

  // PDF stages, in process: the interior, then the digital PDF, the cover and the handouts.
  let pdf: PdfStageResult | undefined
  let pages: number | undefined
  const pdfTotals: Sample[] = []
  const passes: PdfStageResult['passes'][] = []
  if (p.pdf) {
    const { pdfStages } = await import('./bench/pdf-stages.ts')
    const { checked } = await epubStages(dir, {})
    for (let run = p.pdfWarmup ? 0 : 1; run <= p.pdfRuns; run++) {
      const samples: StageSamples = {}
      pdf = await pdfStages(checked, path.join(work, `pdf-${chapters}`), samples)
      log(`  PDF stages ${run === 0 ? 'warm-up' : `run ${run}`}: ${Object.entries(samples).map(([name, sample]) => `${name} ${sample.seconds.toFixed(2)} s`).join(', ')} (${pdf.pages} pages)`)
      if (run === 0) continue
      collect(runsOf, samples)
      passes.push(pdf.passes)
      const interior = ['browser launch', 'print HTML', 'PDF passes', 'post-processing'].map((name) => samples[name]!)
      pdfTotals.push({
        seconds: pdf.interiorSeconds,
        peakMiB: Math.max(...interior.map((sample) => sample.peakMiB)),
        browserMiB: Math.max(...interior.map((sample) => sample.browserMiB ?? 0)),
      })
    }
    if (pdfTotals.length > 0) ours['print interior, in process'] = summarize(pdfTotals)

    // The whole command with every output, a first build each time, taking turns with the plain print.
    const plainHtml = p.peers && state.pandocFiles ? await preparePlainHtml(state.pandocFiles, path.join(work, `plain-${chapters}`), bookTitle) : undefined
    const plain = plainHtml ? () => runChromiumPrint(plainHtml, path.join(work, `plain-${chapters}.pdf`)) : undefined
    const allOut = path.join(work, `all-${chapters}`)
    const all = async () => {
      await emptyCache(dir)
      return runBuild(dir, allOut, 'all')
    }
    log(`  \`springboard build --format all\` (new process)${plain ? ' and the plain print, taking turns' : ''}`)
    // Warm-ups, both sides: Node's compile cache for the print modules, the system's font and file caches.
    if (p.pdfWarmup) {
      await all()
      if (plain) await plain()
    }
    const whole = await inTurns(p.allRuns, all, 'springboard build --format all', plain && { runs: p.allRuns, run: plain })
    ours['build --format all (new process)'] = summarize(whole.ours)
    if (whole.peer) peers.plainPrint = whole.peer
    pages = await printPdfPages(allOut)

    if (plainHtml && args.weasyprint) {
      log('  peers: WeasyPrint on the plain HTML')
      peers.weasyprint = await peerRuns(1, () => runWeasyPrint(plainHtml, path.join(work, `weasyprint-${chapters}.pdf`)))
    }
  }
  const stages = Object.fromEntries(Object.entries(runsOf).map(([name, samples]) => [name, summarize(samples)]))

  if (p.peers && pdf) {
    const html = path.join(pdf.htmlDir, 'book.html')
    log('  peers: one bare Chromium print of our print HTML')
    peers.chromiumBarePrint = await peerRuns(p.peerRuns, () => runChromiumPrint(html, path.join(work, `bare-${chapters}.pdf`)))
    if (args.pagedjs) {
      log('  peers: Paged.js (most of an hour at 520 chapters)')
      peers.pagedjs = await peerRuns(1, () => runPagedjs(html, path.join(work, `pagedjs-${chapters}.pdf`)))
    }
  }
  await rm(path.join(work, `pdf-${chapters}`), { recursive: true, force: true })
  const ourPages = pages ?? pdf?.pages
  return {
    chapters,
    words: book.words,
    epubBytes: state.epubBytes,
    ...(ourPages ? { pages: ourPages } : {}),
    stages,
    ...(passes.length > 0
      ? { pdfPasses: { measure: round(median(passes.map((x) => x.measure)), 3), digital: round(median(passes.map((x) => x.digital)), 3), print: round(median(passes.map((x) => x.print)), 3) } }
      : {}),
    ours,
    ...(state.weekly ? { weekly: state.weekly } : {}),
    watch,
    peers,
    ratios: ratios(ours, peers, state.weekly),
  }
}

/** The print PDF's pages, from what `build --format all` wrote. */
async function printPdfPages(out: string): Promise<number | undefined> {
  const folder = path.join(out, 'complete')
  const name = (await readdir(folder)).find((file) => file.endsWith('-print.pdf'))
  return name ? pdfPages(path.join(folder, name)) : undefined
}

await main()
process.exit(0)
