/**
 * Print helper: the cover's colours, and their CMYK for the PDF/X cover.
 *
 * The cover is designed in RGB (the e-book's cover and KDP's wrap, which
 * KDP converts itself). For the PDF/X cover each colour it uses is
 * separated through a real CMYK profile, Ghostscript's default_cmyk.icc
 * (Artifex's SWOP-based profile, shipped with Ghostscript and found where
 * Ghostscript keeps it: pdfx.ts), by Ghostscript itself (lcms2, relative
 * colorimetric intent), with two corrections a printer asks for:
 *
 * - greys, black and white are K only (the barcode, the text): the K tint
 *   whose print looks most like the grey;
 * - no colour above IngramSpark's 240 % total ink: for one the profile
 *   separates heavier (the gradient's deep end, about 265 %), the
 *   candidates with less cyan, magenta and yellow and more black are
 *   printed through the profile, and the one nearest in CIEDE2000 within
 *   the limit is kept.
 *
 * Every candidate is judged the same way: Ghostscript renders it through
 * the profile back to sRGB, and colour.ts compares it with the RGB colour.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { deltaE2000, labFromRgb, totalInk, type Cmyk, type Rgb } from './colour.ts'
import { findOutputProfile, ghostscript } from './pdfx.ts'

export interface CoverPalette {
  /** The background, and the lighter and deeper ends of its gradient. */
  ground: string
  groundLight: string
  groundDeep: string
  /** The band, the kickers and the publisher's name. */
  accent: string
}

/** The cover's colours (templates/cover.svg.ejs draws the front with the same). */
export const rgbPalette: CoverPalette = { ground: '#0e4b5a', groundLight: '#12606f', groundDeep: '#0a3440', accent: '#f2b134' }

/** IngramSpark's limit on total ink, in percent (File Creation Guide). */
export const maxTotalInk = 240

export interface Separation {
  rgb: Rgb
  cmyk: Cmyk
  /** CIEDE2000 between the RGB colour and the CMYK one printed through the profile. */
  deltaE: number
}

/** Candidates tried for a colour the profile separates above the limit: CMY scaled down, K added. */
const cmyScales = Array.from({ length: 26 }, (_, index) => 1 - index * 0.02)
const blackAdded = Array.from({ length: 31 }, (_, index) => index * 0.02)
/** K tints tried for a grey. */
const blackTints = Array.from({ length: 201 }, (_, index) => index / 200)

/** Each colour's CMYK through the profile, K only for greys, within the ink limit; keyed as given. */
export async function separate(colours: readonly Rgb[], options: { timeoutMs: number; signal?: AbortSignal }): Promise<Separation[]> {
  if (colours.length === 0) return []
  const profile = await findOutputProfile()
  const dir = await mkdtemp(path.join(os.tmpdir(), 'springboard-ink-'))
  try {
    const run = (program: string, device: string[], name: string) => renderPatches(dir, name, program, [...device, `--permit-file-read=${path.dirname(profile)}${path.sep}`], options)
    // 1. The profile's separation of each colour.
    const separated = await run(patches(colours.map((rgb) => `${rgb.map(fixed).join(' ')} setrgbcolor`)), ['-sDEVICE=bitcmyk', '-dGrayValues=256', `-sOutputICCProfile=${profile}`], 'rgb')
    const profiled = colours.map((_, index): Cmyk => [0, 1, 2, 3].map((channel) => separated[index * 4 + channel]! / 255) as unknown as Cmyk)
    // 2. The candidates of each colour, printed through the profile back to sRGB.
    const candidates = colours.map((rgb, index) => {
      if (rgb[0] === rgb[1] && rgb[1] === rgb[2]) return blackTints.map((k): Cmyk => [0, 0, 0, k])
      const [c, m, y, k] = profiled[index]!
      if (totalInk(profiled[index]!) <= maxTotalInk) return [profiled[index]!]
      return cmyScales.flatMap((scale) => blackAdded.map((added): Cmyk => [c * scale, m * scale, y * scale, Math.min(1, k + added)])).filter((candidate) => totalInk(candidate) <= maxTotalInk)
    })
    const flat = candidates.flat()
    const printed = await run(patches(flat.map((cmyk) => `${cmyk.map(fixed).join(' ')} setcmykcolor`)), ['-sDEVICE=ppmraw', `-sDefaultCMYKProfile=${profile}`], 'cmyk')
    const body = printed.subarray(printed.length - flat.length * 3)
    let at = 0
    return colours.map((rgb, index) => {
      const target = labFromRgb(rgb)
      let best: Separation | undefined
      for (const cmyk of candidates[index]!) {
        const seen: Rgb = [body[at * 3]! / 255, body[at * 3 + 1]! / 255, body[at * 3 + 2]! / 255]
        at++
        const deltaE = deltaE2000(target, labFromRgb(seen))
        if (!best || deltaE < best.deltaE) best = { rgb, cmyk, deltaE }
      }
      return best!
    })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const fixed = (value: number) => value.toFixed(4)

/** A PostScript page of one 1 × 1 pt patch per colour, side by side. */
function patches(settings: readonly string[]): string {
  return `%!PS\n<< /PageSize [${settings.length} 1] >> setpagedevice\n${settings.map((setting, index) => `${setting} ${index} 0 1 1 rectfill`).join('\n')}\nshowpage\n`
}

/** Render a patch page at 72 dpi (a pixel per patch) with Ghostscript, and return the raw output. */
async function renderPatches(dir: string, name: string, program: string, device: string[], options: { timeoutMs: number; signal?: AbortSignal }): Promise<Buffer> {
  const source = path.join(dir, `${name}.ps`)
  const output = path.join(dir, `${name}.out`)
  await writeFile(source, program)
  await ghostscript(['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-r72', '-dRenderIntent=1', ...device, `-sOutputFile=${output}`, source], process.env, options.timeoutMs, options.signal)
  return readFile(output)
}
