/**
 * The build cache's property (test/helpers/cache-property.ts), with printing
 * (real Chromium): each step builds `--format epub` or `--format epub,pdf`
 * into the dist/ of the steps before, against `--no-cache` into a copy of that
 * dist/, byte for byte; an EPUB built alone carries the page list of a print of
 * its sources or none. 20 sequences here; the slow lane runs 200.
 * CACHE_PRINT_RUNS=N runs N, CACHE_SEED replays a seed.
 */
import { describe, expect, it } from 'vitest'
import { runCacheProperty } from './helpers/cache-property.ts'

const runs = Number(process.env.CACHE_PRINT_RUNS ?? 20)
const seed = process.env.CACHE_SEED ? Number(process.env.CACHE_SEED) : undefined

describe('the build cache: cached equals --no-cache (property, printed)', () => {
  it(`after random edits, printing or not (${runs} sequences)`, async () => {
    const report = await runCacheProperty({ runs, printing: true, seed, maxEdits: 2 })
    expect(report.failure).toBeUndefined()
    expect(report.steps).toBeGreaterThanOrEqual(runs)
  }, 3_600_000)
})
