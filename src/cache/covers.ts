/**
 * The EPUB's drawn cover in the build cache (index.ts): one entry a volume,
 * holding while the cover's SVG (its whole design, text set as outlines) and
 * the versions (resvg and sharp by the lock file, Node) are the same. A run
 * that draws covers keeps only those it used: the cache holds the last
 * build's covers, about 500 KB each.
 */
import type { CoverCache } from '../package/cover.ts'
import type { CacheRun } from './index.ts'

export function coverCache(run: CacheRun, volumeId: string): CoverCache {
  return {
    get: (svg) => run.get('covers', volumeId, { svg })?.data,
    set: (svg, jpeg) => {
      const reads = run.log()
      reads.input('svg', svg)
      run.set('covers', volumeId, reads, null, jpeg)
    },
  }
}
