/**
 * Print step: the wrap cover in CMYK before Ghostscript's PDF/X conversion.
 * Chromium writes only RGB, and Ghostscript, converting a smooth shading
 * (the cover's gradient) to another colour space, draws it as a bitmap of at
 * most `MaxShadingBitmapSize` bytes: 22 ppi on a 6 × 9 in wrap. So the
 * colours are made CMYK here, in the PDF's own objects, and Ghostscript has
 * nothing to convert: the gradient stays vector art.
 *
 * - In every content stream (the page's, its forms' and tiling patterns'),
 *   `r g b rg` / `RG` and `v g` / `G` become `c m y k k` / `K`;
 * - every shading in DeviceRGB (axial and radial, with exponential or
 *   stitching functions, what Skia writes for CSS and SVG gradients)
 *   becomes DeviceCMYK, its stops separated.
 *
 * The CMYK of each colour comes from ink.ts (the profile, K-only greys, the
 * 240 % limit). Anything else in RGB (an image, a shading of another kind)
 * is a bug: the cover's template draws none.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream, type PDFContext, type PDFObject } from 'pdf-lib'
import type { Cmyk, Rgb } from './colour.ts'
import { separate, type Separation } from './ink.ts'
import { openPdf, savePdf } from './pdf-objects.ts'

export interface CmykCover {
  pdf: Uint8Array
  /** Each RGB colour the cover uses, with its CMYK and their difference. */
  separations: Separation[]
}

/** Colour operators with three (RGB) or one (grey) operands; the numbers as Skia writes them. */
const rgbOperator = /(?<=^|\s)(-?\d*\.?\d+)\s+(-?\d*\.?\d+)\s+(-?\d*\.?\d+)\s+(rg|RG)(?=\s|$)/g
const greyOperator = /(?<=^|\s)(-?\d*\.?\d+)\s+(g|G)(?=\s|$)/g

const key = (rgb: Rgb) => rgb.map((channel) => channel.toFixed(4)).join(' ')

export async function cmykCover(data: Uint8Array, options: { timeoutMs: number; signal?: AbortSignal }): Promise<CmykCover> {
  const document = await openPdf(data)
  const { context } = document
  const streams = new Map<PDFRef | PDFStream, string>()
  const shadings = new Set<PDFDict>()
  const seen = new Set<PDFObject>()
  for (const page of document.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'))
    for (const item of contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : []) collectStream(context, item, streams)
    collectResources(context, page.node.get(PDFName.of('Resources')), streams, shadings, seen)
  }

  const colours = new Map<string, Rgb>()
  const note = (rgb: Rgb) => colours.set(key(rgb), rgb)
  for (const text of streams.values()) {
    for (const match of text.matchAll(rgbOperator)) note([Number(match[1]), Number(match[2]), Number(match[3])])
    for (const match of text.matchAll(greyOperator)) note([Number(match[1]), Number(match[1]), Number(match[1])])
  }
  for (const shading of shadings) for (const stop of shadingStops(context, shading)) note(readRgb(context, stop.dict.get(PDFName.of(stop.name))))

  const separations = await separate([...colours.values()], options)
  const cmykOf = new Map(separations.map((separation) => [key(separation.rgb), separation.cmyk]))
  const cmyk = (rgb: Rgb): Cmyk => cmykOf.get(key(rgb))!
  const written = (values: Cmyk) => values.map((value) => Number(value.toFixed(4))).join(' ')

  for (const [target, text] of streams) {
    const rewritten = text
      .replace(rgbOperator, (_all, r: string, g: string, b: string, operator: string) => `${written(cmyk([Number(r), Number(g), Number(b)]))} ${operator === 'rg' ? 'k' : 'K'}`)
      .replace(greyOperator, (_all, value: string, operator: string) => `${written(cmyk([Number(value), Number(value), Number(value)]))} ${operator === 'g' ? 'k' : 'K'}`)
    const old = target instanceof PDFRef ? context.lookup(target, PDFStream) : target
    const replacement = context.flateStream(rewritten)
    for (const [name, value] of old.dict.entries()) if (!['Length', 'Filter', 'DecodeParms'].includes(name.asString().slice(1))) replacement.dict.set(name, value)
    if (target instanceof PDFRef) context.assign(target, replacement)
    else throw new Error('A content stream of the cover is not an indirect object')
  }
  for (const shading of shadings) {
    shading.set(PDFName.of('ColorSpace'), PDFName.of('DeviceCMYK'))
    // A shading's /Background, if any, is in its colour space too.
    const stops = [...shadingStops(context, shading), ...(shading.has(PDFName.of('Background')) ? [{ dict: shading, name: 'Background' }] : [])]
    for (const { dict, name } of stops) {
      const values = cmyk(readRgb(context, dict.get(PDFName.of(name))))
      dict.set(PDFName.of(name), context.obj(values.map((value) => Number(value.toFixed(4)))))
    }
  }
  return { pdf: await savePdf(document), separations }
}

/** A content stream's text, keyed by its reference (to replace it). */
function collectStream(context: PDFContext, item: PDFObject, streams: Map<PDFRef | PDFStream, string>): void {
  const target = item instanceof PDFRef ? item : undefined
  const stream = context.lookup(item)
  if (!(stream instanceof PDFRawStream) || !target || streams.has(target)) return
  streams.set(target, Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1'))
}

/** The forms, tiling patterns and shadings a resource dictionary reaches, recursively. */
function collectResources(context: PDFContext, resources: PDFObject | undefined, streams: Map<PDFRef | PDFStream, string>, shadings: Set<PDFDict>, seen: Set<PDFObject>): void {
  const dict = context.lookup(resources)
  if (!(dict instanceof PDFDict) || seen.has(dict)) return
  seen.add(dict)
  const entries = (name: string) => {
    const group = context.lookup(dict.get(PDFName.of(name)))
    return group instanceof PDFDict ? group.entries().map(([, value]) => value) : []
  }
  for (const value of [...entries('XObject'), ...entries('Pattern')]) {
    const object = context.lookup(value)
    if (object instanceof PDFRawStream) {
      const subtype = object.dict.get(PDFName.of('Subtype'))
      if (subtype === PDFName.of('Image')) {
        if (context.lookup(object.dict.get(PDFName.of('ColorSpace'))) !== PDFName.of('DeviceGray')) throw new Error('The cover has a colour image: it cannot be kept in CMYK without a conversion that rasterises it')
        continue
      }
      // A form XObject or a tiling pattern: a content stream with resources of its own.
      collectStream(context, value, streams)
      collectResources(context, object.dict.get(PDFName.of('Resources')), streams, shadings, seen)
    } else if (object instanceof PDFDict) {
      const shading = context.lookup(object.get(PDFName.of('Shading')))
      if (shading instanceof PDFDict) addShading(context, shading, shadings)
    }
  }
  for (const value of entries('Shading')) {
    const shading = context.lookup(value)
    if (shading instanceof PDFDict) addShading(context, shading, shadings)
  }
}

function addShading(context: PDFContext, shading: PDFDict, shadings: Set<PDFDict>): void {
  const space = context.lookup(shading.get(PDFName.of('ColorSpace')))
  if (space === PDFName.of('DeviceCMYK') || space === PDFName.of('DeviceGray')) return
  if (space !== PDFName.of('DeviceRGB')) throw new Error(`The cover has a shading in ${String(space)}`)
  shadings.add(shading)
}

/** Where the colours of a shading's exponential functions are (C0, C1), through stitching functions. */
function shadingStops(context: PDFContext, shading: PDFDict): { dict: PDFDict; name: string }[] {
  const stops: { dict: PDFDict; name: string }[] = []
  const visit = (object: PDFObject | undefined) => {
    const fn = context.lookup(object)
    const dict = fn instanceof PDFDict ? fn : fn instanceof PDFStream ? fn.dict : undefined
    if (!dict) throw new Error('A cover shading has no function')
    const type = context.lookup(dict.get(PDFName.of('FunctionType')))
    const kind = type instanceof PDFNumber ? type.asNumber() : -1
    if (kind === 2) {
      for (const name of ['C0', 'C1']) {
        if (!(context.lookup(dict.get(PDFName.of(name))) instanceof PDFArray)) throw new Error(`A cover shading's function has no ${name}`)
        stops.push({ dict, name })
      }
    } else if (kind === 3) {
      const parts = context.lookup(dict.get(PDFName.of('Functions')))
      for (const part of parts instanceof PDFArray ? parts.asArray() : []) visit(part)
    } else throw new Error(`A cover shading uses a function of type ${kind}; only exponential and stitching functions are separated`)
  }
  visit(shading.get(PDFName.of('Function')))
  return stops
}

function readRgb(context: PDFContext, object: PDFObject | undefined): Rgb {
  const array = context.lookup(object)
  const values = array instanceof PDFArray ? array.asArray().map((value) => context.lookup(value)) : []
  if (values.length < 3 || !values.every((value) => value instanceof PDFNumber)) throw new Error('A cover shading stop is not an RGB colour')
  return values.slice(0, 3).map((value) => (value as PDFNumber).asNumber()) as unknown as Rgb
}
