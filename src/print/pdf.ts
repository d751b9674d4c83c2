/**
 * Print helper: load a print page, print it with Chromium, read back what
 * Chromium made (pdfjs-dist), and make the bytes reproducible. Every browser
 * call is bounded by the build's deadline (browser/page.ts).
 */
import type { Page } from 'puppeteer'
import { guard, loadFile, type Deadline } from '../browser/page.ts'
import { sansFamily, serifFamily } from '../render/fonts.ts'

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

let workerLoaded: Promise<unknown> | undefined

/**
 * pdfjs-dist in Node runs its worker in the same thread, loading it on the
 * first document, which takes a second or more. Load it while Chromium
 * loads the page instead: importing the worker module registers it
 * (`globalThis.pdfjsWorker`), and pdfjs then uses it directly.
 */
// A string, not a literal in import(): the worker module ships no types, and only its side effect is wanted.
const pdfjsWorker: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs'

export function preparePdfReader(): Promise<unknown> {
  workerLoaded ??= import(pdfjsWorker)
  return workerLoaded
}

export interface PdfFacts {
  pageCount: number
  /** Named destinations (the ids of link targets) and the 0-based index of the page each points at. */
  destinations: Map<string, number>
}

/** Read the page count and named destinations of a PDF with pdfjs-dist. */
export async function inspectPdf(data: Uint8Array): Promise<PdfFacts> {
  await preparePdfReader()
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  // pdfjs transfers the buffer it is given to its worker: hand it a copy.
  const document = await getDocument({ data: data.slice(), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise
  try {
    const destinations = new Map<string, number>()
    const named = (await document.getDestinations()) as Record<string, unknown[] | null>
    // With the page map, every text block is a destination: ask once per page, not once per block.
    const pages = new Map<string, Promise<number>>()
    for (const [name, destination] of Object.entries(named)) {
      const ref = destination?.[0] as { num: number; gen: number } | number | undefined
      if (ref && typeof ref === 'object') {
        const key = `${ref.num} ${ref.gen}`
        let index = pages.get(key)
        if (!index) pages.set(key, (index = document.getPageIndex(ref)))
        destinations.set(name, await index)
      } else if (typeof ref === 'number') destinations.set(name, ref)
    }
    return { pageCount: document.numPages, destinations }
  } finally {
    await document.destroy()
  }
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
