/**
 * Print resolution: an image is set at the text width in the printed book,
 * so it needs 300 pixels for every inch of that width (KDP asks for 300 dpi).
 */
import { readFileSync } from 'node:fs'
import { imageSize } from 'image-size'
import type { TransformedChapter } from '../chapter.ts'
import type { BookConfig } from '../config/index.ts'
import { interiorLayout, textWidth } from '../config/print-layout.ts'
import { report } from '../report/messages.ts'

/**
 * The text block's width in the print layout, in inches. The page count is
 * not known before printing; the layout for the fewest pages has the
 * narrowest gutter, so the widest text block: the most an image is stretched.
 */
export function printTextWidthInches(config: BookConfig): number {
  // Rounded to a thousandth of an inch: the margins are sums of decimals, and the number is shown in the message.
  return Number(textWidth(interiorLayout(config.print.trim, config.print.bleed, 0)).toFixed(3))
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
