/**
 * Print step: PDF/X for IngramSpark and offset printers, converted from
 * Chromium's RGB prints by Ghostscript (`gs`, Debian's `ghostscript`).
 *
 * - PDF/X-3:2002, what Ghostscript writes (IngramSpark takes it, or
 *   PDF/X-1a:2001). Fonts stay embedded; links, tags and bookmarks go.
 * - The output intent is Ghostscript's own CMYK profile (default_cmyk.icc,
 *   SWOP), found at run time through `gs -h`'s search path.
 * - The interior is converted to greyscale: black text is `0 g`, K only,
 *   never the 295 % rich black of a CMYK conversion, and greys stay grey.
 * - The cover comes in CMYK already (cmyk-cover.ts: each colour separated
 *   through this profile within IngramSpark's 240 %, greys in K): with
 *   `-dUseFastColor` Ghostscript keeps those values as they are, and has no
 *   shading to convert, which it would draw as a low-resolution bitmap.
 * - TrimBox and BleedBox are set on every page before the conversion
 *   (Ghostscript keeps them). The interior already ends on a blank page
 *   with an even count (plan.ts): the same pages as the KDP interior.
 *
 * Ghostscript writes a random /ID; it is replaced by a hash of the file, at
 * the same length, so that two builds are byte-identical. Its dates come
 * from SOURCE_DATE_EPOCH, which it reads.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { PDFName, PDFNumber, type PDFArray, type PDFContext } from 'pdf-lib'
import type { Size } from '../config/print-layout.ts'
import { EnvironmentError, InterruptedError, isExpectedError } from '../errors.ts'
import { runTool } from '../process/children.ts'
import { openPdf, savePdf } from './pdf-objects.ts'

export const ghostscriptHint = 'Install Ghostscript: `apt-get install ghostscript` (macOS: `brew install ghostscript`), or build without `pdfx`.'

export interface PdfxInput {
  kind: 'interior' | 'cover'
  /** Chromium's RGB print. */
  pdf: Uint8Array
  /** Written as the PDF's dates (SOURCE_DATE_EPOCH for Ghostscript). */
  modified: Date
  /** The trim, and the bleed around it: on every edge of the cover, on the outside, top and bottom of interior pages. */
  trim: Size
  bleed: number
  /** A private folder for Ghostscript's files. */
  dir: string
  timeoutMs: number
  signal?: AbortSignal
}

export async function convertToPdfx(input: PdfxInput): Promise<Uint8Array> {
  const profile = await findOutputProfile()
  const source = path.join(input.dir, `${input.kind}-rgb.pdf`)
  const definitions = path.join(input.dir, `${input.kind}-pdfx.ps`)
  const output = path.join(input.dir, `${input.kind}-pdfx.pdf`)
  await writeFile(source, await withBoxes(input))
  await writeFile(definitions, pdfxDefinitions(profile))
  const colour =
    input.kind === 'interior'
      ? ['-sColorConversionStrategy=Gray', '-sProcessColorModel=DeviceGray']
      : ['-dUseFastColor', '-sColorConversionStrategy=CMYK', '-sProcessColorModel=DeviceCMYK']
  const args = [
    '-q',
    '-dNOPAUSE',
    '-dBATCH',
    '-dSAFER',
    `--permit-file-read=${path.dirname(profile)}${path.sep}`,
    '-sDEVICE=pdfwrite',
    '-dPDFX',
    '-dCompatibilityLevel=1.3',
    '-dAutoRotatePages=/None',
    '-dEmbedAllFonts=true',
    '-dDownsampleColorImages=false',
    '-dDownsampleGrayImages=false',
    '-dDownsampleMonoImages=false',
    `-sOutputFile=${output}`,
    ...colour,
    definitions,
    source,
  ]
  const epoch = String(Math.floor(input.modified.getTime() / 1000))
  await ghostscript(args, { ...process.env, SOURCE_DATE_EPOCH: epoch }, input.timeoutMs, input.signal)
  const data = new Uint8Array(await readFile(output))
  const stable = stableId(data)
  if (stable) return stable
  const ending = Buffer.from(data.subarray(-200)).toString('latin1')
  throw new Error(`Ghostscript wrote no /ID of two 16-byte strings in ${output} (${data.length} bytes, ending ${JSON.stringify(ending)})`)
}

/** Run `gs`; a missing Ghostscript is an EnvironmentError. */
export async function ghostscript(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  try {
    const { stdout } = await runTool('gs', args, { env, timeoutMs, signal, maxBuffer: 16 * 1024 * 1024, doing: 'Ghostscript' })
    return stdout
  } catch (error) {
    if (isExpectedError(error) || error instanceof InterruptedError) throw error
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new EnvironmentError('Ghostscript (`gs`) is not installed; the PDF/X files need it', ghostscriptHint)
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim()
    throw new Error(`Ghostscript failed: ${stderr || (error as Error).message}`)
  }
}

let located: Promise<string> | undefined

/** Ghostscript's CMYK output profile, from the folders its own search path names (or Debian's shared copy). */
export function findOutputProfile(): Promise<string> {
  located ??= (async () => {
    const help = await ghostscript(['-h'], process.env, 30_000)
    // `Search path:` and its indented lines of folders separated by ` : `.
    const lines = help.split('\n')
    const from = lines.findIndex((line) => line.startsWith('Search path:'))
    const indented = from === -1 ? [] : lines.slice(from + 1, lines.findIndex((line, index) => index > from && !/^\s/.test(line)))
    const searchPath = indented.join(' ').split(' : ').map((entry) => entry.trim()).filter(Boolean)
    const folders = [...searchPath.map((folder) => path.join(folder, '..', 'iccprofiles')), ...searchPath, '/usr/share/color/icc/ghostscript']
    const found = folders.map((folder) => path.join(folder, 'default_cmyk.icc')).find((file) => existsSync(file))
    if (!found) throw new EnvironmentError("Ghostscript's ICC profiles (default_cmyk.icc) were not found", ghostscriptHint)
    return found
  })()
  located.catch(() => (located = undefined))
  return located
}

/** Ghostscript's PDF/X definitions (after its lib/PDFX_def.ps): the version and the output intent; the title is Chromium's. */
function pdfxDefinitions(profile: string): string {
  const ascii = (text: string) => `(${text.replace(/[\\()]/g, '\\$&')})`
  return `%!
[ /GTS_PDFXVersion (PDF/X-3:2002) /Trapped /False /DOCINFO pdfmark
[/_objdef {icc_PDFX} /type /stream /OBJ pdfmark
[{icc_PDFX} << /N 4 >> /PUT pdfmark
[{icc_PDFX} ${ascii(profile)} (r) file /PUT pdfmark
[/_objdef {OutputIntent_PDFX} /type /dict /OBJ pdfmark
[{OutputIntent_PDFX} <<
  /Type /OutputIntent
  /S /GTS_PDFX
  /OutputCondition (SWOP coated, as Ghostscript's default CMYK profile)
  /Info (Artifex CMYK SWOP Profile, Ghostscript default_cmyk.icc)
  /OutputConditionIdentifier (CGATS TR 001)
  /RegistryName (http://www.color.org)
  /DestOutputProfile {icc_PDFX}
>> /PUT pdfmark
[{Catalog} << /OutputIntents [ {OutputIntent_PDFX} ] >> /PUT pdfmark
`
}

/** The RGB print with TrimBox and BleedBox on every page, and (interior) the blank pages at its end. */
async function withBoxes(input: PdfxInput): Promise<Uint8Array> {
  const document = await openPdf(input.pdf)
  const first = document.getPage(0)
  const { width, height } = first.getMediaBox()
  const { bleed, trim } = input
  document.getPages().forEach((page, index) => {
    // Interior: bleed on the outside edge only, which is the right of a right-hand (odd) page. Cover: all round.
    const left = input.kind === 'cover' || index % 2 === 1 ? bleed : 0
    const box = [left, bleed, left + trim.width, bleed + trim.height].map((inches) => inches * 72)
    page.node.set(PDFName.of('TrimBox'), numbers(document.context, box))
    page.node.set(PDFName.of('BleedBox'), numbers(document.context, [0, 0, width, height]))
  })
  return savePdf(document)
}

function numbers(context: PDFContext, values: number[]): PDFArray {
  return context.obj(values.map((value) => PDFNumber.of(Number(value.toFixed(3)))))
}

/** A PDF string in an /ID: `<hex>`, or `(literal)` with its backslash escapes. */
const idString = String.raw`<[0-9A-Fa-f\s]*>|\((?:\\[0-7]{1,3}|\\[\s\S]|[^\\()])*\)`
const idPattern = new RegExp(String.raw`/ID\s*\[\s*(${idString})\s*(${idString})\s*\]`)

/**
 * Replace Ghostscript's /ID (random) with a hash of the rest of the file; undefined when it has none.
 * Ghostscript writes each of its two 16-byte strings in hex or, when the bytes allow, as a literal
 * string with escapes. The new /ID is hex, padded to the old length; when that is shorter, the /ID
 * must be in the trailer, after the cross-reference table, where no byte offset points.
 */
export function stableId(data: Uint8Array): Uint8Array | undefined {
  const text = Buffer.from(data).toString('latin1')
  const match = idPattern.exec(text)
  if (!match || !match.slice(1, 3).every((token) => pdfStringBytes(token!).length === 16)) return undefined
  const id = createHash('md5').update(Buffer.from(text.replace(idPattern, '/ID []'), 'latin1')).digest('hex').toUpperCase()
  const replacement = `/ID [<${id}><${id}>]`
  if (replacement.length > match[0].length && !afterCrossReference(text, match.index)) return undefined
  const rewritten = text.slice(0, match.index) + replacement.padEnd(match[0].length, ' ') + text.slice(match.index + match[0].length)
  return new Uint8Array(Buffer.from(rewritten, 'latin1'))
}

/** The bytes of a PDF string token (ISO 32000-1, 7.3.4). */
function pdfStringBytes(token: string): Buffer {
  if (token.startsWith('<')) return Buffer.from(token.slice(1, -1).replace(/\s/g, ''), 'hex')
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' }
  const body = token.slice(1, -1).replace(/\\([0-7]{1,3}|\r\n|[\s\S])/g, (_escape, code: string) => {
    if (/^[0-7]/.test(code)) return String.fromCharCode(Number.parseInt(code, 8) & 0xff)
    if (code === '\r\n' || code === '\n' || code === '\r') return '' // a line continued
    return escapes[code] ?? code
  })
  return Buffer.from(body, 'latin1')
}

/** Whether `offset` lies after the last cross-reference table (in the trailer), so that moving what follows moves no offset. */
function afterCrossReference(text: string, offset: number): boolean {
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)
  return start !== null && offset > Number(start[1])
}
