#!/usr/bin/env -S node --max-semi-space-size=16 --min-semi-space-size=4 --heap-growing-percent=30 --interrupt-budget=540672
// The `springboard` command. Its TypeScript sources are bundled into one
// file on the first run after a change (scripts/cli-bundle.js says why and
// where), so there is still no compile step between `npm ci` and a build.
//
// The V8 flags (also in package.json's scripts, which run this file with
// `node`, so the line above does not apply there): parsing Markdown makes
// garbage fast, and much of it lives just long enough to be moved to the
// old generation, which V8 lets grow to several times what is alive before
// it collects it (at 520 chapters: a 168 MB heap with 67 MB alive).
// --heap-growing-percent=30 collects at 1.3 times; with it, a 16 MB young
// generation is faster than 8 MB and still small. Measured on 520
// chapters: peak RSS 277-289 MB -> 228-232 MB, 8.8-9.5 s -> 7.1-7.3 s; 52
// chapters 1.71 -> 1.60 s. --min-semi-space-size=4 starts the young
// generation at 4 MB instead of growing it from 1 MB: fewer collections
// while a short build warms up (52 chapters, three batches of 10-12 runs
// each, interleaved: 3-4 % faster; same peak at 520). None of the flags
// caps the heap: no book is too big.
// --interrupt-budget=540672 (8 times V8's default) makes V8 wait longer
// before it sends a function to its optimizing compiler. A build is over
// in a second or a few, and on two cores those compiles, in a background
// thread, took the core the collector and zlib needed, for code that was
// mostly done by the time it was optimized. Measured interleaved, 52
// chapters: 1.38 -> 1.11 s (user time 2.05 -> 1.31 s); 520 chapters:
// 5.9-6.3 -> 4.6-4.7 s, same peak RSS. A lower budget (earlier
// optimization) was slower; no optimizing compiler at all, far slower.
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
