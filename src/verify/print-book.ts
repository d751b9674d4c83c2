/**
 * Stage 6, verify (the printed book as a whole, issue 27): what holds the
 * KDP and PDF/X files of one volume together, and what a preflight flags.
 *
 * - o-040: the KDP interior's page count is even;
 * - o-041: the KDP and PDF/X interiors have the same page count;
 * - o-042: every raster image on a PDF/X cover is 300 ppi or more at its
 *   printed size (`pdfimages -list`; the cover is vector art, so none);
 * - o-043: no word hyphenated across a page turn, in either interior
 *   (typesetting.ts, from pdftotext);
 * - o-044: the PDF/X cover looks like the RGB one. Both are rendered to
 *   sRGB by Ghostscript at the same size, the CMYK one through its own
 *   output intent (`-dUsePDFX3Profile`); the median of the per-pixel
 *   CIEDE2000 differences is the difference of the cover's main colour (the
 *   ground covers most of the wrap). The bound, 2.0, is well inside the
 *   3.5 ΔE00 that ISO 12647-2:2013 allows a press on its solid inks: the
 *   conversion may use about half of what a print run may drift.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { EnvironmentError } from '../errors.ts'
import { deltaE2000, labFromRgb } from '../print/colour.ts'
import { checkLine, type VerifyLine } from './line.ts'
import { pdfInfo } from './pdf.ts'
import { tool } from './pdfx.ts'
import { verifyPageTurns } from './typesetting.ts'

const run = promisify(execFile)

/** The least resolution of a raster image on a printed cover (KDP's and IngramSpark's preflights). */
export const minimumPpi = 300

/** The most the PDF/X cover's main colour may differ from the RGB cover's, as the median ΔE00 over the cover. */
export const maxCoverDeltaE = 2.0

/** The checks of each volume's print files, by the names the build gives them. */
export async function verifyPrintBooks(files: readonly string[]): Promise<VerifyLine[]> {
  const lines: VerifyLine[] = []
  const has = (file: string) => files.includes(file)
  for (const print of files.filter((file) => file.endsWith('-print.pdf'))) {
    const base = print.slice(0, -'-print.pdf'.length)
    const pages = (await pdfInfo(print)).pages
    lines.push(checkLine(print, 'even page count', pages % 2 === 0, `${pages} pages`, 'o-040', `The interior has ${pages} pages, an odd count`))
    lines.push(await verifyPageTurns(print))
    if (has(`${base}-print-pdfx.pdf`)) {
      const pdfx = `${base}-print-pdfx.pdf`
      const pdfxPages = (await pdfInfo(pdfx)).pages
      lines.push(checkLine(pdfx, 'the same pages as the KDP interior', pdfxPages === pages, `${pdfxPages} pages, the KDP interior ${pages}`, 'o-041', `The PDF/X interior has ${pdfxPages} pages, the KDP interior (${path.basename(print)}) ${pages}`))
      lines.push(await verifyPageTurns(pdfx))
    }
  }
  for (const cover of files.filter((file) => file.endsWith('-cover-pdfx.pdf'))) {
    lines.push(await verifyCoverImages(cover))
    const rgb = `${cover.slice(0, -'-cover-pdfx.pdf'.length)}-cover.pdf`
    if (has(rgb)) lines.push(await verifyCoverColour(rgb, cover))
  }
  return lines
}

/** o-042: `pdfimages -list`, every image's x-ppi and y-ppi at least 300. */
export async function verifyCoverImages(file: string): Promise<VerifyLine> {
  const listing = await pdfimages(file)
  const images = listing
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 14 && /^\d+$/.test(fields[0]!))
    .map((fields) => ({ page: Number(fields[0]), width: Number(fields[3]), height: Number(fields[4]), ppi: Math.min(Number(fields[12]), Number(fields[13])) }))
  const low = images.filter((image) => image.ppi < minimumPpi)
  const detail = images.length === 0 ? 'no raster images (vector art)' : `${images.length} images, the least ${Math.min(...images.map((image) => image.ppi))} ppi`
  const problem = low.map((image) => `${image.width} × ${image.height} px at ${image.ppi} ppi`).join(', ')
  return checkLine(file, `images ≥ ${minimumPpi} ppi`, low.length === 0, detail, 'o-042', `Raster images under ${minimumPpi} ppi: ${problem}`)
}

/** o-044: the median per-pixel CIEDE2000 between the RGB cover and the PDF/X cover, both rendered to sRGB. */
export async function verifyCoverColour(rgbCover: string, cmykCover: string): Promise<VerifyLine> {
  const { median, p95 } = await coverDifference(rgbCover, cmykCover)
  const detail = `ΔE00 (CIEDE2000) against ${path.basename(rgbCover)}: median ${median.toFixed(2)} (bound ${maxCoverDeltaE}), 95th percentile ${p95.toFixed(2)}`
  return checkLine(cmykCover, 'colour as the RGB cover', median <= maxCoverDeltaE, detail, 'o-044', `The PDF/X cover's main colour differs from the RGB cover's by ΔE00 ${median.toFixed(2)}; at most ${maxCoverDeltaE}`)
}

/** Both covers rendered by Ghostscript to the same pixel size in sRGB; the per-pixel ΔE00's median and 95th percentile. */
export async function coverDifference(rgbCover: string, cmykCover: string): Promise<{ median: number; p95: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'springboard-cover-colour-'))
  try {
    const render = async (file: string, name: string) => {
      const output = path.join(dir, `${name}.ppm`)
      await tool('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=ppmraw', '-dUsePDFX3Profile', '-dFIXEDMEDIA', '-dPDFFitPage', '-g240x180', '-dFirstPage=1', '-dLastPage=1', `-sOutputFile=${output}`, file])
      const data = await readFile(output)
      return data.subarray(data.length - 240 * 180 * 3)
    }
    const [first, second] = [await render(rgbCover, 'rgb'), await render(cmykCover, 'cmyk')]
    const differences: number[] = []
    for (let index = 0; index < first.length; index += 3) {
      const pixel = (data: Buffer) => [data[index]! / 255, data[index + 1]! / 255, data[index + 2]! / 255] as const
      differences.push(deltaE2000(labFromRgb(pixel(first)), labFromRgb(pixel(second))))
    }
    differences.sort((a, b) => a - b)
    return { median: differences[Math.floor(differences.length / 2)]!, p95: differences[Math.floor(differences.length * 0.95)]! }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function pdfimages(file: string): Promise<string> {
  try {
    const { stdout } = await run('pdfimages', ['-list', file], { maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' })
    return stdout
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new EnvironmentError('pdfimages is not installed', 'Install poppler (Debian/Ubuntu: `sudo apt-get install poppler-utils`; macOS: `brew install poppler`).')
    throw error
  }
}
