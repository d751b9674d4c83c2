/**
 * The package stage (a volume's EPUB): the cover (the config's art, else one
 * drawn from templates/cover.svg.ejs), the documents rendered for the EPUB, and the
 * EPUB packaged from them. The one way both `springboard build` and the
 * dev server make an EPUB, so that the two cannot drift apart.
 */
import path from 'node:path'
import type { ImageAsset, TransformedChapter } from '../chapter.ts'
import type { BookConfig, Volume } from '../config/index.ts'
import { renderDocuments, renderStorePage, type SerializableBody, type StoreLink } from '../render/index.ts'
import type { PageMap } from '../render/page-breaks.ts'
import type { Templates } from '../render/templates.ts'
import { silentProgress, type Progress } from '../report/progress.ts'
import { containsContent } from '../config/volume-content.ts'
import { coverSize, renderCoverFile, type CoverCache } from './cover.ts'
import { storeSpec } from './store-specs.ts'

export interface VolumeEpubInput {
  /** The book folder: the config's cover art is relative to it. */
  root: string
  config: BookConfig
  volume: Volume
  chapters: readonly TransformedChapter[]
  introduction: SerializableBody
  templates: Templates
  /** The book's last modification (see modifiedDate in build.ts). */
  modified: Date
  /** A private folder for the rendered cover. */
  workDir: string
  /** This build's drawn covers, by what they show (the store editions share the volume's). */
  covers?: Map<string, string>
  /** Covers drawn by earlier builds (the build cache, src/cache/covers.ts). */
  coverCache?: CoverCache
  progress?: Progress
  /** Aborting stops between the cover and the EPUB. */
  signal?: AbortSignal
  /** The print book's page map, for page markers and a page list; without it the EPUB has none. */
  pageMap?: PageMap
  /** A store's edition: its "More from" page links to the other volumes on that store only. Absent: the generic EPUB. */
  store?: StoreEdition
}

export interface StoreEdition {
  /** The store's key in `stores:` (`kindle`, `nook` …). */
  id: string
  name: string
  /** The other volumes on sale there. */
  links: StoreLink[]
  /** Whether the edition has a cover page (Kindle shows the cover image by itself). */
  coverPage: boolean
}

/**
 * One edition per configured store, each linking to the other volumes that store sells (of `volumes`, the
 * book's), except those whose every chapter is in this one: a reader would buy what they already have.
 */
export function storeEditions(config: BookConfig, volume: Volume, volumes: readonly Volume[]): StoreEdition[] {
  return Object.entries(config.stores).map(([id, store]) => ({
    id,
    name: store.name,
    coverPage: storeSpec(id).coverPage,
    links: volumes.flatMap((other) => {
      const url = store.volumes[other.id]
      return other.id !== volume.id && url && !containsContent(volume, other) ? [{ title: other.title, subtitle: other.subtitle, chapterCount: other.chapters.length, url }] : []
    }),
  }))
}

/** The front cover on disk: the config's art, else one drawn from the SVG template (once per `covers` cache). */
export async function volumeCoverPath(input: VolumeEpubInput): Promise<string> {
  const { config, volume, templates } = input
  if (volume.cover) return path.resolve(input.root, volume.cover)
  const started = performance.now()
  const before = input.covers?.size
  const coverPath = await renderCoverFile({ config, volume, templates, workDir: input.workDir, covers: input.covers, cache: input.coverCache })
  // Reported when rendered, not when the store editions take it from the cache.
  if (before === undefined || input.covers!.size > before) {
    ;(input.progress ?? silentProgress).stage('cover', `${volume.id}: ${coverSize.width} × ${coverSize.height} JPEG`, performance.now() - started)
  }
  return coverPath
}

export async function packageVolumeEpub(input: VolumeEpubInput): Promise<Buffer> {
  const { config, volume, chapters, templates } = input
  const progress = input.progress ?? silentProgress
  const coverPath = await volumeCoverPath(input)
  input.signal?.throwIfAborted()

  const started = performance.now()
  // epub-gen-memory is loaded when an EPUB is made: `check` never needs it.
  const { epubTarget, packageEpub } = await import('./epub.ts')
  const rendered = renderDocuments({
    config,
    volume,
    chapters,
    introduction: input.introduction,
    templates,
    target: epubTarget,
  })
  const { store } = input
  const storePage = store && renderStorePage({ config, storeName: store.name, links: store.links, templates })
  const documents = storePage ? [...rendered, storePage] : rendered
  const pageMap = input.pageMap && { map: input.pageMap, source: printEditionSource(config, volume, input.modified) }
  const epub = await packageEpub({ config, volume, documents, templates, coverPath, images: uniqueImages(chapters), modified: input.modified, coverPage: store?.coverPage ?? true, pageMap })
  const pages = input.pageMap ? `, pages of the ${input.pageMap.pageCount}-page print edition` : ''
  progress.stage('epub', `${volume.id}${store ? ` for ${store.name}` : ''}: ${chapters.length} chapters${pages}`, performance.now() - started)
  return epub
}

/** Every image of the chapters once, in a stable order (by project path). */
export function uniqueImages(chapters: readonly TransformedChapter[]): ImageAsset[] {
  const images = new Map(chapters.flatMap((chapter) => [...chapter.images.values()]).map((image) => [image.absolutePath, image]))
  return [...images.values()].sort((a, b) => (a.projectPath < b.projectPath ? -1 : 1))
}

/** The print edition the page numbers come from: its ISBN, or its title and publisher when it has none. */
export function printEditionSource(config: BookConfig, volume: Volume, modified: Date): string {
  return volume.isbn.print ? `urn:isbn:${volume.isbn.print}` : `${volume.title}, paperback (${config.publisher}, ${modified.getUTCFullYear()})`
}
