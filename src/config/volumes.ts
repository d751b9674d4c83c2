import type { Chapter } from '../chapter.ts'
import { isoWeek } from '../dates.ts'
import type { ListingConfig } from './listing.ts'
import type { BookConfig } from './schema.ts'

/** A volume: the chapters that go into one EPUB and one printed book. */
export interface Volume {
  id: string
  title: string
  subtitle?: string | undefined
  chapters: Chapter[]
  /** Per format: the e-book, the KDP paperback (`print`), the IngramSpark paperback (`print` unless set). */
  isbn: { ebook?: string | undefined; print?: string | undefined; ingramspark?: string | undefined }
  /** Cover art path relative to the book root, if configured. */
  cover?: string | undefined
  /** The store blurb and `dc:description`, if configured (the volume's own, else the book's). */
  description?: string | undefined
  /** For the yearly volumes: the series they form (the book's title) and this one's number in it. */
  series?: { name: string; position: number } | undefined
  /** The one-chapter volume of the weekly release: no store editions, no fair pack. */
  weekly?: boolean | undefined
  /** The store forms' fields (src/config/listing.ts): the book's, with the volume's own over them. */
  listing?: ListingConfig | undefined
}

/** The id of the volume with every chapter, built when the config lists no volumes. */
export const defaultVolumeId = 'complete'

/**
 * The volumes of the book, each with its chapters ordered by date (then file
 * name). The book-wide ISBNs and cover belong to the complete volume; a
 * configured volume may set its own.
 */
export function resolveVolumes(config: BookConfig, chapters: readonly Chapter[]): Volume[] {
  const ordered = [...chapters].sort(
    (a, b) => compare(a.meta.published, b.meta.published) || compare(a.file.basename ?? '', b.file.basename ?? ''),
  )
  if (!config.volumes) {
    // Without a list: one volume with everything and, when the chapters span more than one calendar year, one
    // per year. A book of one year gets no year volume: it would be the complete one again, and stores count
    // a book "not significantly different" from another of the publisher's as disappointing content.
    const years = [...new Set(ordered.map((chapter) => chapter.meta.published.slice(0, 4)))].sort()
    const complete: Volume = {
      id: defaultVolumeId,
      title: config.title,
      subtitle: config.subtitle,
      chapters: ordered,
      isbn: { ...config.isbn },
      cover: config.cover,
      description: config.description,
      listing: config.listing,
    }
    if (years.length < 2) return [complete]
    return [
      ...years.map((year, index) => ({
        id: year,
        title: `${config.title} ${year}`,
        subtitle: config.subtitle,
        chapters: ordered.filter((chapter) => chapter.meta.published.startsWith(year)),
        isbn: {},
        cover: undefined,
        description: config.description,
        series: { name: config.title, position: index + 1 },
        listing: config.listing,
      })),
      complete,
    ]
  }
  // The configured yearly volumes form the series, numbered by year.
  const years = config.volumes.flatMap((volume) => (volume.year ? [volume.year] : [])).sort((a, b) => a - b)
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
      description: volume.description ?? config.description,
      series: volume.year ? { name: config.title, position: years.indexOf(volume.year) + 1 } : undefined,
      listing: { ...config.listing, ...volume.listing },
    }
  })
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** A volume of the one chapter that ran in the ISO week of `date`, for the weekly release. */
export function weekVolume(config: BookConfig, chapters: readonly Chapter[], date: string): Volume | undefined {
  const week = isoWeek(date)
  const chapter = chapters.find((candidate) => isoWeek(candidate.meta.published) === week)
  if (!chapter) return undefined
  return {
    id: `week-${week}`,
    title: chapter.meta.title,
    subtitle: config.title,
    chapters: [chapter],
    isbn: {},
    cover: undefined,
    description: chapter.meta.summary,
    weekly: true,
  }
}

/**
 * What a volume's release carries without its chapters (for `verify`, which reads the built files): its
 * ISBNs and listing, as `resolveVolumes` gives them to the volume of that id.
 */
export function volumeReleaseFacts(config: BookConfig, id: string): Pick<Volume, 'isbn' | 'listing'> {
  const configured = config.volumes?.find((volume) => volume.id === id)
  if (configured) return { isbn: { ...config.isbn, ...configured.isbn }, listing: { ...config.listing, ...configured.listing } }
  if (!config.volumes && id === defaultVolumeId) return { isbn: { ...config.isbn }, listing: config.listing }
  return { isbn: {}, listing: config.listing }
}
