/**
 * The unit lane's guard: no test in it may start a browser, Java, Ghostscript or any other external
 * tool. The `unit` project's environment (vitest.config.ts: `env: unitLaneEnv()`, for its workers only,
 * so not for the e2e lane run beside it) puts a folder of stand-ins first on PATH, one for each such tool,
 * which record their name and fail (exit 127), and points the browser variables that src/browser/ reads
 * first (SPRINGBOARD_BROWSER, PUPPETEER_EXECUTABLE_PATH) at the same stand-in, so that a launch cannot
 * reach Chromium. This globalSetup makes that folder before the tests and, after them, fails the run if
 * anything was recorded: a test that tolerated the failure (`check` goes on without its handout layout)
 * is caught too. Such a test belongs in `*.e2e.test.ts`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** The external programs the project or its tests run (by PATH name), and the browsers findBrowser looks for. */
export const externalTools = [
  'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome',
  'java', 'epubcheck', 'ace', 'gs', 'qpdf', 'pdfinfo', 'pdffonts', 'pdftotext', 'pdftoppm', 'pdfimages', 'mutool',
  'zbarimg', 'ebook-convert', 'ebook-meta', 'ebook-polish', 'kindlegen', 'qemu-i386', 'pandoc', 'weasyprint',
  'convert', 'magick', 'identify', 'compare',
] as const

/** The stand-in: records `name args` in SPRINGBOARD_TOOL_LOG, says why on stderr, fails. */
const standIn = `#!/bin/sh
printf '%s\\n' "$(basename "$0") $*" >> "\${SPRINGBOARD_TOOL_LOG:?}"
echo "$(basename "$0"): not available in the unit lane (a test that needs it is a *.e2e.test.ts)" >&2
exit 127
`

/** The stand-ins' folder of this vitest run (the main process makes it; the workers are told by their env). */
export const unitLaneDir = path.join(os.tmpdir(), `springboard-unit-lane-${process.pid}`)

/** The unit lane's environment: the stand-ins first on PATH, the browser variables at the stand-in, the log. */
export function unitLaneEnv(dir = unitLaneDir): Record<string, string> {
  const bin = path.join(dir, 'bin')
  return {
    SPRINGBOARD_TOOL_LOG: path.join(dir, 'started.log'),
    SPRINGBOARD_UNIT_LANE: bin,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    SPRINGBOARD_BROWSER: path.join(bin, 'chromium'),
    PUPPETEER_EXECUTABLE_PATH: path.join(bin, 'chromium'),
  }
}

/** vitest's globalSetup for the unit project (it passes the project, which is not needed here). */
export default function setup(): () => void {
  return makeUnitLane(unitLaneDir)
}

/** Make the stand-ins and an empty log in `dir`; the teardown fails if the log is not empty. */
export function makeUnitLane(dir: string): () => void {
  const env = unitLaneEnv(dir)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(env.SPRINGBOARD_UNIT_LANE!, { recursive: true })
  writeFileSync(env.SPRINGBOARD_TOOL_LOG!, '')
  for (const name of externalTools) writeFileSync(path.join(env.SPRINGBOARD_UNIT_LANE!, name), standIn, { mode: 0o755 })

  return () => {
    const log = env.SPRINGBOARD_TOOL_LOG!
    const started = existsSync(log) ? readFileSync(log, 'utf8').trim() : ''
    rmSync(dir, { recursive: true, force: true })
    if (started) {
      throw new Error(`The unit lane started external tools (move the tests that need them to *.e2e.test.ts):\n${started}`)
    }
  }
}
