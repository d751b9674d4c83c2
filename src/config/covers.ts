/**
 * Cover art named in the config, the book's and each volume's: a JPEG or
 * PNG file that exists. A missing one would otherwise go into the EPUB as
 * an empty image.
 */
import { statSync } from 'node:fs'
import path from 'node:path'
import type { Point } from 'unist'
import type { VFile } from 'vfile'
import { report } from '../report/messages.ts'
import type { BookConfig } from './schema.ts'

/** `placeOf(['volumes', 0, 'cover'])`: where that field's value is in the config file. */
export function checkCovers(file: VFile, root: string, config: BookConfig, placeOf: (path: readonly (string | number)[]) => Point): void {
  if (config.cover) checkCover(file, root, config.cover, placeOf(['cover']))
  config.volumes?.forEach((volume, index) => {
    if (volume.cover) checkCover(file, root, volume.cover, placeOf(['volumes', index, 'cover']), volume.id)
  })
}

function checkCover(file: VFile, root: string, cover: string, place: Point, volume?: string): void {
  const whose = volume ? `The cover of volume \`${volume}\`, \`${cover}\`,` : `The cover \`${cover}\``
  if (!/\.(jpe?g|png)$/i.test(cover)) {
    report(file, 'c-005', `${whose} must be a JPEG or PNG file`, place)
    return
  }
  const stats = statSync(path.resolve(root, cover), { throwIfNoEntry: false })
  if (!stats) report(file, 'c-005', `${whose} does not exist`, place)
  else if (!stats.isFile()) report(file, 'c-005', `${whose} is not a file`, place)
}
