#!/usr/bin/env node
// The `springboard` command. Node 22.18+ runs the TypeScript sources as they are (type stripping);
// Node's own compile cache keeps the second start from recompiling them.
import module from 'node:module'
import { nodeVersionProblem } from './node-version.js'

// Before the sources are imported: an older Node could not run them, and would print a stack trace.
const nodeProblem = nodeVersionProblem()
if (nodeProblem) {
  process.stderr.write(`${nodeProblem}\n`)
  process.exit(2)
}

module.enableCompileCache?.()

const { main } = await import('../src/cli.ts')

// Ctrl-C (or a SIGTERM) stops any command at its next step and cleans up: the tools it runs (with
// what they started), the browser, temp and staging folders; dist/ keeps its last good files, an
// import writes nothing. A second signal exits at once, and still ends the tools (src/process/).
const controller = new AbortController()
const stop = () => {
  if (controller.signal.aborted) process.exit(130)
  controller.abort()
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

// A reader that stops reading (`springboard import … | head -1`) ends that output, quietly; the command
// itself finishes as it would have.
const gone = new Set()
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error
    gone.add(stream)
  })
}
const write = (stream, text) => void (gone.has(stream) || stream.write(text))

// No process.exit() at the end: it would drop output still queued for a pipe. The exit code is set,
// and Node exits once everything is written.
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => write(process.stdout, `${text}\n`),
  stderr: (text) => write(process.stderr, `${text}\n`),
  progress: (text) => write(process.stderr, text),
  interactive: Boolean(process.stderr.isTTY) && !process.env.CI && process.env.TERM !== 'dumb',
  cwd: process.cwd(),
  signal: controller.signal,
})
