/**
 * What src/package/epub.ts relies on in epub-gen-memory beyond its documented options, held against the
 * exact version package.json pins (see the top of epub.ts). An upgrade that changes any of it fails here:
 * - every option and chapter field we add reaches our templates (the OPF's identifier and date, the
 *   documents in the `xhtml` field, printed as they are: `start` on a list, non-ASCII characters);
 * - images enter the book only through `downloadAllImages`, under our names, the large ones resampled;
 *   upstream adds no image of its own (a random UUID name) and no file we do not know of;
 * - `render()` leaves every file in its `zip`: the EPUB we zip again has exactly the files listed here,
 *   `mimetype` first and stored, each dated by the book, and the same sources give the same bytes.
 * The library runs for real; nothing is mocked.
 */
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import JSZip from 'jszip'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveVolumes } from '../src/config/index.ts'
import { lintBook } from '../src/lint.ts'
import { bookIdentifier, epubImage, epubTarget, packageEpub, type EpubInput } from '../src/package/epub.ts'
import { epubImageLongSide } from '../src/package/images.ts'
import { uniqueImages } from '../src/package/volume-epub.ts'
import { renderDocuments, Templates } from '../src/render/index.ts'
import { makeBook, projectRoot, validChapter } from './helpers/book.ts'
import { cleanSvg } from '../src/images/svg.ts'

const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
const installed = JSON.parse(readFileSync(path.join(projectRoot, 'node_modules/epub-gen-memory/package.json'), 'utf8')) as { version: string }

const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#246"/></svg>'
const modified = new Date('2026-01-05T10:20:30Z')

let root: string
let input: EpubInput
let epub: Buffer
let zip: JSZip

beforeAll(async () => {
  const wide = await sharp({ create: { width: 2400, height: 300, channels: 3, background: '#8ac' } }).png().toBuffer()
  const cover = await sharp({ create: { width: 160, height: 240, channels: 3, background: '#246' } }).jpeg().toBuffer()
  const chapter = validChapter({ append: '\nThe café’s naïve “smart” quotes — kept as written.\n\n3. third\n4. fourth\n\n![A wide chart](../assets/wide.png)\n\n![A logo](../assets/logo.svg)\n' })
  root = await makeBook({ '2026-01-05-medical-records-director.md': chapter }, { files: { 'assets/wide.png': wide, 'assets/logo.svg': svg, 'cover.jpg': cover } })
  const lint = await lintBook(root)
  expect(lint.files.flatMap((file) => file.messages.map(String))).toEqual([])
  const config = lint.config!
  const volume = resolveVolumes(config, lint.chapters.map((transformed) => transformed.chapter))[0]!
  const templates = new Templates(root)
  const documents = renderDocuments({ config, volume, chapters: lint.chapters, introduction: lint.introduction!, templates, target: epubTarget })
  input = { config, volume, documents, templates, coverPath: path.join(root, 'cover.jpg'), images: uniqueImages(lint.chapters), modified }
  epub = await packageEpub(input)
  zip = await JSZip.loadAsync(epub)
}, 60_000)

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true })
})

describe('epub-gen-memory, as src/package/epub.ts uses it', () => {
  it('is pinned to one exact version, the one installed', () => {
    expect(manifest.dependencies['epub-gen-memory']).toMatch(/^\d+\.\d+\.\d+$/)
    expect(installed.version).toBe(manifest.dependencies['epub-gen-memory'])
  })

  it('writes exactly the files we know of, mimetype first and stored, each dated by the book', () => {
    const names = Object.keys(zip.files).filter((name) => !zip.files[name]!.dir)
    const images = input.images.map((image) => `OEBPS/${epubImage(image).href}`)
    const documents = ['cover', ...input.documents.map((document) => document.id)].map((id) => `OEBPS/${id}.xhtml`)
    expect(names[0]).toBe('mimetype')
    expect(names.sort()).toEqual(
      ['mimetype', 'META-INF/container.xml', 'OEBPS/content.opf', 'OEBPS/toc.ncx', 'OEBPS/toc.xhtml', 'OEBPS/style.css', 'OEBPS/cover.jpeg', ...documents, ...images].sort(),
    )
    // The first local header: `mimetype`, stored (method 0), no extra field (OCF).
    expect(epub.readUInt32LE(0)).toBe(0x04034b50)
    expect(epub.readUInt16LE(8)).toBe(0)
    expect(epub.readUInt16LE(28)).toBe(0)
    expect(epub.subarray(30, 38).toString('latin1')).toBe('mimetype')
    // ZIP dates have a two-second resolution and no zone: the book's UTC time, whatever the machine's zone.
    for (const name of names) {
      const date = zip.files[name]!.date
      const local = new Date(date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds())
      const utcFields = Date.UTC(local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes(), local.getSeconds())
      expect([date.getTime(), utcFields]).toContain(Date.UTC(2026, 0, 5, 10, 20, 30))
    }
  })

  it('gives the same bytes for the same sources', async () => {
    expect((await packageEpub(input)).equals(epub)).toBe(true)
  })

  it('hands our options to our templates (the OPF has our identifier and date, no random one)', async () => {
    const opf = await zip.file('OEBPS/content.opf')!.async('string')
    expect(opf).toContain(`<dc:identifier id="book-id">${bookIdentifier(input.config, input.volume)}</dc:identifier>`)
    expect(opf).toContain('<meta property="dcterms:modified">2026-01-05T10:20:30Z</meta>')
    expect(opf).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) // upstream's uuid(): version 4
  })

  it('keeps each document as we wrote it: the list\'s start, the characters, the image paths', async () => {
    const chapter = input.documents.find((document) => document.kind === 'chapter')!
    const xhtml = await zip.file(`OEBPS/${chapter.id}.xhtml`)!.async('string')
    expect(xhtml).toBe(input.templates.render('epub/document.xhtml.ejs', { lang: input.config.language, title: chapter.title, bodyClass: chapter.kind, content: chapter.html }))
    expect(xhtml).toMatch(/<ol start="3">/)
    expect(xhtml).toContain('The café’s naïve “smart” quotes — kept as written.')
    for (const image of input.images) expect(xhtml).toContain(`src="${epubImage(image).href}"`)
  })

  it('carries our images only, named after their place in the project, the large one resampled', async () => {
    const opf = await zip.file('OEBPS/content.opf')!.async('string')
    const listed = [...opf.matchAll(/href="(images\/[^"]+)"/g)].map((match) => match[1])
    expect(listed).toEqual(input.images.map((image) => epubImage(image).href))
    expect(input.images.map((image) => image.projectPath).sort()).toEqual(['assets/logo.svg', 'assets/wide.png'])
    const wide = input.images.find((image) => image.projectPath === 'assets/wide.png')!
    const { width } = await sharp(await zip.file(`OEBPS/${epubImage(wide).href}`)!.async('nodebuffer')).metadata()
    expect(width).toBe(epubImageLongSide)
    const logo = input.images.find((image) => image.projectPath === 'assets/logo.svg')!
    // The SVG as check cleaned it (src/images/svg.ts): the same drawing, rewritten from the allow-list.
    const cleaned = cleanSvg(Buffer.from(svg))
    expect(cleaned.ok).toBe(true)
    expect(await zip.file(`OEBPS/${epubImage(logo).href}`)!.async('string')).toBe(cleaned.ok ? cleaned.svg : '')
    expect(epubImage(wide).href).toMatch(/^images\/img-[0-9a-f]{16}\.png$/)
  })
})
