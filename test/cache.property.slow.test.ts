/**
 * The build cache's property (test/helpers/cache-property.ts) at ten times
 * the main suite's sequences: 2,000 without printing (the build and the dev
 * server's rebuild), 200 with printing (real Chromium).
 */
import { describe, expect, it } from 'vitest'
import { runCacheProperty } from './helpers/cache-property.ts'

describe('the build cache: cached equals --no-cache (property, slow lane)', () => {
  it('2,000 sequences without printing', async () => {
    const report = await runCacheProperty({ runs: 2000, printing: false })
    expect(report.failure).toBeUndefined()
  }, 7_200_000)

  it('200 sequences with printing', async () => {
    const report = await runCacheProperty({ runs: 200, printing: true })
    expect(report.failure).toBeUndefined()
  }, 14_400_000)
})
