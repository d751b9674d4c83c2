/**
 * The unit lane's guard (vitest globalSetup of the `unit` project): no test in it may start a browser,
 * Java, Ghostscript or any other external tool. Before the tests, every such tool is shadowed on PATH by
 * a stand-in that records its name and fails (exit 127), and the browser variables that src/browser/
 * reads first (SPRINGBOARD_BROWSER, PUPPETEER_EXECUTABLE_PATH) point at the same stand-in, so a launch
 * cannot reach Chromium. After the tests, the run fails if anything was recorded: a test that tolerated
 * the failure (`check` goes on without its handout layout) is caught too. Such a test belongs in
 * `*.e2e.test.ts`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'springboard-unit-lane-'))
  const bin = path.join(dir, 'bin')
  const log = path.join(dir, 'started.log')
  writeFileSync(log, '')
  mkdirSync(bin)
  for (const name of externalTools) writeFileSync(path.join(bin, name), standIn, { mode: 0o755 })
  process.env.SPRINGBOARD_TOOL_LOG = log
  process.env.SPRINGBOARD_UNIT_LANE = bin
  process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ''}`
  process.env.SPRINGBOARD_BROWSER = path.join(bin, 'chromium')
  process.env.PUPPETEER_EXECUTABLE_PATH = path.join(bin, 'chromium')

  return () => {
    const started = existsSync(log) ? readFileSync(log, 'utf8').trim() : ''
    rmSync(dir, { recursive: true, force: true })
    if (started) {
      throw new Error(`The unit lane started external tools (move the tests that need them to *.e2e.test.ts):\n${started}`)
    }
  }
}

