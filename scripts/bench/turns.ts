/**
 * Repeated runs: ours and a peer taking turns, so that a change in a shared
 * machine's speed during the runs moves both sides of the ratio alike; the
 * median of a peer's runs; a peer that fails reported, and the bench goes on.
 */
import { median, type Sample } from './measure.ts'
import type { PeerResult } from './peers.ts'

const log = (line: string) => process.stderr.write(`${line}\n`)

/**
 * Ours and a peer take turns, so that a change in a shared machine's speed during the runs moves both sides of
 * the ratio alike. The peer's result is the median of its runs; a peer missing or failed is reported as such.
 */
export async function inTurns(runs: number, ours: () => Promise<Sample>, label: string, peer?: { runs: number; run: () => Promise<PeerResult> }): Promise<{ ours: Sample[]; peer?: PeerResult }> {
  const samples: Sample[] = []
  const peerResults: PeerResult[] = []
  for (let run = 0; run < Math.max(runs, peer?.runs ?? 0); run++) {
    if (run < runs) {
      const sample = await ours()
      samples.push(sample)
      log(`    ${label}: ${sample.seconds.toFixed(2)} s, ${Math.round(sample.peakMiB)} MiB`)
    }
    if (peer && run < peer.runs && !peerResults.some((result) => !result.installed)) peerResults.push(await peerRun(peer.run))
  }
  return { ours: samples, ...(peer ? { peer: medianPeer(peerResults) } : {}) }
}

export async function repeat(runs: number, work: () => Promise<Sample>): Promise<Sample[]> {
  const samples: Sample[] = []
  for (let run = 0; run < runs; run++) samples.push(await work())
  return samples
}

/** Several runs of a peer, one after another: the median run. */
export async function peerRuns(runs: number, work: () => Promise<PeerResult>): Promise<PeerResult> {
  const results: PeerResult[] = []
  for (let run = 0; run < runs; run++) {
    const result = await peerRun(work)
    results.push(result)
    if (!result.installed) break
  }
  return medianPeer(results)
}

/** One run of a peer. A peer that fails (Paged.js hitting a timeout of its own) is reported, and the bench goes on. */
export async function peerRun(work: () => Promise<PeerResult>): Promise<PeerResult> {
  let result: PeerResult
  try {
    result = await work()
  } catch (error) {
    log(`    failed: ${String((error as Error).message).split('\n').slice(0, 4).join(' | ')}`)
    return { installed: false, reason: `failed: ${String((error as Error).message).split('\n').find((line) => /Error/.test(line)) ?? (error as Error).message.slice(0, 200)}` }
  }
  if (result.installed) log(`    ${result.version}: ${result.seconds.toFixed(2)} s, ${Math.round(result.peakMiB)} MiB${result.pages ? `, ${result.pages} pages` : ''}`)
  return result
}

/**
 * The median of the runs, as for ours (an even count: the mean of the middle two), so that one slow run does not
 * decide; a peer missing or failed in any run is reported as such.
 */
export function medianPeer(results: PeerResult[]): PeerResult {
  const missing = results.find((result) => !result.installed)
  if (missing || results.length === 0) return missing ?? { installed: false, reason: 'not run' }
  const runs = results.filter((result): result is Extract<PeerResult, { installed: true }> => result.installed)
  return { ...runs[0]!, seconds: median(runs.map((run) => run.seconds)), peakMiB: median(runs.map((run) => run.peakMiB)) }
}
