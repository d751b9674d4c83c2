/**
 * The render stage (cover art): the book's one cover design, the SVG of
 * templates/cover.svg.ejs with its text set in the book's own fonts as
 * outlines (svg-text.ts). It is drawn twice: as the e-book's cover, 1600 ×
 * 2560 px (package/cover.ts rasterises it), and as the front of the
 * paperback's wrap cover at the trim size, its background running on under
 * the spine and the back (print/cover.ts puts it into the wrap's page).
 */
import type { BookConfig, Volume } from '../config/index.ts'
import type { Templates } from './templates.ts'

export const coverTemplate = 'cover.svg.ejs'

/** The design is 1600 units wide; the e-book's cover is 1600 × 2560 px (KDP's recommended size and shape). */
export const designWidth = 1600
export const ebookCoverHeight = 2560

/**
 * Where the design is drawn, in design units: its height (the front's), the background's extent to the
 * left of the front (spine and back of a wrap) and past its other edges (bleed), and the SVG's own size.
 */
export interface CoverFrame {
  height: number
  left: number
  bleed: number
  /** The `<svg>`'s width and height attributes: pixels for the e-book, a CSS length for print. */
  width: string
  svgHeight: string
}

export const ebookFrame: CoverFrame = { height: ebookCoverHeight, left: 0, bleed: 0, width: String(designWidth), svgHeight: String(ebookCoverHeight) }

export interface CoverSvgInput {
  config: BookConfig
  volume: Volume
  templates: Templates
}

/** The cover's SVG, every text already drawn as outlines. fontkit is loaded only when a cover is drawn. */
export async function coverSvg(input: CoverSvgInput, frame: CoverFrame = ebookFrame): Promise<string> {
  const { svgText } = await import('./svg-text.ts')
  const { config, volume, templates } = input
  return templates.render(coverTemplate, {
    lang: config.language,
    title: volume.title,
    subtitle: volume.subtitle ?? '',
    editors: config.editors,
    publisher: config.publisher,
    volumeLabel: 'SpringBoard career profiles',
    careers: volume.chapters.map((chapter) => chapter.meta.title),
    frame,
    text: svgText,
  })
}
