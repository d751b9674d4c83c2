/**
 * The results, kept once (bench/results.json) and shown once (bench/results.md, made from the JSON by
 * renderResults; test/bench-results.test.ts checks that the two agree).
 */
import { execFileSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import type { Summary } from './measure.ts'
import type { PeerResult } from './peers.ts'

export interface Machine {
  nproc: number
  memoryGiB: number
  cpu: string
  node: string
  chromium: string
  pandoc: string
  /** Load averages (1, 5, 15 min) when the bench started and ended: other work on the machine skews the times. */
  loadStart: number[]
  loadEnd?: number[]
}

export function machineInfo(browser: string | undefined, pandoc: string | undefined): Machine {
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
    loadStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
  }
}

/** What is measured of the command, each through `node scripts/springboard.js build` in a new process. */
export const measures = {
  epubFirst: 'EPUB (`--format epub`), first build (cache empty)',
  epubThisWeek: "EPUB (`--format epub`), this week's build (last week's cache, one new chapter)",
  allFirst: '`--format all` (EPUB, PDFs, handouts), first build',
  allThisWeek: "`--format all`, this week's build",
  checkUnchanged: '`check`, nothing changed since the last check',
  checkEdited: '`check`, one chapter edited since the last check',
} as const
export type Measure = keyof typeof measures

export interface SizeResult {
  chapters: number
  words: number
  /** The volumes the default config makes (one per year, and `complete`), and the EPUB files a build writes. */
  volumes: number
  epubFiles: number
  ours: Partial<Record<Measure, Summary>>
  /** The most chapters one of this week's EPUB builds checked (1 when the build cache works). */
  checkedThisWeek?: number
  /** pandoc making the same EPUB files; the plain print of every volume. */
  peers: { pandoc?: PeerResult; plainPrint?: PeerResult }
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
  /** How many runs of each measure, per size. */
  runs: Record<string, string>
  sizes: SizeResult[]
  /** `check` on the project's own sample book (its chapters and config, copied). */
  sample?: Partial<Record<Measure, Summary>>
  targets: Target[]
}

const seconds = (value: number) => `${value.toFixed(2)} s`

/** bench/results.md: the targets, then each size's measures and yardsticks. */
export function renderResults(results: Results): string {
  const { machine } = results
  const lines = [
    '# Benchmark results',
    '',
    `Made by \`${results.command}\` on ${results.date.slice(0, 10)} from bench/results.json (do not edit: \`npm run bench\` writes both). What is measured and why: README.md here.`,
    '',
    `Machine: ${machine.nproc} cores, ${machine.memoryGiB} GiB, ${machine.cpu}; Node ${machine.node}; ${machine.chromium}; ${machine.pandoc}. Load ${machine.loadStart.join(' / ')} at the start${machine.loadEnd ? `, ${machine.loadEnd.join(' / ')} at the end` : ''}.`,
    '',
    '## Targets',
    '',
    '| target | wanted | measured | met |',
    '| --- | --- | --- | --- |',
    ...results.targets.map((target) => `| ${target.what} | ${target.target} | ${target.actual} | ${target.met === null ? '?' : target.met ? 'yes' : '**no**'} |`),
  ]
  if (results.sample) {
    lines.push('', '## The sample book', '', '| what | runs | median | min – max | peak memory |', '| --- | --- | --- | --- | --- |')
    for (const [key, label] of Object.entries(measures) as [Measure, string][]) {
      const summary = results.sample[key]
      if (summary) lines.push(`| ${label} | ${summary.runs} | ${seconds(summary.median)} | ${seconds(summary.min)} – ${seconds(summary.max)} | ${summary.peakMiB} MiB |`)
    }
  }
  for (const size of results.sizes) {
    lines.push(
      '',
      `## ${size.chapters} chapters`,
      '',
      `${size.words.toLocaleString('en-US')} words; ${size.volumes} volumes, ${size.epubFiles} EPUB files. Runs: ${results.runs[`${size.chapters} chapters`] ?? ''}.`,
      '',
      '| what | runs | median | min – max | peak memory |',
      '| --- | --- | --- | --- | --- |',
    )
    for (const [key, label] of Object.entries(measures) as [Measure, string][]) {
      const summary = size.ours[key]
      if (summary) lines.push(`| ${label} | ${summary.runs} | ${seconds(summary.median)} | ${seconds(summary.min)} – ${seconds(summary.max)} | ${summary.peakMiB} MiB |`)
    }
    for (const [label, peer] of [['pandoc, the same EPUB files', size.peers.pandoc], ['the plain print of every volume', size.peers.plainPrint]] as const) {
      if (!peer) continue
      lines.push(peer.installed ? `| ${label} (${peer.version}) | | ${seconds(peer.seconds)} | | ${Math.round(peer.peakMiB)} MiB |` : `| ${label} | not run: ${peer.reason} | | | |`)
    }
    if (size.checkedThisWeek !== undefined) lines.push('', `This week's EPUB builds checked at most ${size.checkedThisWeek} chapter${size.checkedThisWeek === 1 ? '' : 's'} each.`)
  }
  return `${lines.join('\n')}\n`
}

export async function writeReports(results: Results, jsonPath: string, markdownPath: string): Promise<void> {
  await writeFile(jsonPath, `${JSON.stringify(results, null, 2)}\n`)
  await writeFile(markdownPath, renderResults(results))
}
