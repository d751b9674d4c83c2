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
import type { DrawnText, TextBlock } from './svg-text.ts'

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
  /** Text blocks drawn before (the build cache): a weekly cover draws only what changed ("and 41 more"). */
  texts?: DrawnTexts
}

/** Drawn text blocks by the block itself (all the drawing depends on, with the fonts of the installed packages). */
export interface DrawnTexts {
  get(block: TextBlock): DrawnText | undefined
  set(block: TextBlock, drawn: DrawnText): void
}

/**
 * The cover's SVG, every text already drawn as outlines. fontkit is loaded only when a text is drawn; with
 * `texts`, each block drawn before is taken as it was drawn.
 */
export async function coverSvg(input: CoverSvgInput, frame: CoverFrame = ebookFrame): Promise<string> {
  const { config, volume, templates, texts } = input
  const render = (text: (block: TextBlock) => DrawnText) =>
    templates.render(coverTemplate, {
      lang: config.language,
      title: volume.title,
      subtitle: volume.subtitle ?? '',
      editors: config.editors,
      publisher: config.publisher,
      volumeLabel: 'SpringBoard career profiles',
      careers: volume.chapters.map((chapter) => chapter.meta.title),
      frame,
      text,
    })
  // The template calls text() synchronously. With drawn texts, a first pass takes them (each looked up once);
  // only when one is missing is fontkit loaded and the template rendered again, drawing what it lacks.
  const found = new Map<string, DrawnText>()
  if (texts) {
    let missing = false
    const svg = render((block) => {
      const drawn = texts.get(block)
      if (drawn) found.set(JSON.stringify(block), drawn)
      else missing = true
      return drawn ?? { svg: '', lines: 1, bottom: block.y }
    })
    if (!missing) return svg
  }
  const { svgText } = await import('./svg-text.ts')
  return render((block) => {
    const known = found.get(JSON.stringify(block))
    if (known) return known
    const drawn = svgText(block)
    texts?.set(block, drawn)
    return drawn
  })
}
