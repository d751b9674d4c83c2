/**
 * Stage 5, package (EPUB cover): the front cover when the config names no
 * cover art. templates/cover.svg.ejs is filled in, its text set in the
 * book's own fonts (render/svg-text.ts), rendered by resvg at 1600 × 2560 px
 * (KDP's recommended size and shape) and encoded by sharp as a JPEG. No
 * browser: an EPUB builds on a machine without Chromium.
 */
import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Resvg } from '@resvg/resvg-js'
import sharp from 'sharp'
import type { BookConfig, Volume } from '../config/index.ts'
import { svgText } from '../render/svg-text.ts'
import type { Templates } from '../render/templates.ts'

export const coverSize = { width: 1600, height: 2560 } as const

export const coverTemplate = 'cover.svg.ejs'

export interface CoverInput {
  config: BookConfig
  volume: Volume
  templates: Templates
}

/** The cover's SVG, every text already drawn as outlines. */
export function coverSvg(input: CoverInput): string {
  const { config, volume, templates } = input
  return templates.render(coverTemplate, {
    lang: config.language,
    title: volume.title,
    subtitle: volume.subtitle ?? '',
    editors: config.editors,
    publisher: config.publisher,
    volumeLabel: 'SpringBoard career profiles',
    careers: volume.chapters.map((chapter) => chapter.meta.title),
    text: svgText,
  })
}

export async function renderCover(input: CoverInput): Promise<Buffer> {
  const svg = coverSvg(input)
  // No system fonts: the template's text is outlines already, so nothing may depend on the machine.
  const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: coverSize.width }, font: { loadSystemFonts: false } }).render()
  if (rendered.width !== coverSize.width || rendered.height !== coverSize.height) {
    throw new Error(`The cover template must be ${coverSize.width} × ${coverSize.height} px; it is ${rendered.width} × ${rendered.height}`)
  }
  // RGB, no alpha, no metadata: what KDP asks of a cover, and the same bytes for the same SVG.
  return sharp(rendered.asPng()).flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer()
}

/**
 * The cover as a JPEG file under `workDir`. With a `cache` (the dev server
 * keeps one between rebuilds) a cover is rendered once for the titles it
 * shows and the template it is drawn from.
 */
export async function renderCoverFile(input: CoverInput & { workDir: string; cache?: Map<string, string> }): Promise<string> {
  const { volume, templates } = input
  const key = createHash('sha256')
    .update(JSON.stringify([volume.title, volume.subtitle, volume.chapters.map((c) => c.meta.title), input.config.editors, input.config.publisher, templates.read(coverTemplate)]))
    .digest('hex')
  const cached = input.cache?.get(key)
  if (cached) return cached
  const dir = path.join(input.workDir, key.slice(0, 16))
  await mkdir(dir, { recursive: true })
  const file = path.join(dir, 'cover.jpg')
  await writeFile(file, await renderCover(input))
  input.cache?.set(key, file)
  return file
}
