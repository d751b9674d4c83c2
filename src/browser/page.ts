/**
 * One step in a browser page, bounded: every call into a page (load, run a
 * script, print, screenshot) goes through `guard`, which turns a crash or a
 * hang into an EnvironmentError with a clear message. Puppeteer's own
 * timeouts are off (its 30 s default kills long books); the deadline here,
 * longer, replaces them. Used by the print path (print/: the PDFs, the wrap
 * cover, the handouts); the EPUB's cover is drawn without a browser
 * (package/cover.ts, resvg).
 */
import { pathToFileURL } from 'node:url'
import type { Page } from 'puppeteer'
import { EnvironmentError } from '../errors.ts'
import type { BrowserSession } from './index.ts'

/** Ten minutes: a 600-page book prints in a few seconds, so only a hung browser gets here. */
export const defaultBrowserTimeoutMs = 600_000

export interface Deadline {
  session: BrowserSession
  timeoutMs: number
}

/**
 * Load an HTML file from disk (`goto`: `setContent` would block file fonts)
 * and check that the web fonts it needs loaded: without them Chromium
 * paints with a system font, or nothing, and says nothing.
 */
export async function loadFile(page: Page, htmlPath: string, deadline: Deadline, what: string, fontSpecs: readonly string[]): Promise<void> {
  await guard(deadline, page, what, page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load', timeout: 0 }))
  const failed = await guard(deadline, page, what, page.evaluate(fontFailures, fontSpecs))
  if (failed.length > 0) {
    throw new EnvironmentError(`Web fonts did not load for ${what}: ${failed.join(', ')}`, 'Reinstall the dependencies (`npm ci`): the fonts come from the @fontsource packages.')
  }
}

/** Page script: the font specs (and declared faces) that did not load; each spec is loaded first, as the page may not use it yet. */
async function fontFailures(specs: readonly string[]): Promise<string[]> {
  await document.fonts.ready
  const failed: string[] = []
  for (const spec of specs) {
    // A face whose file cannot be fetched rejects the load (a NetworkError): that is a failure to report, not a crash.
    const faces = await document.fonts.load(spec, 'Aa').catch((): FontFace[] => [])
    if (faces.length === 0 || faces.some((face) => face.status !== 'loaded')) failed.push(spec)
  }
  document.fonts.forEach((face) => {
    if (face.status === 'error') failed.push(`${face.style} ${face.weight} "${face.family}" (${face.unicodeRange})`)
  })
  return failed
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

/** Close a page unless the browser is gone or hangs; the session's close kills what is left. */
export async function closeQuietly(page: Page): Promise<void> {
  if (page.isClosed()) return
  let timer: NodeJS.Timeout | undefined
  await Promise.race([page.close().catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]).finally(() => clearTimeout(timer))
}
