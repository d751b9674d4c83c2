/**
 * Print helper: load a print page, print it with Chromium, read back what
 * Chromium made (pdf-lib: the page count and the named destinations), and
 * make the bytes reproducible. Every browser call is bounded by the build's
 * deadline (browser/page.ts).
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib'
import type { Page } from 'puppeteer'
import { guard, loadFile, type Deadline } from '../browser/page.ts'
import { sansFamily, serifFamily } from '../render/fonts.ts'
import { openPdf, treePairs } from './pdf-objects.ts'

/** The faces the print templates use; each must load before anything is printed. */
export const printFontSpecs = [
  `400 12px "${serifFamily}"`,
  `italic 400 12px "${serifFamily}"`,
  `600 12px "${serifFamily}"`,
  `700 12px "${serifFamily}"`,
  `italic 700 12px "${serifFamily}"`,
  `400 12px "${sansFamily}"`,
  `600 12px "${sansFamily}"`,
  `700 12px "${sansFamily}"`,
]

/** Load a print page from disk and check that every face of the print templates loaded. */
export async function loadPage(page: Page, htmlPath: string, deadline: Deadline, what: string): Promise<void> {
  await loadFile(page, htmlPath, deadline, what, printFontSpecs)
}

export interface PrintOptions {
  /** Tag the PDF (structure tree for assistive technology). */
  tagged: boolean
  /** Bookmarks from the headings; forces tagging. */
  outline: boolean
}

export async function printPdf(page: Page, options: PrintOptions, deadline: Deadline, what: string): Promise<Uint8Array> {
  const data = await guard(
    deadline,
    page,
    what,
    page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      tagged: options.tagged || options.outline,
      outline: options.outline,
      timeout: 0,
    }),
  )
  return new Uint8Array(data)
}

export interface PdfFacts {
  pageCount: number
  /** Named destinations (the ids of link targets) and the 0-based index of the page each points at. */
  destinations: Map<string, number>
}

/** The page count and named destinations of a PDF (the bytes, or a document already opened with pdf-lib). */
export async function inspectPdf(data: Uint8Array | PDFDocument): Promise<PdfFacts> {
  const document = data instanceof Uint8Array ? await openPdf(data) : data
  const { context, catalog } = document
  const pages = new Map(document.getPages().map((page, index) => [page.ref, index]))
  const destinations = new Map<string, number>()
  const add = (name: string, value: PDFObject | undefined) => {
    let target = value && context.lookup(value)
    if (target instanceof PDFDict) target = context.lookup(target.get(PDFName.of('D')))
    if (!(target instanceof PDFArray) || destinations.has(name)) return
    const page = target.get(0)
    const index = page instanceof PDFRef ? pages.get(page) : page instanceof PDFNumber ? page.asNumber() : undefined
    if (index !== undefined) destinations.set(name, index)
  }
  // Chromium writes a /Dests dictionary in the catalog (PDF 1.1); other writers a /Dests name tree under /Names.
  const dests = catalog.lookup(PDFName.of('Dests'))
  if (dests instanceof PDFDict) for (const [name, value] of dests.entries()) add(name.decodeText(), value)
  const names = catalog.lookup(PDFName.of('Names'))
  const tree = names instanceof PDFDict ? names.lookup(PDFName.of('Dests')) : undefined
  for (const [key, value] of treePairs(context, tree, 'Names')) if (key instanceof PDFString || key instanceof PDFHexString) add(key.decodeText(), value)
  return { pageCount: document.getPageCount(), destinations }
}

/**
 * Chromium writes the time of printing into `/CreationDate` and `/ModDate`
 * and nothing else differs between two prints of the same page. Rewrite
 * both, at the same length so that no byte offset moves, from the book's
 * modification date.
 */
export function setPdfDates(data: Uint8Array, modified: Date): Uint8Array {
  const text = Buffer.from(data).toString('latin1')
  const stamp = `D:${modified.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+00'00'`
  let found = 0
  const rewritten = text.replace(/\/(CreationDate|ModDate) ?\((D:[^)]*)\)/g, (match, key: string, value: string) => {
    found++
    if (value.length !== stamp.length) throw new Error(`Unexpected PDF date format ${value}: cannot rewrite it at the same length`)
    return match.replace(value, stamp)
  })
  if (found === 0) return data
  return new Uint8Array(Buffer.from(rewritten, 'latin1'))
}

/**
 * Chromium rounds the page size to a grid of 1/75 in (a 12.342 in cover
 * comes out 12.347 in). Write the exact size into every `/MediaBox`, at
 * the same length (padded with spaces, which PDF ignores inside an array)
 * so that no byte offset moves. The page's content is laid out in exact
 * inches from the top left; only the right and bottom edges move, by less
 * than 1/150 in, inside the bleed or the margin.
 */
export function setPageSize(data: Uint8Array, size: { width: number; height: number }): Uint8Array {
  const text = Buffer.from(data).toString('latin1')
  const rewritten = text.replace(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g, (match, width: string, height: string) => {
    const newWidth = fitNumber(size.width * 72, width.length)
    const newHeight = fitNumber(size.height * 72, height.length)
    if (newWidth === undefined || newHeight === undefined) return match
    return `/MediaBox [0 0 ${newWidth} ${newHeight}]`
  })
  return new Uint8Array(Buffer.from(rewritten, 'latin1'))
}

/** `value` written in at most `length` characters, padded with spaces to exactly `length`, or undefined. */
function fitNumber(value: number, length: number): string | undefined {
  for (let decimals = 4; decimals >= 0; decimals--) {
    const written = String(Number(value.toFixed(decimals)))
    if (written.length <= length) return written.padEnd(length, ' ')
  }
  return undefined
}
