/**
 * Checks of the volumes (they must earn their place): a volume with the
 * same chapters as another is the same book twice, which KDP's content
 * guide counts as disappointing content ("not significantly different"
 * from another of the publisher's books). Reported on the config, at the
 * later volume, naming the one to drop.
 */
import type { Point } from 'unist'
import type { VFile } from 'vfile'
import type { BookConfig, Volume } from './index.ts'
import { report } from '../report/messages.ts'

type PlaceOf = (path: readonly (string | number)[]) => Point

/** v-010: two volumes of the same chapters. */
export function checkVolumeContent(file: VFile, config: BookConfig, volumes: readonly Pick<Volume, 'id' | 'chapters'>[], placeOf: PlaceOf): void {
  const seen = new Map<string, string>()
  for (const volume of volumes) {
    if (volume.chapters.length === 0) continue
    const key = contentKey(volume)
    const same = seen.get(key)
    if (same === undefined) {
      seen.set(key, volume.id)
      continue
    }
    const index = config.volumes?.findIndex((entry) => entry.id === volume.id) ?? -1
    const count = volume.chapters.length === 1 ? 'the same chapter' : `the same ${volume.chapters.length} chapters`
    report(
      file,
      'v-010',
      `Volume \`${volume.id}\` has ${count} as volume \`${same}\`: drop \`${volume.id}\` from \`volumes:\`, or give it other dates`,
      index === -1 ? { line: 1, column: 1 } : placeOf(['volumes', index, 'id']),
    )
  }
}

/** The volume's chapters, by file, in any order. */
export function contentKey(volume: Pick<Volume, 'chapters'>): string {
  return volume.chapters.map((chapter) => chapter.file.path).sort().join('\n')
}

/** Whether every chapter of `other` is in `volume`: a reader of `volume` already has `other`'s content. */
export function containsContent(volume: Pick<Volume, 'chapters'>, other: Pick<Volume, 'chapters'>): boolean {
  const mine = new Set(volume.chapters.map((chapter) => chapter.file.path))
  return other.chapters.every((chapter) => mine.has(chapter.file.path))
}
