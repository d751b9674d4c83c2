/**
 * Print helper: the cover's colours. The RGB cover (KDP's, which KDP
 * converts itself) keeps the book's screen colours. The PDF/X cover's are
 * chosen in CMYK, each well under IngramSpark's 240 % total ink, and handed
 * to Chromium as the RGB that Ghostscript's PostScript conversion (full
 * black generation and under-colour removal, see pdfx.ts) turns back into
 * exactly that CMYK: c = 1 − r − k and so on, with k = min(1 − r, 1 − g,
 * 1 − b). That works for any CMYK with one of C, M, Y at 0 and no channel
 * plus K above 100 %, which every colour here keeps to.
 */

/** A colour as CMYK fractions (0–1 each). */
export type Cmyk = readonly [c: number, m: number, y: number, k: number]

export interface CoverPalette {
  /** The background, and the lighter and deeper ends of its gradient. */
  ground: string
  groundLight: string
  groundDeep: string
  /** The band, the kickers and the publisher's name. */
  accent: string
}

/** The screen and KDP cover, as it has always been. */
export const rgbPalette: CoverPalette = { ground: '#0e4b5a', groundLight: '#12606f', groundDeep: '#0a3440', accent: '#f2b134' }

/** The PDF/X cover in CMYK: a deep teal (at most 114 %) and a warm yellow (115 %); white and black text are K only. */
export const pdfxCmyk: Record<keyof CoverPalette, Cmyk> = {
  ground: [0.52, 0, 0.14, 0.48],
  groundLight: [0.56, 0, 0.14, 0.4],
  groundDeep: [0.44, 0, 0.12, 0.56],
  accent: [0, 0.3, 0.85, 0],
}

/** IngramSpark's limit on total ink, in percent (File Creation Guide). */
export const maxTotalInk = 240

export function totalInk(colour: Cmyk): number {
  return Math.round(colour.reduce((sum, channel) => sum + channel, 0) * 1000) / 10
}

/** The RGB that Ghostscript's PostScript conversion (full black generation and under-colour removal) makes `colour` of. */
export function rgbForCmyk(colour: Cmyk): string {
  const [c, m, y, k] = colour
  if (Math.min(c, m, y) !== 0 || Math.max(c, m, y) + k > 1) throw new Error(`CMYK ${colour.join(' ')} cannot come out of a conversion with full under-colour removal`)
  return `#${[c, m, y].map((channel) => Math.round((1 - channel - k) * 255).toString(16).padStart(2, '0')).join('')}`
}

export function pdfxPalette(): CoverPalette {
  return {
    ground: rgbForCmyk(pdfxCmyk.ground),
    groundLight: rgbForCmyk(pdfxCmyk.groundLight),
    groundDeep: rgbForCmyk(pdfxCmyk.groundDeep),
    accent: rgbForCmyk(pdfxCmyk.accent),
  }
}
