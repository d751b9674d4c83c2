#!/usr/bin/env -S node --max-semi-space-size=8
// The `springboard` command. Its TypeScript sources are bundled into one
// file on the first run after a change (scripts/cli-bundle.js says why and
// where), so there is still no compile step between `npm ci` and a build.
//
// --max-semi-space-size=8 (also in package.json's scripts, which run this
// file with `node`): parsing Markdown makes short-lived garbage fast, and
// V8's default young generation (up to 16 MB a half) lets the heap grow
// with it. Measured on 520 chapters: peak RSS 359 -> 286 MB, same time.
// It is a size for the young generation only, so no book is too big for it.
import { loadCli } from './cli-bundle.js'

const { main } = await loadCli()

// Ctrl-C (or a SIGTERM) stops the build at its next step and cleans up:
// temp folders, the browser, the staging folder. dist/ keeps its last good
// files. A second signal stops at once.
const controller = new AbortController()
const stop = () => {
  if (controller.signal.aborted) process.exit(130)
  controller.abort()
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  progress: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY) && !process.env.CI && process.env.TERM !== 'dumb',
  cwd: process.cwd(),
  signal: controller.signal,
})
process.exit()
