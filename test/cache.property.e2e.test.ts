/**
 * The build cache's property (test/helpers/cache-property.ts), in the main suite. These are whole builds,
 * hundreds of them, so they run in the e2e lane beside the other end-to-end builds, not in the unit lane's
 * fast per-stage tests.
 * - Without printing: after every edit of a random sequence, `build --format epub` with the disk cache and
 *   the dev server's rebuild (the memory cache) give what `--no-cache` gives, byte for byte. 200 sequences.
 * - With printing (real Chromium): each step builds `--format epub` or `--format epub,pdf` into the dist/
 *   of the steps before, against `--no-cache` into a copy of that dist/, byte for byte; an EPUB built alone
 *   carries the page list of a print of its sources or none. 20 sequences.
 * The slow lane runs more (cache.property.slow.test.ts). CACHE_RUNS=N and CACHE_PRINT_RUNS=N run N here,
 * CACHE_SEED replays a seed fast-check printed.
 */
import { describe, expect, it } from 'vitest'
import { runCacheProperty } from './helpers/cache-property.ts'

const runs = Number(process.env.CACHE_RUNS ?? 200)
const printedRuns = Number(process.env.CACHE_PRINT_RUNS ?? 20)
const seed = process.env.CACHE_SEED ? Number(process.env.CACHE_SEED) : undefined

describe('the build cache: cached equals --no-cache (property)', () => {
  it(`after random edits, without printing: the build and the dev server's rebuild (${runs} sequences)`, async () => {
    // One or two edits a sequence (the book is shared: the sequences make one long walk); the slow lane's, up to three.
    const report = await runCacheProperty({ runs, printing: false, seed, maxEdits: 2 })
    expect(report.failure).toBeUndefined()
    expect(report.steps).toBeGreaterThanOrEqual(runs)
  }, 1_800_000)

  it(`after random edits, printing or not (${printedRuns} sequences)`, async () => {
    const report = await runCacheProperty({ runs: printedRuns, printing: true, seed, maxEdits: 2 })
    expect(report.failure).toBeUndefined()
    expect(report.steps).toBeGreaterThanOrEqual(printedRuns)
  }, 3_600_000)
})
