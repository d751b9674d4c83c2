/**
 * The EPUB's copy of an image: a large photo or chart is resampled with
 * sharp to at most 1,600 px on its long side (what e-readers show, and
 * what keeps the book small enough for the stores), in its own format.
 * The print PDF keeps the original, for 300 ppi at the printed size.
 * The same image gives the same bytes: sharp writes no dates or metadata.
 * An SVG is carried as `check` cleaned it, never as it was written.
 */
import sharp from 'sharp'
import type { ImageAsset } from '../chapter.ts'
import { cleanSvgFile } from '../images/svg.ts'

export const epubImageLongSide = 1600

/** The bytes the EPUB carries for `image`; undefined when it carries the file as it is. */
export async function epubImageData(image: ImageAsset): Promise<Buffer | undefined> {
  // An SVG is carried cleaned (src/images/svg.ts); a GIF (perhaps animated) as it is.
  if (image.mediaType === 'image/svg+xml') return cleanSvgFile(image.absolutePath)
  if (image.mediaType !== 'image/jpeg' && image.mediaType !== 'image/png') return undefined
  const { width, height } = await sharp(image.absolutePath).metadata()
  if (!width || !height || Math.max(width, height) <= epubImageLongSide) return undefined
  // rotate(): turned upright by its EXIF orientation, which the copy (without metadata) no longer carries.
  const resized = sharp(image.absolutePath).rotate().resize({ width: epubImageLongSide, height: epubImageLongSide, fit: 'inside', withoutEnlargement: true })
  return image.mediaType === 'image/jpeg' ? resized.jpeg({ quality: 85 }).toBuffer() : resized.png({ compressionLevel: 9 }).toBuffer()
}
