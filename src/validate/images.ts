/**
 * Print resolution: an image is set at the text width in the printed book,
 * so it needs 300 pixels for every inch of that width (KDP asks for 300 dpi).
 */
import { readFileSync } from 'node:fs'
import { imageSize } from 'image-size'
import type { TransformedChapter } from '../chapter.ts'
import { trimSizes, type BookConfig } from '../config/index.ts'
import { report } from '../report/messages.ts'

/** The text block is the trim width less the inside and outside margins (about 1.5 in together). */
export function printTextWidthInches(config: BookConfig): number {
  return trimSizes[config.print.trim].width - 1.5
}

export function validatePrintResolution(chapters: readonly TransformedChapter[], config: BookConfig): void {
  const width = printTextWidthInches(config)
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
