/**
 * `npm run bench`: our speed and memory against the peers, at one year
 * (52 chapters) and ten years (520 chapters) of the weekly feature.
 *
 *   npm run bench                   # everything (long: Paged.js at 520 chapters takes most of it)
 *   npm run bench -- --quick        # no peers at 520 chapters
 *   npm run bench -- --sizes 52 --runs 3 --no-pdf --no-readme
 *
 * Books are generated (scripts/bench/generate.ts) into a temp folder; the
 * results go to bench/results.json, bench/results.md and the tables in
 * bench/README.md. Nothing here asserts: a missed target is reported, not failed.
 */
import { mkdir, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { findBrowser } from '../src/browser/index.ts'
import { buildBook } from '../src/build.ts'
import { generateBook } from './bench/generate.ts'
import { median, round, runCommand, summarize, type Sample, type Summary } from './bench/measure.ts'
import { mib, peakRss, resetPeak, TreeSampler } from './bench/memory.ts'
import { pandocVersion, preparePandocInput, runBarePrint, runPagedjs, runPandoc, type PeerResult } from './bench/peers.ts'
import { machineInfo, writeReports, type Results, type SizeResult, type Target } from './bench/report.ts'
import type { PdfStageResult } from './bench/pdf-stages.ts'
import { epubStages, pushPolyfilled, type Checked, type StageSamples } from './bench/stages.ts'

const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string', default: '52,520' },
    /** The sizes whose PDFs are measured (default: every size); the PDFs at 520 chapters take long. */
    'pdf-sizes': { type: 'string' },
    runs: { type: 'string' },
    pdf: { type: 'boolean', default: true },
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
    // At 520 chapters a whole build with PDFs takes minutes and repeats the stages measured just before.
    fullBuildRuns: small ? 2 : 0,
    watchRuns: small ? runs : 2,
    peerRuns: small ? 3 : 1,
    // pandoc takes turns with the command (below): as many runs as it, where it is quick.
    pandocRuns: small ? runs : 1,
    peers: !(args.quick && !small),
    pdf: args.pdf && pdfSizes.includes(chapters),
  }
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
  const machine = machineInfo(browser, pandocVersion())
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
    results.runs[`${chapters} chapters`] =
      `EPUB ${p.epubRuns}× after a warm-up; ${p.pdf ? `PDF ${p.pdfRuns}×${p.pdfWarmup ? ' after a warm-up' : ''}; whole build with PDF ${p.fullBuildRuns}×` : `PDF not run (${args.pdf ? '--pdf-sizes' : '--no-pdf'})`}; watch ${p.watchRuns} edits after one; peers ${p.peers ? `pandoc ${p.pandocRuns}× taking turns with the command${p.pdf ? `, bare print ${p.peerRuns}×, Paged.js once` : ''}` : 'skipped (--quick)'}`
    states.push(await epubPhase(chapters, p))
  }
  for (const state of states) results.sizes.push(await printPhase(state))
  machine.loadEnd = os.loadavg().map((value) => round(value, 2))
  results.targets = targets(results.sizes)
  const benchDir = path.join(projectRoot, 'bench')
  await mkdir(benchDir, { recursive: true })
  await writeReports(results, path.join(benchDir, 'results.json'), path.join(benchDir, 'results.md'), args.readme ? path.join(benchDir, 'README.md') : undefined)
  for (const target of results.targets) log(`${target.met === null ? '  ?' : target.met ? ' ok' : 'MISS'}  ${target.what}: ${target.actual} (wanted ${target.target})`)
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
  peers: SizeResult['peers']
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
  let checked: Checked | undefined
  for (let run = 0; run <= p.epubRuns; run++) {
    const samples: StageSamples = {}
    const result = await epubStages(dir, samples)
    epubBytes = result.epub.length
    checked = result.checked
    if (run > 0) collect(runsOf, samples)
    log(`  EPUB stages ${run === 0 ? 'warm-up' : `run ${run}`}: ${Object.entries(samples).map(([name, sample]) => `${name} ${sample.seconds.toFixed(3)} s`).join(', ')}`)
  }

  // Whole builds: buildBook in process, and the command as a user runs it (a new process: Node, the TypeScript sources, their imports).
  const ours: Record<string, Summary> = {}
  ours['EPUB, buildBook in process'] = summarize(await repeat(p.epubRuns, () => inProcessBuild(dir, out, ['epub'])))
  const cli = () => runCli(dir, out)
  await cli() // warm-up: fills Node's compile cache when the sources changed (scripts/springboard.js)

  // The command and pandoc take turns, so that a change in a shared machine's speed during the runs moves
  // both sides of the ratio alike.
  const peers: SizeResult['peers'] = {}
  const pandocFiles = p.peers ? await preparePandocInput(dir, path.join(work, `pandoc-${chapters}`)) : undefined
  const pandoc = () => runPandoc(pandocFiles!, path.join(dir, 'assets', 'cover.jpg'), path.join(work, `pandoc-${chapters}.epub`), 'Careers in Health Care')
  const cliSamples: Sample[] = []
  const pandocResults: PeerResult[] = []
  if (pandocFiles) log(`  the command and pandoc, taking turns`)
  for (let run = 0; run < Math.max(p.epubRuns, pandocFiles ? p.pandocRuns : 0); run++) {
    if (run < p.epubRuns) {
      const sample = await cli()
      cliSamples.push(sample)
      log(`    springboard build: ${sample.seconds.toFixed(2)} s, ${Math.round(sample.peakMiB)} MiB`)
    }
    if (pandocFiles && run < p.pandocRuns && !pandocResults.some((result) => !result.installed)) pandocResults.push(await peerRun(pandoc))
  }
  ours['EPUB, `springboard build` (new process)'] = summarize(cliSamples)
  if (pandocFiles) peers.pandoc = medianPeer(pandocResults)
  // The checked book is not kept: 520 chapters' trees would sit in the heap (and its collections) while other sizes are measured.
  checked = undefined
  return { chapters, p, dir, out, book, epubBytes, runsOf, ours, peers }
}

async function printPhase(state: SizeState): Promise<SizeResult> {
  const { chapters, p, dir, out, book, runsOf, ours, peers } = state
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

  // PDF stages, in process: the interior (what the peers make), then the cover and the handouts.
  let pdf: PdfStageResult | undefined
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
    if (pdfTotals.length > 0) ours['print PDF, interior with every feature'] = summarize(pdfTotals)
    if (p.fullBuildRuns > 0) ours['EPUB + PDFs + handouts, buildBook'] = summarize(await repeat(p.fullBuildRuns, () => inProcessBuild(dir, out, ['epub', 'pdf'])))
  }
  const stages = Object.fromEntries(Object.entries(runsOf).map(([name, samples]) => [name, summarize(samples)]))

  if (p.peers && pdf) {
    const html = path.join(pdf.htmlDir, 'book.html')
    log('  peers: one bare Chromium print')
    peers.chromiumBarePrint = await peerRuns(p.peerRuns, () => runBarePrint(html, path.join(work, `bare-${chapters}.pdf`)))
    log('  peers: Paged.js (minutes at 520 chapters)')
    peers.pagedjs = await peerRuns(1, () => runPagedjs(html, path.join(work, `pagedjs-${chapters}.pdf`)))
  }

  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? round(a / b, 2) : null)
  const peerSeconds = (peer: PeerResult | undefined) => (peer?.installed ? peer.seconds : undefined)
  const cliEpub = ours['EPUB, `springboard build` (new process)']!
  const ourPdf = ours['print PDF, interior with every feature']
  await rm(path.join(work, `pdf-${chapters}`), { recursive: true, force: true })
  return {
    chapters,
    words: book.words,
    epubBytes: state.epubBytes,
    ...(pdf ? { pages: pdf.pages } : {}),
    stages,
    ...(passes.length > 0
      ? { pdfPasses: { measure: round(median(passes.map((x) => x.measure)), 3), digital: round(median(passes.map((x) => x.digital)), 3), print: round(median(passes.map((x) => x.print)), 3) } }
      : {}),
    ours,
    watch,
    peers,
    ratios: {
      'EPUB: pandoc / ours (new process each)': ratio(peerSeconds(peers.pandoc), cliEpub.median),
      'EPUB: pandoc / ours (buildBook in process)': ratio(peerSeconds(peers.pandoc), ours['EPUB, buildBook in process']!.median),
      'PDF: ours / one bare Chromium print': ratio(ourPdf?.median, peerSeconds(peers.chromiumBarePrint)),
      'PDF: Paged.js / ours': ratio(peerSeconds(peers.pagedjs), ourPdf?.median),
    },
  }
}

async function repeat(runs: number, work: () => Promise<Sample>): Promise<Sample[]> {
  const samples: Sample[] = []
  for (let run = 0; run < runs; run++) samples.push(await work())
  return samples
}

/** Several runs of a peer, one after another: the median run. */
async function peerRuns(runs: number, work: () => Promise<PeerResult>): Promise<PeerResult> {
  const results: PeerResult[] = []
  for (let run = 0; run < runs; run++) {
    const result = await peerRun(work)
    results.push(result)
    if (!result.installed) break
  }
  return medianPeer(results)
}

/** One run of a peer. A peer that fails (Paged.js hitting a timeout of its own) is reported, and the bench goes on. */
async function peerRun(work: () => Promise<PeerResult>): Promise<PeerResult> {
  let result: PeerResult
  try {
    result = await work()
  } catch (error) {
    log(`    failed: ${String((error as Error).message).split('\n').slice(0, 4).join(' | ')}`)
    return { installed: false, reason: `failed: ${String((error as Error).message).split('\n').find((line) => /Error/.test(line)) ?? (error as Error).message.slice(0, 200)}` }
  }
  if (result.installed) log(`    ${result.seconds.toFixed(2)} s, ${Math.round(result.peakMiB)} MiB`)
  return result
}

/** The median run, so that one slow run does not decide; a peer missing or failed in any run is reported as such. */
function medianPeer(results: PeerResult[]): PeerResult {
  const missing = results.find((result) => !result.installed)
  if (missing) return missing
  const sorted = [...results].sort((a, b) => (a.installed && b.installed ? a.seconds - b.seconds : 0))
  return sorted[Math.floor((sorted.length - 1) / 2)]!
}

async function inProcessBuild(root: string, out: string, formats: ('epub' | 'pdf')[]): Promise<Sample> {
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

/** The command as `npm run build:epub` runs it: plain `node`, no flags. */
async function runCli(root: string, out: string): Promise<Sample> {
  const result = await runCommand(process.execPath, [path.join(projectRoot, 'scripts/springboard.js'), 'build', '--format', 'epub', '--root', root, '--out', out, '--quiet'], {
    env: { ...process.env, CI: '1' },
  })
  if (result.code !== 0) throw new Error(`springboard build failed (${result.code}): ${result.stderr}`)
  return result
}

function targets(sizes: readonly SizeResult[]): Target[] {
  const size = (chapters: number) => sizes.find((result) => result.chapters === chapters)
  const list: Target[] = []
  const check = (id: string, what: string, target: string, actual: number | null | undefined, met: (value: number) => boolean, show: (value: number) => string) =>
    list.push({ id, what, target, actual: actual === null || actual === undefined ? 'not measured' : show(actual), met: actual === null || actual === undefined ? null : met(actual) })
  const x = (value: number) => `${value.toFixed(2)}×`
  const small = size(52)
  const large = size(520)
  check('epub-520-speed', 'EPUB, 520 chapters, vs pandoc', '≥ 3× faster', large?.ratios['EPUB: pandoc / ours (new process each)'], (v) => v >= 3, x)
  check('epub-520-memory', 'EPUB, 520 chapters, peak RSS', '< 300 MB', large ? (large.ours['EPUB, `springboard build` (new process)']!.peakMiB * 1024 * 1024) / 1e6 : undefined, (v) => v < 300, (v) => `${v.toFixed(0)} MB`)
  check('epub-52-speed', 'EPUB, 52 chapters, all validation on, vs pandoc', '≥ 2× faster', small?.ratios['EPUB: pandoc / ours (new process each)'], (v) => v >= 2, x)
  check('pdf-52-floor', 'print PDF (every feature), 52 chapters, vs one bare print', '≤ 1.5×', small?.ratios['PDF: ours / one bare Chromium print'], (v) => v <= 1.5, x)
  check('pdf-520-floor', 'print PDF (every feature), 520 chapters, vs one bare print', '≤ 1.6×', large?.ratios['PDF: ours / one bare Chromium print'], (v) => v <= 1.6, x)
  check('pdf-520-pagedjs', 'print PDF, 520 chapters, vs Paged.js', '≥ 10× faster', large?.ratios['PDF: Paged.js / ours'], (v) => v >= 10, x)
  check('watch-52', 'watch rebuild after one edit, 52 chapters', '< 300 ms', small?.watch ? small.watch.rebuild.median * 1000 : undefined, (v) => v < 300, (v) => `${v.toFixed(0)} ms`)
  return list
}

await main()
process.exit(0)
