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

// Ctrl-C (or a SIGTERM) stops the build at its next step and cleans up: temp folders, the browser,
// the staging folder. dist/ keeps its last good files. A second signal stops at once.
const controller = new AbortController()
const stop = () => {
  if (controller.signal.aborted) process.exit(130)
  controller.abort()
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

// No process.exit() at the end: it would drop output still queued for a pipe. The exit code is set,
// and Node exits once everything is written.
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  progress: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY) && !process.env.CI && process.env.TERM !== 'dumb',
  cwd: process.cwd(),
  signal: controller.signal,
})
