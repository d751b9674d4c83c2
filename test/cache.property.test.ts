/**
 * The build cache's property (test/helpers/cache-property.ts), without
 * printing: after every edit of a random sequence, `build --format epub`
 * with the disk cache and the dev server's rebuild (the memory cache) give
 * what `--no-cache` gives, byte for byte. 200 sequences here; the slow lane
 * runs 2,000 (cache.property.slow.test.ts), the e2e lane the printed ones.
 * CACHE_RUNS=N runs N, CACHE_SEED replays a seed fast-check printed.
 */
import { describe, expect, it } from 'vitest'
import { runCacheProperty } from './helpers/cache-property.ts'

const runs = Number(process.env.CACHE_RUNS ?? 200)
const seed = process.env.CACHE_SEED ? Number(process.env.CACHE_SEED) : undefined

describe('the build cache: cached equals --no-cache (property)', () => {
  it(`after random edits, without printing: the build and the dev server's rebuild (${runs} sequences)`, async () => {
    // One or two edits a sequence (the book is shared: the sequences make one long walk); the slow lane's, up to three.
    const report = await runCacheProperty({ runs, printing: false, seed, maxEdits: 2 })
    expect(report.failure).toBeUndefined()
    expect(report.steps).toBeGreaterThanOrEqual(runs)
  }, 1_800_000)
})
