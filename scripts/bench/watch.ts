/**
 * Watch mode: `springboard dev` on the book, one chapter edited on disk,
 * and the rebuild the watcher starts. Reported: the rebuild itself (what
 * the dev server logs: re-check with the cache, EPUB repackaged and written,
 * preview re-rendered) and the time from the write to the new preview,
 * which adds the watcher's settling delays (about 70 ms by design).
 */
import { readFile, writeFile } from 'node:fs/promises'
import { startDevServer } from '../../src/dev/server.ts'
import type { Sample } from './measure.ts'
import { mib, peakRss, resetPeak } from './memory.ts'

export interface WatchSample extends Sample {
  /** From the write to the new preview, seconds; absent when the watcher missed the edit. */
  latency?: number
  parsed: number
}

/** How long to wait for the watcher before rebuilding by hand. */
const watcherWaitMs = 15_000

export async function measureWatch(root: string, chapterFile: string, out: string, runs: number): Promise<{ samples: WatchSample[]; watcherMissed: number }> {
  let watcherMissed = 0
  const original = await readFile(chapterFile, 'utf8')
  const server = await startDevServer({ root, port: 0, out, env: {} })
  const samples: WatchSample[] = []
  try {
    for (let run = 0; run <= runs; run++) {
      const before = server.state().version
      globalThis.gc?.()
      resetPeak()
      const written = performance.now()
      // A different sentence each time, so the chapter's cache entry never matches.
      await writeFile(chapterFile, `${original}\nEdited for the benchmark, run ${run}.\n`)
      let state = await waitFor(() => (server.state().version > before ? server.state() : undefined), watcherWaitMs)
      let latency: number | undefined = (performance.now() - written) / 1000
      if (!state) {
        // The watcher did not pick the edit up (seen at 520 chapters): rebuild as it would have.
        watcherMissed++
        latency = undefined
        state = await server.rebuild()
      }
      if (!state.ok) throw new Error(`The rebuild after an edit failed: ${state.messages.map((message) => message.message).join('; ')}`)
      // The first edit is the warm-up (its rebuild still compiles code paths).
      if (run > 0) samples.push({ seconds: state.ms / 1000, ...(latency === undefined ? {} : { latency }), parsed: state.parsed, peakMiB: mib(peakRss()) })
    }
  } finally {
    await writeFile(chapterFile, original)
    await server.close()
  }
  return { samples, watcherMissed }
}

async function waitFor<T>(check: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined) return value
    if (performance.now() > deadline) return undefined
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}
