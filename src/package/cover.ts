/**
 * The package stage (EPUB cover): the front cover when the config names no
 * cover art. The book's cover design (render/cover.ts: templates/cover.svg.ejs,
 * its text set in the book's own fonts) is rendered by resvg at 1600 × 2560
 * px (KDP's recommended size and shape) and encoded by sharp as a JPEG. No
 * browser: an EPUB builds on a machine without Chromium.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { coverSvg, designWidth, ebookCoverHeight, type CoverSvgInput, type DrawnTexts } from '../render/cover.ts'

export const coverSize = { width: designWidth, height: ebookCoverHeight } as const

export type CoverInput = CoverSvgInput

// resvg and sharp are loaded when a cover is drawn: a build with cover art, or `check`, never needs them.

export async function renderCover(input: CoverInput): Promise<Buffer> {
  return renderSvg(await coverSvg(input))
}

async function renderSvg(svg: string): Promise<Buffer> {
  const [{ Resvg }, { default: sharp }] = await Promise.all([import('@resvg/resvg-js'), import('sharp')])
  // No system fonts: the template's text is outlines already, so nothing may depend on the machine.
  const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: coverSize.width }, font: { loadSystemFonts: false } }).render()
  if (rendered.width !== coverSize.width || rendered.height !== coverSize.height) {
    throw new Error(`The cover template must be ${coverSize.width} × ${coverSize.height} px; it is ${rendered.width} × ${rendered.height}`)
  }
  // A build makes each image once: libvips's operation cache (for the whole process) would only hold memory.
  sharp.cache(false)
  // RGB, no alpha, no metadata: what KDP asks of a cover, and the same bytes for the same SVG. (`pixels` is
  // already a Buffer of its own: no copy, 16 MB at this size.)
  return sharp(rendered.pixels, { raw: { width: rendered.width, height: rendered.height, channels: 4 } })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 90 })
    .toBuffer()
}

/** Drawn covers kept between builds: the build cache (src/cache/covers.ts), by what the cover shows, and its drawn texts. */
export interface CoverCache {
  get(svg: string): Uint8Array | undefined
  set(svg: string, jpeg: Uint8Array): void
  texts?: DrawnTexts
}

/**
 * The cover as a JPEG file in `workDir`, drawn once a build (`covers`: this
 * build's, by the hash of the SVG) and taken from `cache` when an earlier
 * build drew the same.
 */
export async function renderCoverFile(input: CoverInput & { workDir: string; covers?: Map<string, string>; cache?: CoverCache }): Promise<string> {
  const svg = await coverSvg({ ...input, texts: input.cache?.texts })
  const key = createHash('sha256').update(svg).digest('hex')
  const done = input.covers?.get(key)
  if (done && existsSync(done)) return done
  let image = input.cache?.get(svg)
  if (!image) {
    image = await renderSvg(svg)
    input.cache?.set(svg, image)
  }
  const file = path.join(input.workDir, key.slice(0, 16), 'cover.jpg')
  await mkdir(path.dirname(file), { recursive: true })
  // Written aside and renamed: an EPUB packaged meanwhile (the store editions) reads all of it or none.
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, image)
  await rename(temporary, file)
  input.covers?.set(key, file)
  return file
}
