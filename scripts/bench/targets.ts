/**
 * The targets (issue 17), each against a yardstick measured in the same run:
 * pandoc for the EPUB, the plain print (one Chromium print of pandoc's HTML)
 * for the PDFs. A missed target is reported, never failed.
 */
import { round, type Summary } from './measure.ts'
import type { PeerResult } from './peers.ts'
import type { SizeResult, Target } from './report.ts'

export const ratioNames = {
  epub: 'EPUB: pandoc / ours (new process each, first build)',
  epubWeekly: "EPUB: pandoc / this week's build (new process, last week's cache)",
  epubInProcess: 'EPUB: pandoc / ours (buildBook in process)',
  all: 'build --format all / plain print',
  interior: 'print interior (in process) / plain print',
  weasyprint: 'WeasyPrint / plain print',
  allVsWeasyprint: 'build --format all / WeasyPrint',
  ourHtml: 'bare print of our HTML / plain print',
  ourHtmlPerPage: 'bare print of our HTML / plain print, per page',
  pagedjs: 'Paged.js / plain print',
  weekly: 'weekly rebuild: --no-cache / cache',
} as const

export function targets(sizes: readonly SizeResult[]): Target[] {
  const size = (chapters: number) => sizes.find((result) => result.chapters === chapters)
  const list: Target[] = []
  const check = (id: string, what: string, target: string, value: number | null | undefined, met: (value: number) => boolean, show: (value: number) => string) =>
    list.push(
      value === null || value === undefined
        ? { id, what, target, actual: 'not measured', value: null, met: null }
        : { id, what, target, actual: show(value), value, met: met(value) },
    )
  const x = (value: number) => `${value.toFixed(2)}×`
  const small = size(52)
  const large = size(520)
  const megabytes = (mib: number | undefined) => (mib === undefined ? undefined : Math.round((mib * 1024 * 1024) / 1e6))
  const firstBuild = (result: SizeResult | undefined) => megabytes(result?.ours['EPUB, `springboard build` (new process)']?.peakMiB)
  const thisWeek = (result: SizeResult | undefined) => megabytes(result?.weekly?.rebuild.peakMiB)
  // Each EPUB target twice: the first build of a book (the cache empty), and the build an editor runs each week
  // (the cache from last week's build, this week's chapter new): the build cache is part of the design.
  const first = 'first build (cache empty)'
  const weekly = "this week's build (last week's cache, one new chapter)"
  check('epub-52-speed', `EPUB, 52 chapters, new process, default config, vs pandoc: ${first}`, '≥ 2× faster', small?.ratios[ratioNames.epub], (v) => v >= 2, x)
  check('epub-52-speed-weekly', `EPUB, 52 chapters, vs pandoc: ${weekly}`, '≥ 2× faster', small?.ratios[ratioNames.epubWeekly], (v) => v >= 2, x)
  check('epub-520-speed', `EPUB, 520 chapters, new process, vs pandoc: ${first}`, '≥ 4× faster', large?.ratios[ratioNames.epub], (v) => v >= 4, x)
  check('epub-520-speed-weekly', `EPUB, 520 chapters, vs pandoc: ${weekly}`, '≥ 4× faster', large?.ratios[ratioNames.epubWeekly], (v) => v >= 4, x)
  check('epub-520-memory', `EPUB, 520 chapters, peak RSS of the command: ${first}`, '≤ 250 MB', firstBuild(large), (v) => v <= 250, (v) => `${v} MB`)
  check('epub-520-memory-weekly', `EPUB, 520 chapters, peak RSS of the command: ${weekly}`, '≤ 250 MB', thisWeek(large), (v) => v <= 250, (v) => `${v} MB`)
  check('all-52-floor', '`build --format all`, 52 chapters, first build, vs the plain print', '≤ 3×', small?.ratios[ratioNames.all], (v) => v <= 3, x)
  check('all-520-floor', '`build --format all`, 520 chapters, first build, vs the plain print', '≤ 2×', large?.ratios[ratioNames.all], (v) => v <= 2, x)
  check('weekly-520', 'weekly rebuild: 520 chapters + 1, EPUB, new process', '≤ 1 s', large?.weekly?.rebuild.median, (v) => v <= 1, (v) => `${v.toFixed(2)} s`)
  return list
}

/** Every ratio of the size, null where a side was not measured. */
export function ratios(ours: Record<string, Summary>, peers: SizeResult['peers'], weekly: SizeResult['weekly']): Record<string, number | null> {
  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? round(a / b, 2) : null)
  const seconds = (peer: PeerResult | undefined) => (peer?.installed ? peer.seconds : undefined)
  const perPage = (peer: PeerResult | undefined) => (peer?.installed && peer.pages ? peer.seconds / peer.pages : undefined)
  const plain = seconds(peers.plainPrint)
  const all = ours['build --format all (new process)']?.median
  return {
    [ratioNames.epub]: ratio(seconds(peers.pandoc), ours['EPUB, `springboard build` (new process)']?.median),
    [ratioNames.epubWeekly]: ratio(seconds(peers.pandoc), weekly?.rebuild.median),
    [ratioNames.epubInProcess]: ratio(seconds(peers.pandoc), ours['EPUB, buildBook in process']?.median),
    [ratioNames.all]: ratio(all, plain),
    [ratioNames.interior]: ratio(ours['print interior, in process']?.median, plain),
    [ratioNames.weasyprint]: ratio(seconds(peers.weasyprint), plain),
    [ratioNames.allVsWeasyprint]: ratio(all, seconds(peers.weasyprint)),
    [ratioNames.ourHtml]: ratio(seconds(peers.chromiumBarePrint), plain),
    [ratioNames.ourHtmlPerPage]: ratio(perPage(peers.chromiumBarePrint), perPage(peers.plainPrint)),
    ...(peers.pagedjs ? { [ratioNames.pagedjs]: ratio(seconds(peers.pagedjs), plain) } : {}),
    [ratioNames.weekly]: ratio(weekly?.noCache.median, weekly?.rebuild.median),
  }
}
