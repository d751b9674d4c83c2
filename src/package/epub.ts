/**
 * The package stage (EPUB): wrap the rendered documents with epub-gen-memory
 * through its documented options: our templates for every file it writes
 * (its defaults hard-code `xml:lang="en"`, a random identifier, `new Date()`
 * and no accessibility metadata), which it hands every option and chapter
 * field we give it.
 *
 * Three things its options cannot do, each done in the subclass below and
 * held by test/epub-library.test.ts against the exact version package.json
 * pins (upgrade it only with that test passing):
 * - the documents as we wrote them: it parses and re-serializes a chapter's
 *   `content` with htmlparser2, which drops attributes it does not know
 *   (`start` on a list) and writes every non-ASCII character as a numeric
 *   reference. The finished XHTML goes in a chapter field of our own that
 *   our chapter template prints as it is; `content` is left empty;
 * - images under stable names: it names each with a random UUID. Ours come
 *   in through `downloadAllImages`, the protected step of `render()` meant
 *   for them, named after their place in the project (large ones resampled,
 *   images.ts);
 * - the same bytes from the same sources: JSZip dates each entry with the
 *   time of the build. The entries `render()` leaves in its protected `zip`
 *   are zipped again with the book's date (yazl, which deflates with Node's
 *   zlib, off the main thread: JSZip's JavaScript deflate was three quarters
 *   of packaging).
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { EPub } from 'epub-gen-memory'
import type { JSZipObject } from 'jszip'
import { ZipFile } from 'yazl'
import type { BookConfig, Volume } from '../config/index.ts'
import { bisacSubjects } from '../config/bisac.ts'
import { bookContributors } from '../config/contributors.ts'
import type { ImageAsset } from '../chapter.ts'
import { settledDate } from '../dates.ts'
import { volumeDescription, type BookDocument, type DocumentTarget } from '../render/index.ts'
import { applyPageMap, pageBreakId, type PageMap } from '../render/page-breaks.ts'
import type { Templates } from '../render/templates.ts'
import { epubImageData } from './images.ts'

export interface EpubInput {
  config: BookConfig
  volume: Volume
  documents: readonly BookDocument[]
  templates: Templates
  /** JPEG or PNG of the front cover, already on disk. */
  coverPath: string
  /** Every local image the documents show (by the `file:` URL they carry). */
  images: readonly ImageAsset[]
  /** The book's last modification: `dcterms:modified` and every zip entry's date. */
  modified: Date
  /**
   * A cover page (XHTML) first in the reading order, with the cover landmark (default true). Kindle
   * shows the cover image itself and wants no cover page, which would show the cover twice.
   */
  coverPage?: boolean
  /** Where the print book's pages begin: page markers, a page list, and the print edition as their source. */
  pageMap?: { map: PageMap; source: string }
}

export const tocTitle = 'Contents'

/** In the EPUB, every document is its own file, and every image is in images/. */
export const epubTarget: DocumentTarget = {
  chapterHref: (slug) => `ch-${slug}.xhtml`,
  documentHref: (id) => `${id}.xhtml`,
  imageSrc: (image) => epubImage(image).href,
}

const imageExtensions: Readonly<Record<string, string>> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/gif': 'gif', 'image/svg+xml': 'svg' }

/** An image's file in the EPUB: named after its path in the project, so the same in every build and on every machine. */
export function epubImage(image: ImageAsset): { id: string; href: string; mediaType: string } {
  const name = `img-${createHash('sha256').update(image.projectPath).digest('hex').slice(0, 16)}`
  const extension = imageExtensions[image.mediaType]
  if (!extension) throw new Error(`Image ${image.projectPath} reached packaging with media type ${image.mediaType}`)
  return { id: `image-${name}`, href: `images/${name}.${extension}`, mediaType: image.mediaType }
}

export async function packageEpub(input: EpubInput): Promise<Buffer> {
  const { config, volume, templates } = input
  const contributors = bookContributors(config)
  const hasImages = input.images.length > 0
  // epub-gen-memory names the cover file after its media type: `cover.jpeg` or `cover.png`.
  const coverExtension = /\.png$/i.test(input.coverPath) ? 'png' : 'jpeg'
  const paged = input.pageMap ? applyPageMap(input.documents, input.pageMap.map) : { documents: input.documents, pageList: [] }
  const documents = input.coverPage === false ? paged.documents : [coverDocument(input, coverExtension), ...paged.documents]
  const content = documents.map((document) => ({
    id: document.id,
    title: document.title,
    // Upstream re-serializes `content` (see the top of this file): the document goes in `xhtml`, which the
    // chapter template below prints as it is. Wrapped in templates/epub/document.xhtml.ejs here, because
    // upstream compiles its chapter template again for every document (ejs.render, no cache): ~10 ms of a
    // 52-chapter book.
    content: '',
    xhtml: templates.render('epub/document.xhtml.ejs', { lang: config.language, title: document.title, bodyClass: document.kind, content: document.html }),
    filename: `${document.id}.xhtml`,
    excludeFromToc: document.kind === 'titlepage' || document.kind === 'cover',
    beforeToc: document.kind === 'titlepage' || document.kind === 'copyright' || document.kind === 'cover',
    landmark: document.landmark,
    landmarkTitle: document.landmark === 'bodymatter' ? 'Start of content' : document.title,
    bodyClass: document.kind,
  }))
  // Reading order: cover, title page and copyright, then the contents, then the rest (Chicago's order).
  const navItem = { id: 'nav', filename: 'toc.xhtml', title: tocTitle, excludeFromToc: false }
  const spine = [...content.filter((item) => item.beforeToc), navItem, ...content.filter((item) => !item.beforeToc)]

  const options = {
    title: volume.title,
    author: config.editors,
    publisher: config.publisher,
    description: volumeDescription(volume),
    cover: pathToFileURL(input.coverPath).href,
    tocTitle,
    lang: config.language,
    css: templates.read('epub/style.css'),
    version: 3,
    verbose: false,
    prependChapterTitles: false,
    numberChaptersInTOC: false,
    ignoreFailedDownloads: false,
    fetchTimeout: 20_000,
    chapterXHTML: '<%- xhtml %>',
    contentOPF: templates.read('epub/content.opf.ejs'),
    tocNCX: templates.read('epub/toc.ncx.ejs'),
    tocXHTML: templates.read('epub/nav.xhtml.ejs'),
    // Read by our templates only.
    identifier: bookIdentifier(config, volume),
    subtitle: volume.subtitle ?? '',
    creators: contributors.primary,
    contributors: contributors.others,
    rights: `Copyright © ${config.copyrightYear ?? input.modified.getUTCFullYear()} ${config.publisher}. ${config.rights}`,
    published: latestPublished(volume),
    modified: input.modified.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    coverImage: true,
    spine,
    imageFiles: input.images.map(epubImage),
    accessibility: accessibilityMetadata(hasImages, paged.pageList.length > 0),
    subjects: config.subjects.map((code) => ({ code, heading: bisacSubjects.get(code) ?? code })),
    series: volume.series,
    printIsbn: volume.isbn.print ?? '',
    pageList: paged.pageList.map((entry) => ({ href: `${entry.document}.xhtml#${pageBreakId(entry.label)}`, label: entry.label })),
    // EPUB 3.2's way to name the print edition; EPUBCheck 4.2.6 refuses 3.3's newer `pageBreakSource` (OPF-027).
    pageBreakSource: paged.pageList.length > 0 ? input.pageMap!.source : '',
  }
  return new ReproducibleEpub(options, content, input.modified, input.images).genEpub()
}

class ReproducibleEpub extends EPub {
  private readonly entryDate: Date
  private readonly imageAssets: readonly ImageAsset[]

  constructor(options: ConstructorParameters<typeof EPub>[0], content: ConstructorParameters<typeof EPub>[1], entryDate: Date, images: readonly ImageAsset[]) {
    super(options, content)
    this.entryDate = entryDate
    this.imageAssets = images
  }

  /** The images, from the project, under their names (epubImage), the large ones resampled; none is fetched. */
  protected override async downloadAllImages(): Promise<void> {
    const folder = this.zip.folder('OEBPS')!
    for (const image of this.imageAssets) {
      folder.file(epubImage(image).href, (await epubImageData(image)) ?? (await readFile(image.absolutePath)))
    }
  }

  override async genEpub(): Promise<Buffer> {
    await this.render()
    // Zipped again, dated by the book (see the top of this file).
    const entries: { name: string; entry: JSZipObject }[] = []
    this.zip.forEach((name, entry) => {
      if (!entry.dir) entries.push({ name, entry })
    })
    // OCF: `mimetype` first, stored, no extra field (forceDosTimestamp leaves out yazl's timestamp field).
    entries.sort((a, b) => Number(b.name === 'mimetype') - Number(a.name === 'mimetype'))
    const zip = new ZipFile()
    for (const { name, entry } of entries) {
      // One entry at a time out of JSZip: all at once, its conversion buffers for a 520-chapter book take 150 MB.
      const data = await entry.async('nodebuffer')
      zip.addBuffer(data, name, { mtime: this.dosDate, mode: 0o100644, forceDosTimestamp: true, compress: name !== 'mimetype', compressionLevel: name === 'mimetype' ? 0 : 6 })
    }
    zip.end()
    const chunks: Buffer[] = []
    for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }

  /**
   * ZIP dates have no time zone, and yazl writes the local time of the date it is given: give it a date whose
   * local fields are the book's UTC fields, so that the bytes are the same in every time zone.
   */
  private get dosDate(): Date {
    const date = this.entryDate
    return new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds())
  }
}

/** The cover page: the cover image, full page, described for screen readers. */
function coverDocument(input: EpubInput, extension: string): EpubDocument {
  const { config, volume } = input
  const editors = config.editors.join(', ').replace(/, ([^,]*)$/, ' and $1')
  const alt = `Cover: ${volume.title}${volume.subtitle ? `, ${volume.subtitle}` : ''}, edited by ${editors}`
  return { id: 'cover', kind: 'cover', title: 'Cover', landmark: 'cover', html: input.templates.render('epub/cover.ejs', { src: `cover.${extension}`, alt }) }
}

/** A document of the EPUB: the rendered ones, and the cover page that only the EPUB has. */
type EpubDocument = Omit<BookDocument, 'kind'> & { kind: BookDocument['kind'] | 'cover' }

/** `urn:isbn:` when the e-book has an ISBN; else the configured identifier; else a UUID derived from the book's identity. */
export function bookIdentifier(config: BookConfig, volume: Volume): string {
  if (volume.isbn.ebook) return `urn:isbn:${volume.isbn.ebook}`
  if (config.identifier) return config.identifier
  const hash = createHash('sha256').update(`${config.publisher}\n${config.title}\n${volume.id}`).digest('hex')
  // A name-based UUID (version 5 layout) so that the same book keeps the same identifier across editions.
  const variant = ((parseInt(hash.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)
  return `urn:uuid:${hash.slice(0, 8)}-${hash.slice(8, 12)}-5${hash.slice(13, 16)}-${variant}${hash.slice(18, 20)}-${hash.slice(20, 32)}`
}

/** `dc:date`: the volume's own date, which one chapter dated far from the others (m-031) does not move. */
function latestPublished(volume: Volume): string {
  return settledDate(volume.chapters.map((chapter) => chapter.meta.published)) ?? ''
}

/** EPUB Accessibility 1.1 metadata: what the book offers and how it can be read. */
export function accessibilityMetadata(hasImages: boolean, pageList = false) {
  return {
    accessModes: hasImages ? ['textual', 'visual'] : ['textual'],
    accessModesSufficient: ['textual'],
    features: [
      'structuralNavigation',
      'tableOfContents',
      'readingOrder',
      'displayTransformability',
      ...(hasImages ? ['alternativeText'] : []),
      ...(pageList ? ['pageBreakMarkers', 'pageNavigation'] : []),
    ],
    summary:
      'This publication meets EPUB Accessibility 1.1 and WCAG 2.1 Level AA. Every chapter has a logical heading structure and the book has a navigable table of contents; ' +
      (hasImages ? 'every image has a text description; ' : '') +
      (pageList ? 'page numbers of the print edition are marked and listed; ' : '') +
      'reading order follows the print order; text can be resized and restyled by the reader. There are no known hazards.',
  }
}
