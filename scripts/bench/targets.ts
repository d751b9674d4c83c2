/**
 * The targets (issue 17), each against a yardstick measured in the same run: pandoc making the same EPUB
 * files for the EPUB, the plain print of every volume (one Chromium print of pandoc's HTML each) for the
 * PDFs. A missed target is reported, never failed.
 */
import type { PeerResult } from './peers.ts'
import type { Results, SizeResult, Target } from './report.ts'

export function targets(sizes: readonly SizeResult[], sample?: Results['sample']): Target[] {
  const size = (chapters: number) => sizes.find((result) => result.chapters === chapters)
  const list: Target[] = []
  const check = (id: string, what: string, target: string, value: number | undefined, met: (value: number) => boolean, show: (value: number) => string) =>
    list.push(value === undefined ? { id, what, target, actual: 'not measured', value: null, met: null } : { id, what, target, actual: show(value), value, met: met(value) })
  const x = (value: number) => `${value.toFixed(2)}×`
  const peer = (result: PeerResult | undefined) => (result?.installed ? result.seconds : undefined)
  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? a / b : undefined)
  const megabytes = (mib: number | undefined) => (mib === undefined ? undefined : Math.round((mib * 1024 * 1024) / 1e6))
  const first = 'first build (cache empty)'
  const weekly = "this week's build (last week's cache, one new chapter)"
  for (const [chapters, times] of [[52, 2], [520, 4]] as const) {
    const result = size(chapters)
    const pandoc = peer(result?.peers.pandoc)
    check(`epub-${chapters}-speed`, `EPUB, ${chapters} chapters, every volume and edition, vs pandoc making the same files: ${first}`, `≥ ${times}× faster`, ratio(pandoc, result?.ours.epubFirst?.median), (v) => v >= times, x)
    check(`epub-${chapters}-speed-weekly`, `EPUB, ${chapters} chapters, vs pandoc: ${weekly}`, `≥ ${times}× faster`, ratio(pandoc, result?.ours.epubThisWeek?.median), (v) => v >= times, x)
  }
  const large = size(520)
  check('epub-520-memory', `EPUB, 520 chapters, peak RSS of the command: ${first}`, '≤ 250 MB', megabytes(large?.ours.epubFirst?.peakMiB), (v) => v <= 250, (v) => `${v} MB`)
  check('epub-520-memory-weekly', `EPUB, 520 chapters, peak RSS of the command: ${weekly}`, '≤ 250 MB', megabytes(large?.ours.epubThisWeek?.peakMiB), (v) => v <= 250, (v) => `${v} MB`)
  for (const [chapters, most] of [[52, 3], [520, 2]] as const) {
    const result = size(chapters)
    check(`all-${chapters}-floor`, `\`build --format all\`, ${chapters} chapters, first build, vs the plain print of every volume`, `≤ ${most}×`, ratio(result?.ours.allFirst?.median, peer(result?.peers.plainPrint)), (v) => v <= most, x)
  }
  // The editor's loop (issue 25): `check` over and over while writing.
  const secs = (v: number) => `${v.toFixed(2)} s`
  check('check-sample-unchanged', '`check` on the sample (8 chapters), nothing changed', '≤ 0.5 s', sample?.checkUnchanged?.median, (v) => v <= 0.5, secs)
  check('check-52-edited', '`check`, 52 chapters, one chapter edited', '≤ 1.5 s', size(52)?.ours.checkEdited?.median, (v) => v <= 1.5, secs)
  check('check-520-unchanged', '`check`, 520 chapters, nothing changed', '≤ 1 s', large?.ours.checkUnchanged?.median, (v) => v <= 1, secs)
  check('check-520-edited', '`check`, 520 chapters, one chapter edited', '≤ 2 s', large?.ours.checkEdited?.median, (v) => v <= 2, secs)
  check('weekly-520', "this week's build: 520 chapters + 1, EPUB, new process", '≤ 1 s', large?.ours.epubThisWeek?.median, (v) => v <= 1, (v) => `${v.toFixed(2)} s`)
  return list
}
