/**
 * The one place that finds and launches the browser (Chromium or Chrome,
 * headless), for the cover, the print PDF and the handouts.
 *
 * Where the browser comes from, in order: `PUPPETEER_EXECUTABLE_PATH` (or
 * `SPRINGBOARD_BROWSER`), a system Chrome or Chromium, Puppeteer's own
 * download cache. Pages only reach files inside the build folder they are
 * given: every other request is blocked and recorded.
 */
import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import puppeteer, { type Browser, type Page } from 'puppeteer'
import { EnvironmentError } from '../errors.ts'
import { removeWorkFolder } from '../files/remove.ts'

export const systemBrowserPaths = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
]

/** Flags for a quiet, offline, reproducible headless browser. */
export const browserFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-default-apps',
  '--disable-extensions',
  '--font-render-hinting=none',
  '--hide-scrollbars',
  '--mute-audio',
]

export const browserHelp =
  'Install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: install Google Chrome), ' +
  'or point PUPPETEER_EXECUTABLE_PATH at a Chrome or Chromium binary, ' +
  'or download one for Puppeteer with `npx puppeteer browsers install chrome`.'

export async function findBrowser(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  for (const variable of ['SPRINGBOARD_BROWSER', 'PUPPETEER_EXECUTABLE_PATH'] as const) {
    const value = env[variable]
    if (value) {
      if (!existsSync(value)) {
        throw new EnvironmentError(`${variable} is set to ${value}, but there is no such file`, browserHelp)
      }
      return value
    }
  }
  for (const candidate of systemBrowserPaths) if (existsSync(candidate)) return candidate
  try {
    const cached = await puppeteer.executablePath()
    if (cached && existsSync(cached)) return cached
  } catch {
    // No browser in Puppeteer's cache either.
  }
  throw new EnvironmentError('No Chrome or Chromium browser found', browserHelp)
}

export interface BrowserSession {
  browser: Browser
  /** A page that may only load files inside `allowedDir` (and, for the dev server's tests, the origins given). */
  newPage(allowedDir: string, allowOrigins?: readonly string[]): Promise<Page>
  /** Requests that were blocked, for tests and diagnostics. */
  readonly blocked: string[]
  /** True when the browser went away without being closed (a crash, or killed). */
  readonly crashed: boolean
  close(): Promise<void>
}

export interface LaunchOptions {
  env?: NodeJS.ProcessEnv
  /** Milliseconds to wait for the browser to start. */
  timeout?: number
  /** Aborting stops a launch under way (and closes a launched browser). */
  signal?: AbortSignal
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<BrowserSession> {
  const executablePath = await findBrowser(options.env)
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'springboard-browser-'))
  let browser: Browser
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      userDataDir,
      // Chromium keeps its singleton socket in a folder under TMPDIR; inside the profile it goes when the profile does, even after a SIGKILL.
      env: { ...(options.env ?? process.env), TMPDIR: userDataDir },
      args: browserFlags,
      // Over a pipe, not a port: the browser ends when this process does, even by SIGKILL, rather than
      // run on as an orphan.
      pipe: true,
      timeout: options.timeout ?? 60_000,
      protocolTimeout: 600_000,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      signal: options.signal,
    })
  } catch (error) {
    await removeWorkFolder(userDataDir)
    throw new EnvironmentError(`Could not start the browser at ${executablePath}: ${(error as Error).message}`, browserHelp, {
      cause: error,
    })
  }
  const blocked: string[] = []
  let closed = false
  let crashed = false
  browser.on('disconnected', () => {
    if (!closed) crashed = true
  })
  return {
    browser,
    blocked,
    get crashed() {
      return crashed
    },
    async newPage(allowedDir: string, allowOrigins: readonly string[] = []) {
      // Each page in a browser context, so a renderer process, of its own: pages that print at once (the
      // interior and the handouts) then share no DOM node counter, whose numbers the tagged PDF carries.
      const context = await browser.createBrowserContext()
      const page = await context.newPage()
      page.once('close', () => void context.close().catch(() => {}))
      const allowed = path.resolve(allowedDir)
      const origins = allowOrigins.map((origin) => origin.replace(/\/?$/, '/'))
      await page.setRequestInterception(true)
      page.on('request', (request) => {
        const url = request.url()
        if (isFileInside(url, allowed) || url.startsWith('data:') || url === 'about:blank' || origins.some((origin) => url.startsWith(origin))) {
          void request.continue()
        } else {
          blocked.push(url)
          void request.abort('blockedbyclient')
        }
      })
      return page
    },
    async close() {
      if (closed) return
      closed = true
      const child = browser.process()
      try {
        // Bounded: a browser that does not close in 5 s is killed below. The timer is cleared so that it
        // does not keep the command alive once the browser has closed.
        let timer: NodeJS.Timeout | undefined
        await Promise.race([browser.close(), new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]).finally(() => clearTimeout(timer))
      } catch {
        // The browser may have crashed already; make sure the process is gone below.
      }
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await removeWorkFolder(userDataDir)
    },
  }
}

/** Is `url` a file: URL of a file inside `dir`? Compared as paths, so that percent-encoded names (`%20`, `%23`) match. */
function isFileInside(url: string, dir: string): boolean {
  if (!url.startsWith('file:')) return false
  let file: string
  try {
    file = fileURLToPath(url)
  } catch {
    return false // not a local path (a host, or an encoded slash)
  }
  const relative = path.relative(dir, file)
  return relative === '' || (relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative))
}

/** Run `work` with a browser and always close it, even when `work` fails. */
export async function withBrowser<T>(work: (session: BrowserSession) => Promise<T>, options?: LaunchOptions): Promise<T> {
  const session = await launchBrowser(options)
  try {
    return await work(session)
  } finally {
    await session.close()
  }
}

/**
 * A browser failure as the user should hear it: a crash or a time-out is an
 * environment problem (exit 2), not a bug; anything else is returned as is.
 */
export function explainBrowserFailure(error: unknown, session: BrowserSession | undefined, doing: string): unknown {
  if (session?.crashed) {
    return new EnvironmentError(
      `The browser stopped unexpectedly (it crashed or was killed) while ${doing}`,
      'Build again. If it keeps happening, check free memory (`free -h`) and that the browser starts (`chromium --version`).',
      { cause: error },
    )
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new EnvironmentError(`The browser timed out while ${doing}: ${error.message}`, 'Build again; a very large book may need more memory or time.', { cause: error })
  }
  return error
}
