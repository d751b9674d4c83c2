/**
 * The one place that finds and launches the browser (Chromium or Chrome,
 * headless), for the cover, the print PDF and the handouts.
 *
 * Where the browser comes from: see findBrowser. Pages only reach files
 * inside the build folder they are given: every other request is blocked
 * and recorded.
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
  'Either let Puppeteer download its Chrome: on a machine with a network, `npm ci` does (unless PUPPETEER_SKIP_DOWNLOAD is set), ' +
  'or `npx puppeteer browsers install chrome`; or install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: install Google Chrome), ' +
  'or point PUPPETEER_EXECUTABLE_PATH at a Chrome or Chromium binary.'

/**
 * The browser to launch, in this order (the README's troubleshooting says the same):
 * 1. `SPRINGBOARD_BROWSER`, then `PUPPETEER_EXECUTABLE_PATH`, when set (a path that does not exist is an error);
 * 2. the Chrome that `npm ci` downloaded for Puppeteer (`puppeteer.executablePath()`: its cache,
 *    `~/.cache/puppeteer` or `PUPPETEER_CACHE_DIR`): the version this Puppeteer is made for, the same on
 *    every machine that has it;
 * 3. a system Chrome or Chromium (`systemPaths`): where no download could be made, or PUPPETEER_SKIP_DOWNLOAD
 *    was set when installing, as in CI here.
 */
export async function findBrowser(env: NodeJS.ProcessEnv = process.env, systemPaths: readonly string[] = systemBrowserPaths): Promise<string> {
  for (const variable of ['SPRINGBOARD_BROWSER', 'PUPPETEER_EXECUTABLE_PATH'] as const) {
    const value = env[variable]
    if (value) {
      if (!existsSync(value)) {
        throw new EnvironmentError(`${variable} is set to ${value}, but there is no such file`, browserHelp)
      }
      return value
    }
  }
  const downloaded = await downloadedBrowser()
  if (downloaded) return downloaded
  for (const candidate of systemPaths) if (existsSync(candidate)) return candidate
  throw new EnvironmentError('No Chrome or Chromium browser found: Puppeteer has not downloaded one, and none is installed', browserHelp)
}

/** Puppeteer's own Chrome, where `npm ci` (or `npx puppeteer browsers install chrome`) put it; undefined when it is not there. */
async function downloadedBrowser(): Promise<string | undefined> {
  try {
    const file = await puppeteer.executablePath()
    return file && existsSync(file) ? file : undefined
  } catch {
    return undefined // no platform Puppeteer downloads for
  }
}

/**
 * The browser a print would use, by its own word (`--version`) and where it is: a print's page map holds
 * only for the same browser (src/printed-pages.ts). Undefined when there is none (no print could be made).
 */
export async function browserVersion(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  let executable: string
  try {
    executable = await findBrowser(env)
  } catch {
    return undefined
  }
  const { runTool } = await import('../process/children.ts')
  try {
    const { stdout } = await runTool(executable, ['--version'], { timeoutMs: 60_000, doing: `${executable} --version`, env })
    return `${stdout.trim()} (${executable})`
  } catch {
    return undefined
  }
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
