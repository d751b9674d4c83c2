/**
 * The results as JSON (bench/results.json), as a Markdown report
 * (bench/results.md), and the same tables in bench/README.md, between
 * markers so that every run replaces the last.
 */
import { execFileSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import type { WeeklyResult } from './builds.ts'
import type { Summary } from './measure.ts'
import type { PeerResult } from './peers.ts'

export interface Machine {
  nproc: number
  memoryGiB: number
  cpu: string
  node: string
  chromium: string
  pandoc: string
  weasyprint: string
  /** Load averages (1, 5, 15 min) when the bench started and ended: other work on the machine skews the times. */
  loadStart: number[]
  loadEnd?: number[]
}

export function machineInfo(browser: string | undefined, pandoc: string | undefined, weasyprint: string | undefined): Machine {
  let chromium = 'not installed'
  if (browser) {
    try {
      chromium = execFileSync(browser, ['--version'], { encoding: 'utf8' }).trim()
    } catch {
      chromium = browser
    }
  }
  return {
    nproc: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    chromium,
    pandoc: pandoc ?? 'not installed',
    weasyprint: weasyprint ?? 'not installed',
    loadStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
  }
}

export interface SizeResult {
  chapters: number
  words: number
  epubBytes: number
  /** The print PDF's pages (ours), from `build --format all` or the PDF stages. */
  pages?: number
  stages: Record<string, Summary>
  /** Chromium's passes inside `PDF passes` (medians, seconds). */
  pdfPasses?: { measure: number; digital: number; print: number }
  ours: Record<string, Summary>
  /** The dev server's rebuild after one edit; `latency` from the write to the new preview (absent if the watcher missed every edit). */
  watch?: { rebuild: Summary; latency?: Summary; parsed: number; watcherMissed: number }
  /** One new chapter, then the EPUB again in a new process (scripts/bench/builds.ts). */
  weekly?: WeeklyResult
  peers: { pandoc?: PeerResult; plainPrint?: PeerResult; weasyprint?: PeerResult; chromiumBarePrint?: PeerResult; pagedjs?: PeerResult }
  ratios: Record<string, number | null>
}

export interface Target {
  id: string
  what: string
  target: string
  actual: string
  /** The measured value, in the unit of `target` (null: not measured). */
  value: number | null
  met: boolean | null
}

export interface Results {
  date: string
  command: string
  machine: Machine
  runs: Record<string, string>
  sizes: SizeResult[]
  targets: Target[]
}

const fmt = (seconds: number) => (seconds < 10 ? seconds.toFixed(3) : seconds.toFixed(1))
const cell = (summary: Summary | undefined) => (summary ? `${fmt(summary.median)} s ±${summary.spreadPct.toFixed(0)} %` : '–')
const memory = (summary: Summary | undefined) =>
  summary ? `${summary.peakMiB}${summary.browserMiB !== undefined ? ` + ${summary.browserMiB}` : ''}` : '–'

function peerCell(peer: PeerResult | undefined): [string, string] {
  if (!peer) return ['not run', '–']
  if (!peer.installed) return [peer.reason.startsWith('failed') ? peer.reason.slice(0, 80) : 'not installed', '–']
  const pages = peer.pages ? ` (${peer.pages.toLocaleString('en-US')} pp., ${((peer.seconds * 1000) / peer.pages).toFixed(1)} ms/p.)` : ''
  return [`${fmt(peer.seconds)} s${pages}`, `${Math.round(peer.peakMiB)}`]
}

/** The tables, for results.md and bench/README.md. */
export function markdownTables(results: Results): string {
  const { sizes, machine } = results
  const lines: string[] = []
  const header = sizes.map((size) => `${size.chapters} ch.: median (spread) | peak MiB`).join(' | ')
  const rule = sizes.map(() => '---: | ---:').join(' | ')
  const row = (label: string, pick: (size: SizeResult) => Summary | undefined) =>
    `| ${label} | ${sizes.map((size) => `${cell(pick(size))} | ${memory(pick(size))}`).join(' | ')} |`

  lines.push(
    `Measured ${results.date.slice(0, 10)} on ${machine.nproc} cores, ${machine.memoryGiB} GiB, ${machine.cpu}; Node ${machine.node}; ${machine.chromium}; ${machine.pandoc}; ${machine.weasyprint}.`,
    `Load average ${machine.loadStart.join(' / ')} at the start${machine.loadEnd ? `, ${machine.loadEnd.join(' / ')} at the end` : ''} (1 / 5 / 15 min).`,
    `Synthetic books: ${sizes.map((size) => `${size.chapters} chapters (${size.words.toLocaleString('en-US')} words${size.pages ? `, ${size.pages.toLocaleString('en-US')} pages` : ''})`).join(', ')}.`,
    `Runs: ${Object.entries(results.runs).map(([what, runs]) => `${what} ${runs}`).join('; ')}. Peak MiB: Node, + the browser's processes summed.`,
    '',
    '**Ours, by stage** (in process, after a warm-up):',
    '',
    `| stage | ${header} |`,
    `| --- | ${rule} |`,
  )
  const stageNames = [...new Set(sizes.flatMap((size) => Object.keys(size.stages)))]
  for (const name of stageNames) lines.push(row(name, (size) => size.stages[name]))
  lines.push('', '**Ours, whole builds:**', '', `| build | ${header} |`, `| --- | ${rule} |`)
  const ourNames = [...new Set(sizes.flatMap((size) => Object.keys(size.ours)))]
  for (const name of ourNames) lines.push(row(name, (size) => size.ours[name]))
  if (sizes.some((size) => size.weekly)) {
    lines.push(row('weekly rebuild: one new chapter, EPUB, new process', (size) => size.weekly?.rebuild))
    lines.push(row('the same with `--no-cache`', (size) => size.weekly?.noCache))
  }
  if (sizes.some((size) => size.watch)) {
    lines.push(row('watch: rebuild after one edit', (size) => size.watch?.rebuild))
    lines.push(row('watch: edit to new preview', (size) => size.watch?.latency))
  }

  lines.push('', '**Yardsticks and peers, same content:**', '')
  lines.push(`| peer | ${sizes.map((size) => `${size.chapters} ch.: seconds | peak MiB`).join(' | ')} |`, `| --- | ${rule} |`)
  const peers: [string, keyof SizeResult['peers']][] = [
    ['pandoc → EPUB 3 (`--toc`)', 'pandoc'],
    ['plain print: Chromium, pandoc `-s --toc` HTML, 6 × 9 stylesheet', 'plainPrint'],
    ['WeasyPrint, the same HTML', 'weasyprint'],
    ['Chromium, one bare print of our print HTML', 'chromiumBarePrint'],
    ['Paged.js CLI, our print HTML', 'pagedjs'],
  ]
  for (const [label, key] of peers) {
    if (sizes.some((size) => size.peers[key])) lines.push(`| ${label} | ${sizes.map((size) => peerCell(size.peers[key]).join(' | ')).join(' | ')} |`)
  }

  lines.push('', '**Ratios:**', '', `| ratio | ${sizes.map((size) => `${size.chapters} ch.`).join(' | ')} |`, `| --- | ${sizes.map(() => '---:').join(' | ')} |`)
  const ratioNames = [...new Set(sizes.flatMap((size) => Object.keys(size.ratios)))]
  for (const name of ratioNames) {
    lines.push(`| ${name} | ${sizes.map((size) => (size.ratios[name] === null || size.ratios[name] === undefined ? '–' : `${size.ratios[name]!.toFixed(2)}×`)).join(' | ')} |`)
  }

  lines.push('', '**Targets:**', '', '| target | wanted | measured | met |', '| --- | --- | --- | --- |')
  for (const target of results.targets) lines.push(`| ${target.what} | ${target.target} | ${target.actual} | ${target.met === null ? 'not measured' : target.met ? 'yes' : '**no**'} |`)
  return lines.join('\n')
}

export async function writeReports(results: Results, jsonPath: string, markdownPath: string, readmePath?: string): Promise<void> {
  await writeFile(jsonPath, `${JSON.stringify(results, null, 2)}\n`)
  const tables = markdownTables(results)
  await writeFile(markdownPath, `# Benchmark results\n\nMade by \`${results.command}\` (scripts/bench.ts); the numbers are in results.json.\n\n${tables}\n`)
  if (readmePath) await updateReadme(readmePath, tables)
}

const start = '<!-- bench:start -->'
const end = '<!-- bench:end -->'

/** Replace the tables between the markers in bench/README.md; the first time, add them at its end. */
export async function updateReadme(readmePath: string, tables: string): Promise<void> {
  const readme = await readFile(readmePath, 'utf8')
  const block = `${start}\n${tables}\n${end}`
  if (readme.includes(start) && readme.includes(end)) {
    await writeFile(readmePath, readme.slice(0, readme.indexOf(start)) + block + readme.slice(readme.indexOf(end) + end.length))
    return
  }
  await writeFile(readmePath, `${readme.trimEnd()}\n\n## The latest run\n\n${block}\n`)
}
