/**
 * The EPUB's drawn cover in the build cache (index.ts): one entry a volume,
 * holding while the cover's SVG (its whole design, text set as outlines) and
 * the versions (resvg and sharp by the lock file, Node) are the same. A run
 * that draws covers keeps only those it used: the cache holds the last
 * build's covers, about 500 KB each.
 *
 * Each text block of the cover drawn as outlines is an entry too
 * (`cover-texts`), by the block itself (its text, font, size and place): the
 * drawing reads nothing else but the fonts, which are the installed packages'
 * (the versions). A weekly build draws only the line that changed ("and 41
 * more") and loads no font for the rest.
 */
import type { CoverCache } from '../package/cover.ts'
import type { DrawnTexts } from '../render/cover.ts'
import type { DrawnText } from '../render/svg-text.ts'
import type { CacheRun } from './index.ts'

export function coverCache(run: CacheRun, volumeId: string): CoverCache {
  return {
    texts: drawnTexts(run),
    get: (svg) => run.get('covers', volumeId, { svg })?.data,
    set: (svg, jpeg) => {
      const reads = run.log()
      reads.input('svg', svg)
      run.set('covers', volumeId, reads, null, jpeg)
    },
  }
}

function drawnTexts(run: CacheRun): DrawnTexts {
  return {
    get: (block) => run.get('cover-texts', JSON.stringify(block))?.value as DrawnText | undefined,
    set: (block, drawn) => run.set('cover-texts', JSON.stringify(block), run.log(), drawn),
  }
}
