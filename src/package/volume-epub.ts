/**
 * Stage 5, package (a volume's EPUB): the cover (the config's art, else one
 * drawn from templates/cover.svg.ejs), the documents rendered for the EPUB, and the
 * EPUB packaged from them. The one way both `springboard build` and the
 * dev server make an EPUB, so that the two cannot drift apart.
 */
import path from 'node:path'
import type { ImageAsset, TransformedChapter } from '../chapter.ts'
import type { BookConfig, Volume } from '../config/index.ts'
import { renderDocuments, type SerializableBody } from '../render/index.ts'
import type { PageMap } from '../render/page-breaks.ts'
import type { Templates } from '../render/templates.ts'
import { silentProgress, type Progress } from '../report/progress.ts'
import { coverSize, renderCoverFile } from './cover.ts'
import { epubTarget, packageEpub } from './epub.ts'

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
  /** Rendered covers by what they show, kept between calls (the dev server's rebuilds). */
  covers?: Map<string, string>
  /** A folder that keeps rendered covers between builds (the build cache). */
  coverCacheDir?: string
  progress?: Progress
  /** Aborting stops between the cover and the EPUB. */
  signal?: AbortSignal
  /** The print book's page map, for page markers and a page list; without it the EPUB has none. */
  pageMap?: PageMap
}

export async function packageVolumeEpub(input: VolumeEpubInput): Promise<Buffer> {
  const { config, volume, chapters, templates } = input
  const progress = input.progress ?? silentProgress
  let started = performance.now()
  let coverPath: string
  if (volume.cover) {
    coverPath = path.resolve(input.root, volume.cover)
  } else {
    coverPath = await renderCoverFile({ config, volume, templates, workDir: input.workDir, cache: input.covers, cacheDir: input.coverCacheDir })
    progress.stage('cover', `${volume.id}: ${coverSize.width} × ${coverSize.height} JPEG`, performance.now() - started)
  }
  input.signal?.throwIfAborted()

  started = performance.now()
  const documents = renderDocuments({
    config,
    volume,
    chapters,
    introduction: input.introduction,
    templates,
    target: epubTarget,
    isbn: volume.isbn.ebook,
    isbnLabel: 'ISBN (e-book)',
  })
  const pageMap = input.pageMap && { map: input.pageMap, source: printEditionSource(config, volume, input.modified) }
  const epub = await packageEpub({ config, volume, documents, templates, coverPath, images: uniqueImages(chapters), modified: input.modified, pageMap })
  progress.stage('epub', `${volume.id}: ${chapters.length} chapters${input.pageMap ? `, pages of the ${input.pageMap.pageCount}-page print edition` : ''}`, performance.now() - started)
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
