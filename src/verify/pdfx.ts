/**
 * Stage 6, verify (PDF/X): what a prepress operator measures, with the
 * tools one uses (no PDF/X validator runs offline here, so each rule that
 * can be measured is):
 *
 * - page boxes (`pdfinfo -box`): a TrimBox and a BleedBox on every page,
 *   the trim the config's (interior) or back + spine + front (cover);
 * - the output intent (`qpdf --qdf`): `/OutputIntents` with `/S /GTS_PDFX`,
 *   and `pdfinfo`'s PDF/X subtype;
 * - the interior: no cyan, magenta or yellow on any page (`gs -sDEVICE=
 *   inkcov`), every mark at least 0.5 in inside the trim (`gs -sDEVICE=
 *   bbox` against the TrimBox), an even page count ending on a blank page;
 * - the cover: the most ink at any point, from a CMYK render (`gs
 *   -sDEVICE=bitcmyk`, the four bytes of each pixel summed), at most 240 %.
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { ParseSpeeds, PDFDocument, PDFName } from 'pdf-lib'
import type { BookConfig } from '../config/index.ts'
import { ingramSparkProfile } from '../config/print-layout.ts'
import { trimSizes } from '../config/schema.ts'
import { EnvironmentError } from '../errors.ts'
import { runTool, toolLimit } from '../process/children.ts'
import { checkLine, type VerifyLine } from './line.ts'
import { pdfFonts, pdfInfo } from './pdf.ts'
import { removeWorkFolder } from '../files/remove.ts'

const hints: Record<string, string> = {
  gs: 'Install Ghostscript: `apt-get install ghostscript` (macOS: `brew install ghostscript`).',
  qpdf: 'Install qpdf: `apt-get install qpdf` (macOS: `brew install qpdf`).',
  pdfinfo: 'Install poppler (Debian/Ubuntu: `sudo apt-get install poppler-utils`; macOS: `brew install poppler`).',
}

/** Run a checking tool; a missing one is an EnvironmentError, never a skip. Output is stdout and stderr together (Ghostscript's bbox device writes to stderr). */
export async function tool(name: 'gs' | 'qpdf' | 'pdfinfo', args: string[], options: { allowFailure?: boolean } = {}): Promise<string> {
  try {
    const limit = toolLimit(name === 'gs' ? 'ghostscript' : 'pdfTool')
    const { stdout, stderr } = await runTool(name, args, { maxBuffer: 256 * 1024 * 1024, timeoutMs: limit, doing: `${name} on ${path.basename(args.at(-1) ?? '')}` })
    return stdout + stderr
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new EnvironmentError(`${name} is not installed`, hints[name])
    if (options.allowFailure && typeof (error as { stderr?: unknown }).stderr === 'string') return `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`
    throw error
  }
}

export interface Box {
  x0: number
  y0: number
  x1: number
  y1: number
}

/** Every page's boxes by name (MediaBox, TrimBox, BleedBox …), in points. */
export async function pdfBoxes(file: string): Promise<Record<string, Box>[]> {
  const out = await tool('pdfinfo', ['-box', '-f', '1', '-l', '100000', file])
  const pages: Record<string, Box>[] = []
  for (const match of out.matchAll(/^Page\s+(\d+)\s+(\w+Box):\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)/gm)) {
    const page = (pages[Number(match[1]) - 1] ??= {})
    page[match[2]!] = { x0: Number(match[3]), y0: Number(match[4]), x1: Number(match[5]), y1: Number(match[6]) }
  }
  return pages
}

/**
 * Which boxes each page sets itself. pdfinfo prints a TrimBox and a
 * BleedBox for every page, falling back to the CropBox when a page has
 * none, so presence is read from the page objects (pdf-lib).
 */
export async function explicitBoxes(file: string): Promise<{ trim: boolean; bleed: boolean }[]> {
  const document = await PDFDocument.load(await readFile(file), { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest })
  return document.getPages().map((page) => ({ trim: page.node.has(PDFName.of('TrimBox')), bleed: page.node.has(PDFName.of('BleedBox')) }))
}

/** Whether the file declares a PDF/X output intent (its catalog's /OutputIntents, with /S /GTS_PDFX). */
export async function hasPdfxOutputIntent(file: string): Promise<boolean> {
  const qdf = await tool('qpdf', ['--qdf', '--object-streams=disable', file, '-'], { allowFailure: true })
  return /\/OutputIntents\b/.test(qdf) && /\/S\s*\/GTS_PDFX\b/.test(qdf)
}

/** Ink per page as fractions of the page covered by C, M, Y and K (`gs -sDEVICE=inkcov`). */
export async function inkCoverage(file: string): Promise<[number, number, number, number][]> {
  const out = await tool('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-o', '-', '-sDEVICE=inkcov', file])
  return [...out.matchAll(/^\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+CMYK/gm)].map((match) => [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])])
}

/** The painted area of each page (`gs -sDEVICE=bbox`), in points; undefined for a page with nothing on it. */
export async function markedAreas(file: string): Promise<(Box | undefined)[]> {
  const out = await tool('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=bbox', file])
  return [...out.matchAll(/^%%HiResBoundingBox:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)/gm)].map((match) => {
    const box = { x0: Number(match[1]), y0: Number(match[2]), x1: Number(match[3]), y1: Number(match[4]) }
    return box.x1 <= box.x0 || box.y1 <= box.y0 ? undefined : box
  })
}

/** The most ink at any point of the first page, in percent, from a CMYK render at `dpi`. */
export async function maxTotalInk(file: string, dpi = 50): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'springboard-ink-'))
  try {
    const raster = path.join(dir, 'page.cmyk')
    await tool('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-dFirstPage=1', '-dLastPage=1', `-r${dpi}`, '-sDEVICE=bitcmyk', '-dGrayValues=256', '-o', raster, file])
    const pixels = await readFile(raster)
    let most = 0
    for (let index = 0; index + 3 < pixels.length; index += 4) {
      const sum = pixels[index]! + pixels[index + 1]! + pixels[index + 2]! + pixels[index + 3]!
      if (sum > most) most = sum
    }
    return Math.round((most / 255) * 1000) / 10
  } finally {
    await removeWorkFolder(dir)
  }
}

const inches = (points: number) => (points / 72).toFixed(3)

/** A check's line, with its finding as a positioned message (o-0xx) when it fails. */
/** The checks of a PDF/X file: `<name>-print-pdfx.pdf` (interior) or `<name>-cover-pdfx.pdf`. */
export async function verifyPdfx(file: string, config: BookConfig): Promise<VerifyLine[]> {
  const kind = file.endsWith('-cover-pdfx.pdf') ? 'cover' : 'interior'
  const lines: VerifyLine[] = []
  const info = await pdfInfo(file)
  const intent = await hasPdfxOutputIntent(file)
  const subtype = info.raw['PDF subtype'] ?? ''
  const intentDetail = `${subtype || 'no PDF/X subtype'}, ${intent ? 'GTS_PDFX output intent' : 'no PDF/X output intent'}`
  lines.push(checkLine(file, 'PDF/X output intent', intent && /^PDF\/X/.test(subtype), intentDetail, 'o-015', `Not a PDF/X file with an output intent: ${intentDetail}`))

  const boxes = await pdfBoxes(file)
  const trim = trimSizes[config.print.trim]
  const explicit = await explicitBoxes(file)
  const missing = explicit.findIndex((page) => !page.trim || !page.bleed)
  const first = boxes[0]?.['TrimBox']
  const size = first ? [(first.x1 - first.x0) / 72, (first.y1 - first.y0) / 72] : [0, 0]
  // The cover's trim is back + spine + front: its height is the book's, its width at least two covers.
  const sizeOk = kind === 'interior' ? Math.abs(size[0]! - trim.width) < 0.01 && Math.abs(size[1]! - trim.height) < 0.01 : Math.abs(size[1]! - trim.height) < 0.01 && size[0]! >= 2 * trim.width
  const boxDetail = missing === -1 ? `on all ${boxes.length} pages; trim ${size[0]!.toFixed(3)} × ${size[1]!.toFixed(3)} in` : `page ${missing + 1} has no ${explicit[missing]!.trim ? 'BleedBox' : 'TrimBox'}`
  lines.push(checkLine(file, 'TrimBox and BleedBox', boxes.length === info.pages && missing === -1 && sizeOk, boxDetail, 'o-016', missing === -1 ? `The trim is ${size[0]!.toFixed(3)} × ${size[1]!.toFixed(3)} in; the book's is ${trim.width} × ${trim.height} in` : `Page ${missing + 1} has no ${explicit[missing]!.trim ? 'BleedBox' : 'TrimBox'}`))

  const fonts = await pdfFonts(file)
  const loose = fonts.filter((font) => !font.embedded)
  const fontDetail = `${fonts.length} fonts${loose.length ? `, not embedded: ${loose.map((font) => font.name).join(', ')}` : ''}`
  lines.push(checkLine(file, 'fonts embedded', loose.length === 0, fontDetail, 'o-007', `Fonts not embedded: ${loose.map((font) => font.name).join(', ')}`))

  if (kind === 'interior') {
    const ink = await inkCoverage(file)
    const coloured = ink.findIndex(([c, m, y]) => c > 0 || m > 0 || y > 0)
    const inkDetail = coloured === -1 ? `C = M = Y = 0 on all ${ink.length} pages` : `page ${coloured + 1}: C ${ink[coloured]![0]} M ${ink[coloured]![1]} Y ${ink[coloured]![2]}`
    lines.push(checkLine(file, 'black only (inkcov)', ink.length === info.pages && coloured === -1, inkDetail, 'o-017', `Colour ink on ${inkDetail}`))

    const areas = await markedAreas(file)
    const safe = ingramSparkProfile.safeMargin * 72
    let closest = Number.POSITIVE_INFINITY
    let where = 0
    areas.forEach((area, index) => {
      const trimBox = boxes[index]?.['TrimBox']
      if (!area || !trimBox) return
      const distance = Math.min(area.x0 - trimBox.x0, area.y0 - trimBox.y0, trimBox.x1 - area.x1, trimBox.y1 - area.y1)
      if (distance < closest) [closest, where] = [distance, index + 1]
    })
    const marksDetail = `nearest mark ${inches(closest)} in from the trim (page ${where})`
    lines.push(checkLine(file, 'marks 0.5 in inside the trim', closest >= safe - 0.01, marksDetail, 'o-018', `A mark on page ${where} is ${inches(closest)} in from the trim`))
    const lastBlank = areas.length > 0 && areas.at(-1) === undefined
    const countDetail = `${info.pages} pages, last page ${lastBlank ? 'blank' : 'not blank'}`
    lines.push(checkLine(file, 'even page count, blank last page', info.pages % 2 === 0 && lastBlank, countDetail, 'o-019', `The interior has ${countDetail}`))
  } else {
    const most = await maxTotalInk(file)
    lines.push(checkLine(file, 'total ink ≤ 240 %', most <= 240, `at most ${most} % at any point`, 'o-020', `The cover carries ${most} % ink at its darkest point`))
  }
  return lines
}
