/**
 * Stage 5, package (PDF): load a page, print it with Chromium, read back
 * what Chromium made (pdfjs-dist), and make the bytes reproducible.
 *
 * Failures of the browser are environment errors with a clear message: a
 * crash (the browser or the page's renderer died) or a print that does not
 * finish in time. `page.pdf` runs with Puppeteer's timeout off (its 30 s
 * default kills long books); our own, longer, deadline replaces it.
 */
import { pathToFileURL } from 'node:url'
import type { Page } from 'puppeteer'
import type { BrowserSession } from '../browser/index.ts'
import { EnvironmentError } from '../errors.ts'
import { sansFamily, serifFamily } from '../render/fonts.ts'

/** Ten minutes: a 600-page book prints in a few seconds, so only a hung browser gets here. */
export const defaultPrintTimeoutMs = 600_000

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

export interface Deadline {
  session: BrowserSession
  timeoutMs: number
}

/** Load an HTML file from disk (`goto`: `setContent` would block file fonts) and check that every web font loaded. */
export async function loadPage(page: Page, htmlPath: string, deadline: Deadline, what: string): Promise<void> {
  await guard(deadline, page, what, page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load', timeout: 0 }))
  const failed = await guard(
    deadline,
    page,
    what,
    page.evaluate(async (specs: readonly string[]) => {
      await document.fonts.ready
      const failed: string[] = []
      for (const spec of specs) {
        const faces = await document.fonts.load(spec, 'Aa')
        if (faces.length === 0 || faces.some((face) => face.status !== 'loaded')) failed.push(spec)
      }
      document.fonts.forEach((face) => {
        if (face.status === 'error') failed.push(`${face.style} ${face.weight} "${face.family}" (${face.unicodeRange})`)
      })
      return failed
    }, printFontSpecs),
  )
  if (failed.length > 0) {
    // Without its web fonts Chromium prints with a system font, or an empty page, and says nothing.
    throw new EnvironmentError(`Web fonts did not load for ${what}: ${failed.join(', ')}`, 'Reinstall the dependencies (`npm ci`): the fonts come from the @fontsource packages.')
  }
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

/**
 * Run one browser step, turning a crash or a hang into an EnvironmentError.
 * Puppeteer rejects pending calls when the browser goes away; a renderer
 * crash only fires the page's `error` event, so that is watched too.
 */
export async function guard<T>(deadline: Deadline, page: Page, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  let onCrash: ((error: Error) => void) | undefined
  const failure = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new EnvironmentError(`The browser did not finish ${what} within ${Math.round(deadline.timeoutMs / 1000)} s`, 'Run the build again; if it hangs again, update Chromium or point PUPPETEER_EXECUTABLE_PATH at another Chrome or Chromium.'))
    }, deadline.timeoutMs)
    onCrash = (error: Error) => reject(crashError(what, error))
    page.once('error', onCrash)
  })
  try {
    return await Promise.race([work, failure])
  } catch (error) {
    if (error instanceof EnvironmentError) throw error
    if (!deadline.session.browser.connected || page.isClosed() || /Target closed|Session closed|Connection closed|detached|crash/i.test(String((error as Error).message))) {
      throw crashError(what, error as Error)
    }
    throw error
  } finally {
    clearTimeout(timer)
    if (onCrash) page.off('error', onCrash)
    failure.catch(() => {})
  }
}

function crashError(what: string, cause: Error): EnvironmentError {
  return new EnvironmentError(`The browser crashed while ${what}: ${cause.message}`, 'Run the build again; if the browser keeps crashing, check free memory and disk space, or point PUPPETEER_EXECUTABLE_PATH at another Chrome or Chromium.', { cause })
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
    for (const [name, destination] of Object.entries(named)) {
      const ref = destination?.[0]
      if (ref && typeof ref === 'object') destinations.set(name, await document.getPageIndex(ref as { num: number; gen: number }))
      else if (typeof ref === 'number') destinations.set(name, ref)
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
