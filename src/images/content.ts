/**
 * An image is checked by what it is, not by its name: its format from its
 * first bytes, its size in pixels from its header, and then it is decoded
 * once, whole, by sharp (libvips), with a pixel limit, failing on any damage.
 * So a PNG named `.jpg`, a truncated JPEG, a 60,000 × 60,000 decompression
 * bomb or a text file named `.png` is found by `check`, at the place that
 * names it, and never reaches a later stage (sharp's resampling, Chromium's
 * print, an e-reader). SVG drawings are cleaned instead (svg.ts).
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { imageSize } from 'image-size'
import { cleanSvg } from './svg.ts'

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'svg'

/**
 * Past these an image is refused before it is decoded: 12,000 px on a side is four times what 300 ppi at the
 * widest printed text needs, and 50 megapixels (200 MB once decoded) more than any camera photo a chapter shows.
 */
export const imageLimits = { side: 12_000, pixels: 50_000_000 } as const

export type ImageProblem =
  | { kind: 'format'; message: string }
  | { kind: 'damaged'; message: string }
  | { kind: 'too-large'; message: string }
  | { kind: 'unsafe-svg'; message: string }

export interface ImageInspection {
  problem?: ImageProblem
  /** For an SVG: what was removed from it (it is cleaned again where it is packed). */
  removed?: string[]
}

const formatNames: Record<string, string> = { jpeg: 'JPEG', png: 'PNG', gif: 'GIF', svg: 'SVG', webp: 'WebP', bmp: 'BMP', tiff: 'TIFF', heif: 'HEIF, AVIF or video (ISO media)', pdf: 'PDF', zip: 'ZIP' }

/** The format of a file by its first bytes; undefined when it is none we know. */
export function formatByContent(head: Uint8Array): string | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to))
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg'
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png'
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif'
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp'
  if (ascii(0, 2) === 'BM') return 'bmp'
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'tiff'
  if (ascii(4, 8) === 'ftyp') return 'heif'
  if (ascii(0, 5) === '%PDF-') return 'pdf'
  if (ascii(0, 4) === 'PK\x03\x04') return 'zip'
  // Text that opens with markup and names an <svg> element early: an SVG (svg.ts decides whether it is a good one).
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '').trimStart()
  if (text.startsWith('<') && /<svg[\s>/]/.test(text)) return 'svg'
  return undefined
}

export function formatName(format: string): string {
  return formatNames[format] ?? format
}

/** Check the image at `file`, which its name says is `expected`. */
export async function inspectImage(file: string, expected: ImageFormat): Promise<ImageInspection> {
  // 64 KB: an SVG may open with a long comment or metadata before its <svg> element.
  const actual = formatByContent(readHead(file, 64 * 1024))
  if (actual !== expected) {
    const what = actual ? `a ${formatName(actual)} file` : 'not an image file'
    return { problem: { kind: 'format', message: `by its content it is ${what}, but its name says ${formatName(expected)}` } }
  }
  if (expected === 'svg') {
    const cleaned = cleanSvg(readFileSync(file))
    if (!cleaned.ok) return { problem: { kind: 'unsafe-svg', message: cleaned.line ? `${cleaned.problem} (line ${cleaned.line} of the SVG)` : cleaned.problem } }
    return { removed: cleaned.removed }
  }
  return { problem: await decodeProblem(file) }
}

/** Decode the whole raster image once; the problem if it is too large or damaged. */
async function decodeProblem(file: string): Promise<ImageProblem | undefined> {
  // sharp (libvips) is loaded when an image is first checked: a book without images, or all cached, never needs it.
  const { default: sharp } = await import('sharp')
  const options = { limitInputPixels: imageLimits.pixels, failOn: 'warning', sequentialRead: true } as const
  let width: number
  let height: number
  let pages: number
  try {
    // The header only: the size is judged here, before anything is decoded.
    const metadata = await sharp(file, { ...options, limitInputPixels: false }).metadata()
    width = metadata.width ?? 0
    height = metadata.height ?? 0
    pages = metadata.pages ?? 1
  } catch (error) {
    return { kind: 'damaged', message: `it cannot be read (${libvipsReason(error)})` }
  }
  // A GIF's logical screen, which browsers allocate, may be larger than its frames, which libvips reads.
  const declared = declaredSize(file)
  width = Math.max(width, declared?.width ?? 0)
  height = Math.max(height, declared?.height ?? 0)
  if (width === 0 || height === 0) return { kind: 'damaged', message: 'its header gives no size' }
  const pixels = width * height * pages
  if (Math.max(width, height) > imageLimits.side || pixels > imageLimits.pixels) {
    const frames = pages > 1 ? ` in ${pages} frames` : ''
    return { kind: 'too-large', message: `it is ${width.toLocaleString('en-US')} × ${height.toLocaleString('en-US')} px${frames}, over the limit of ${imageLimits.side.toLocaleString('en-US')} px on a side and ${imageLimits.pixels / 1_000_000} megapixels in all` }
  }
  try {
    // Every frame, every row: decoded to a small thumbnail, so that memory stays small while all the data is read.
    await sharp(file, { ...options, pages: -1 }).resize({ width: 64, height: 64, fit: 'inside' }).raw().toBuffer()
  } catch (error) {
    return { kind: 'damaged', message: `it cannot be decoded (${libvipsReason(error)})` }
  }
  return undefined
}

/** libvips' reason, on one line, without the file name it repeats. */
function libvipsReason(error: unknown): string {
  const lines = String((error as Error).message ?? error).split('\n').map((line) => line.trim()).filter(Boolean)
  const reason = (lines.find((line) => !/^Input file/i.test(line)) ?? lines[0] ?? 'unknown error').replace(/^[\w.]+: /, '')
  return reason.length > 120 ? `${reason.slice(0, 117)}…` : reason
}

/** The size the file's header declares, as image-size reads it (for a GIF, its logical screen). */
function declaredSize(file: string): { width: number; height: number } | undefined {
  try {
    const { width, height } = imageSize(readHead(file, 512 * 1024))
    return { width, height }
  } catch {
    return undefined
  }
}

function readHead(file: string, bytes: number): Uint8Array {
  const handle = openSync(file, 'r')
  try {
    const head = Buffer.alloc(bytes)
    return head.subarray(0, readSync(handle, head, 0, bytes, 0))
  } finally {
    closeSync(handle)
  }
}
