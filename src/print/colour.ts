/**
 * Print helper: colour arithmetic for the cover's CMYK separation and for
 * verify's comparison of the two covers. sRGB (IEC 61966-2-1) to CIELAB
 * under D65, and the CIEDE2000 colour difference (Sharma, Wu and Dalal,
 * "The CIEDE2000 Color-Difference Formula", 2005, whose test data the unit
 * test uses).
 */

export type Rgb = readonly [r: number, g: number, b: number]
export type Lab = readonly [l: number, a: number, b: number]
/** A colour as CMYK fractions (0–1 each). */
export type Cmyk = readonly [c: number, m: number, y: number, k: number]

const white = [0.95047, 1, 1.08883] as const

/** sRGB, 0–1 per channel, to CIELAB (D65 white). */
export function labFromRgb(rgb: Rgb): Lab {
  const [r, g, b] = rgb.map((channel) => (channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4)) as [number, number, number]
  const xyz = [0.4124564 * r + 0.3575761 * g + 0.1804375 * b, 0.2126729 * r + 0.7151522 * g + 0.072175 * b, 0.0193339 * r + 0.119192 * g + 0.9503041 * b]
  const [fx, fy, fz] = xyz.map((value, index) => {
    const t = value / white[index]!
    return t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116
  }) as [number, number, number]
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)]
}

const degrees = (radians: number) => (radians * 180) / Math.PI
const radians = (degrees: number) => (degrees * Math.PI) / 180

/** CIEDE2000 (kL = kC = kH = 1). */
export function deltaE2000(first: Lab, second: Lab): number {
  const [l1, a1, b1] = first
  const [l2, a2, b2] = second
  const meanC = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2
  const g = 0.5 * (1 - Math.sqrt(meanC ** 7 / (meanC ** 7 + 25 ** 7)))
  const [a1p, a2p] = [(1 + g) * a1, (1 + g) * a2]
  const [c1p, c2p] = [Math.hypot(a1p, b1), Math.hypot(a2p, b2)]
  const hue = (b: number, a: number) => (b === 0 && a === 0 ? 0 : (degrees(Math.atan2(b, a)) + 360) % 360)
  const [h1p, h2p] = [hue(b1, a1p), hue(b2, a2p)]
  const dLp = l2 - l1
  const dCp = c2p - c1p
  let dhp = 0
  if (c1p * c2p !== 0) dhp = Math.abs(h2p - h1p) <= 180 ? h2p - h1p : h2p - h1p > 180 ? h2p - h1p - 360 : h2p - h1p + 360
  const dHp = 2 * Math.sqrt(c1p * c2p) * Math.sin(radians(dhp / 2))
  const meanL = (l1 + l2) / 2
  const meanCp = (c1p + c2p) / 2
  let meanHp = h1p + h2p
  if (c1p * c2p !== 0) meanHp = Math.abs(h1p - h2p) <= 180 ? (h1p + h2p) / 2 : h1p + h2p < 360 ? (h1p + h2p + 360) / 2 : (h1p + h2p - 360) / 2
  const t = 1 - 0.17 * Math.cos(radians(meanHp - 30)) + 0.24 * Math.cos(radians(2 * meanHp)) + 0.32 * Math.cos(radians(3 * meanHp + 6)) - 0.2 * Math.cos(radians(4 * meanHp - 63))
  const sl = 1 + (0.015 * (meanL - 50) ** 2) / Math.sqrt(20 + (meanL - 50) ** 2)
  const sc = 1 + 0.045 * meanCp
  const sh = 1 + 0.015 * meanCp * t
  const rt = -2 * Math.sqrt(meanCp ** 7 / (meanCp ** 7 + 25 ** 7)) * Math.sin(radians(60 * Math.exp(-(((meanHp - 275) / 25) ** 2))))
  return Math.sqrt((dLp / sl) ** 2 + (dCp / sc) ** 2 + (dHp / sh) ** 2 + rt * (dCp / sc) * (dHp / sh))
}

/** Total ink of a CMYK colour, in percent. */
export function totalInk(colour: Cmyk): number {
  return (colour[0] + colour[1] + colour[2] + colour[3]) * 100
}
