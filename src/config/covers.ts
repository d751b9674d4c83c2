/**
 * Cover art named in the config, the book's and each volume's: a JPEG or
 * PNG file that exists, inside the book folder (links resolved), and that is
 * by its content the image its name says, whole and of a size a build
 * decodes (src/images/content.ts). Anything else would go into the EPUB as
 * it is: an empty image, a file from elsewhere on the machine, or a file
 * EPUBCheck and the stores refuse.
 */
import { statSync } from 'node:fs'
import path from 'node:path'
import type { Point } from 'unist'
import type { VFile } from 'vfile'
import { realLocation } from '../files/inside.ts'
import { inspectImage } from '../images/content.ts'
import { report } from '../report/messages.ts'
import type { BookConfig } from './schema.ts'

/** `placeOf(['volumes', 0, 'cover'])`: where that field's value is in the config file. */
export async function checkCovers(file: VFile, root: string, config: BookConfig, placeOf: (path: readonly (string | number)[]) => Point): Promise<void> {
  if (config.cover) await checkCover(file, root, config.cover, placeOf(['cover']))
  for (const [index, volume] of (config.volumes ?? []).entries()) {
    if (volume.cover) await checkCover(file, root, volume.cover, placeOf(['volumes', index, 'cover']), volume.id)
  }
}

async function checkCover(file: VFile, root: string, cover: string, place: Point, volume?: string): Promise<void> {
  const whose = volume ? `The cover of volume \`${volume}\`, \`${cover}\`,` : `The cover \`${cover}\``
  if (!/\.(jpe?g|png)$/i.test(cover)) {
    report(file, 'c-005', `${whose} must be a JPEG or PNG file`, place)
    return
  }
  const absolute = path.resolve(root, cover)
  const stats = statSync(absolute, { throwIfNoEntry: false })
  if (!stats) return void report(file, 'c-005', `${whose} does not exist`, place)
  if (!stats.isFile()) return void report(file, 'c-005', `${whose} is not a file`, place)
  if (!realLocation(root, absolute)?.inside) return void report(file, 'c-015', `${whose} is outside the book folder: it is not read`, place)
  const { problem } = await inspectImage(absolute, /\.png$/i.test(cover) ? 'png' : 'jpeg')
  if (problem) report(file, 'c-016', `${whose} cannot be used: ${problem.message}`, place)
}
