import type { Chapter } from '../chapter.ts'
import type { BookConfig } from './schema.ts'

/** A volume: the chapters that go into one EPUB and one printed book. */
export interface Volume {
  id: string
  title: string
  subtitle?: string | undefined
  chapters: Chapter[]
  isbn: { ebook?: string | undefined; print?: string | undefined }
  /** Cover art path relative to the book root, if configured. */
  cover?: string | undefined
}

/** The id of the volume built when the config lists none: every chapter. */
export const defaultVolumeId = 'complete'

/** The volumes of the book, each with its chapters ordered by date (then file name). */
export function resolveVolumes(config: BookConfig, chapters: readonly Chapter[]): Volume[] {
  const ordered = [...chapters].sort(
    (a, b) => compare(a.meta.published, b.meta.published) || compare(a.file.basename ?? '', b.file.basename ?? ''),
  )
  if (!config.volumes) {
    return [
      {
        id: defaultVolumeId,
        title: config.title,
        subtitle: config.subtitle,
        chapters: ordered,
        isbn: { ...config.isbn },
        cover: config.cover,
      },
    ]
  }
  return config.volumes.map((volume) => {
    const from = volume.year ? `${volume.year}-01-01` : volume.from
    const to = volume.year ? `${volume.year}-12-31` : volume.to
    return {
      id: volume.id,
      title: volume.title ?? config.title,
      subtitle: volume.subtitle ?? config.subtitle,
      chapters: ordered.filter(
        (chapter) => (!from || chapter.meta.published >= from) && (!to || chapter.meta.published <= to),
      ),
      isbn: { ...config.isbn, ...volume.isbn },
      cover: volume.cover ?? config.cover,
    }
  })
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
