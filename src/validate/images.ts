/**
 * Print resolution: an image is set at the text width in the printed book,
 * so it needs 300 pixels for every inch of that width (KDP asks for 300 dpi).
 */
import { readFileSync } from 'node:fs'
import { imageSize } from 'image-size'
import type { TransformedChapter } from '../chapter.ts'
import { report } from '../report/messages.ts'

/** `width`: the printed text block's width in inches (config/print-layout.ts, `printTextWidthInches`). */
export function validatePrintResolution(chapters: readonly TransformedChapter[], width: number): void {
  for (const { chapter, images } of chapters) {
    for (const [src, image] of images) {
      if (image.mediaType === 'image/svg+xml') continue // vector: any size
      let pixels: number | undefined
      try {
        pixels = imageSize(readFileSync(image.absolutePath)).width
      } catch {
        pixels = undefined
      }
      if (pixels === undefined) continue
      const dpi = Math.floor(pixels / width)
      if (dpi < 300) {
        report(chapter.file, 'i-006', `The image \`${src}\` is ${pixels} px wide: ${dpi} dpi at the printed text width of ${width} in`, image.position)
      }
    }
  }
}
