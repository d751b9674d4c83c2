/**
 * The package stage (the marketing covers): the front cover as each store
 * wants it uploaded beside the EPUB: a baseline RGB JPEG at the store's
 * size, under its byte limit (sharp). Cover art that is not the stores'
 * 1.6 shape is fitted inside the size, never cropped or stretched.
 */
import sharp from 'sharp'
import type { StoreSpec } from './store-specs.ts'

/** JPEG qualities tried in turn until the file is under the store's limit. */
const qualities = [90, 85, 80, 70, 60]

export async function storeCover(source: string, spec: StoreSpec['cover']): Promise<Buffer> {
  for (const quality of qualities) {
    const data = await sharp(source)
      .flatten({ background: '#ffffff' })
      .resize(spec.width, spec.height, { fit: 'inside' })
      .toColourspace('srgb')
      .jpeg({ quality, chromaSubsampling: '4:4:4' })
      .toBuffer()
    if (data.byteLength < spec.maxBytes) return data
  }
  throw new Error(`The cover ${source} does not fit under ${spec.maxBytes} bytes even at JPEG quality ${qualities.at(-1)}`)
}
