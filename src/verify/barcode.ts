/**
 * `springboard verify` (the wrap covers' barcodes): each wrap cover is
 * rendered at 300 dpi (poppler's pdftoppm) and read by zbarimg (zbar-tools),
 * as a bookshop's scanner would read the printed book: the EAN-13 must be
 * the ISBN configured for that printing (the KDP paperback's on
 * `-cover.pdf`, IngramSpark's on `-cover-pdfx.pdf`) and the EAN-5 its price
 * add-on. A KDP cover without an ISBN of ours must leave KDP's barcode area
 * white and empty.
 */
import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { trimSizes, volumeReleaseFacts, type BookConfig } from '../config/index.ts'
import { bleedInches, ingramSparkProfile, kdpProfile } from '../config/print-layout.ts'
import { EnvironmentError } from '../errors.ts'
import { barcodeBoxInches, barcodeFor } from '../print/barcode.ts'
import { checkLine, type VerifyLine } from './line.ts'
import { removeWorkFolder } from '../files/remove.ts'

const run = promisify(execFile)
const dpi = 300

/** `file` is `<out>/<volume>/<name>-cover.pdf` or `-cover-pdfx.pdf`. */
export async function verifyCoverBarcode(file: string, outDir: string, config: BookConfig): Promise<VerifyLine> {
  const volumeId = path.relative(outDir, file).split(path.sep)[0]!
  const profile = file.endsWith('-cover-pdfx.pdf') ? ingramSparkProfile : kdpProfile
  const expected = barcodeFor(volumeReleaseFacts(config, volumeId), profile)
  const printer = profile.name === 'kdp' ? 'KDP' : 'IngramSpark'
  if (expected.kind === 'none') return checkLine(file, 'barcode', true, `no ${printer} ISBN configured: no barcode (a release needs one)`, 'o-030', '')
  const dir = await mkdtemp(path.join(os.tmpdir(), 'springboard-barcode-'))
  try {
    const png = path.join(dir, 'cover.png')
    await tool('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', file, png.slice(0, -4)], 'poppler-utils')
    const found = await scan(png)
    if (expected.kind === 'barcode') {
      const ok = found.ean13 === expected.isbn && found.ean5 === expected.addOn
      const read = found.ean13 ? `EAN-13 ${found.ean13}, EAN-5 ${found.ean5 ?? 'none'}` : 'no barcode'
      return checkLine(file, 'barcode', ok, `${read}; expected ${expected.isbn} ${expected.addOn}`, 'o-030', `The barcode scans as ${read}; the ${printer} paperback's ISBN is ${expected.isbn} with the price add-on ${expected.addOn}`)
    }
    const blank = await areaIsBlank(png, config)
    const ok = !found.ean13 && blank
    const detail = found.ean13 ? `a barcode of ours (${found.ean13}) where KDP prints its own` : blank ? "KDP's barcode area is clear (KDP prints the barcode of its free ISBN there)" : "something is printed in KDP's barcode area"
    return checkLine(file, 'barcode', ok, detail, 'o-030', `No KDP ISBN is configured, but ${detail}`)
  } finally {
    await removeWorkFolder(dir)
  }
}

async function scan(png: string): Promise<{ ean13?: string; ean5?: string }> {
  // zbarimg exits 4 when it finds no barcode: an answer, not a failure.
  const stdout = await tool('zbarimg', ['-q', '-Sean5.enable', png], 'zbar-tools', [4])
  const value = (type: string) => new RegExp(`^${type}:(\\d+)$`, 'm').exec(stdout)?.[1]
  return { ...(value('EAN-13') ? { ean13: value('EAN-13') } : {}), ...(value('EAN-5') ? { ean5: value('EAN-5') } : {}) }
}

/** The barcode box of the back panel (templates/print/barcode.ejs: 0.5 in from the trim and the spine), all near white. */
async function areaIsBlank(png: string, config: BookConfig): Promise<boolean> {
  const trim = trimSizes[config.print.trim]
  const box = barcodeBoxInches
  const inset = 0.05
  const left = Math.round((bleedInches + trim.width - box.fromSpine - box.width + inset) * dpi)
  const top = Math.round((bleedInches + trim.height - box.fromTrim - box.height + inset) * dpi)
  // sharp's stats() reads the whole input, not the extracted area: read the area's pixels instead.
  const area = await sharp(png).extract({ left, top, width: Math.round((box.width - 2 * inset) * dpi), height: Math.round((box.height - 2 * inset) * dpi) }).removeAlpha().raw().toBuffer()
  return area.every((value) => value >= 235)
}

async function tool(command: string, args: string[], debianPackage: string, okCodes: number[] = []): Promise<string> {
  try {
    return (await run(command, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' })).stdout
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { code?: unknown; stdout?: string }
    if (failure.code === 'ENOENT') throw new EnvironmentError(`${command} is not installed`, `Install it (Debian/Ubuntu: \`sudo apt-get install ${debianPackage}\`).`)
    if (typeof failure.code === 'number' && okCodes.includes(failure.code)) return failure.stdout ?? ''
    throw error
  }
}
