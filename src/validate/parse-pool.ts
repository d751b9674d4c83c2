/**
 * Parsing is most of checking a book (micromark, about 15 ms a chapter
 * here), and a build machine has more than one core. So for a book of many
 * chapters a worker thread parses chapters while this thread parses too
 * and checks and transforms those already parsed, in order. Both threads
 * claim chapters from one shared counter, so neither waits while work is
 * left.
 *
 * The worker runs the bundled command's parse-worker.cjs (see
 * scripts/cli-bundle.js), compiled from a code cache like the command
 * (scripts/worker-loader.cjs). Run from the TypeScript sources (tests,
 * SPRINGBOARD_FROM_SOURCE=1) there is none, and everything is parsed here:
 * same trees, one core.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Root as MdastRoot } from 'mdast'
import type { VFile } from 'vfile'
import { importEsm } from '../esm.ts'
import { parseMarkdown } from './parse.ts'

/**
 * Below this many chapters to parse, no worker. Measured with the command's V8 flags (8 runs each,
 * interleaved): 52 chapters 1008 -> 940 ms with it, 40 chapters 924 -> 892 ms, 26 and 13 chapters no
 * faster (the worker is ready ~120 ms after it is asked for, and parses its first chapter cold). At 520,
 * measured earlier without those flags: 7.6-9.5 s with it against 10.7-10.9 s without. Before the
 * command raised V8's --interrupt-budget, the optimizing compiler already kept the second core busy,
 * and 52 chapters gained nothing.
 */
export const minimumForWorker = 40

/** The trees of `files`, parsed in either thread, handed out in the files' order. */
export async function* parseInOrder(files: readonly VFile[]): AsyncGenerator<MdastRoot, void, undefined> {
  const workerFile = path.join(import.meta.dirname, 'parse-worker.cjs')
  const useWorker = files.length >= minimumForWorker && process.env.SPRINGBOARD_PARSE_WORKER !== '0' && existsSync(workerFile)
  if (!useWorker) {
    for (const file of files) yield parseMarkdown(file)
    return
  }

  // Loaded here: a book too small for the worker does not load Node's worker modules.
  const { Worker } = await importEsm<typeof import('node:worker_threads')>('node:worker_threads')
  const next = new Int32Array(new SharedArrayBuffer(4))
  const parsed = new Map<number, MdastRoot | undefined>()
  let wake: (() => void) | undefined
  let workerGone = false
  let byWorker = 0
  // Started through scripts/worker-loader.cjs, which compiles the worker's bundle from a code cache.
  const loaderFile = fileURLToPath(new URL('../../scripts/worker-loader.cjs', import.meta.url))
  const worker = new Worker(loaderFile, {
    workerData: { bundle: workerFile, texts: files.map((file) => String(file.value)), next },
    // It holds one tree at a time, so a small heap does (a chapter too big for it stops the
    // worker, and this thread parses the rest). Measured on 520 chapters: peak RSS 272-275 MB
    // with these limits, 297-311 MB without; 32/8 MB saved more but parsed slower.
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
  })
  worker.on('message', (message: { index: number; tree?: MdastRoot }) => {
    parsed.set(message.index, message.tree)
    byWorker++
    wake?.()
  })
  // A worker that fails (or is stopped) only means this thread parses the rest;
  // if a chapter broke the parser there, it breaks it here too, and that is reported as a bug.
  worker.on('error', () => undefined)
  const exited = new Promise<void>((resolve) => {
    worker.on('exit', () => {
      workerGone = true
      wake?.()
      resolve()
    })
  })
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))
  const workerNews = () =>
    new Promise<void>((resolve) => {
      wake = resolve
    })
  try {
    for (let index = 0; index < files.length; index++) {
      while (!parsed.has(index)) {
        // Whatever the worker claimed and did not send (it stopped), this thread parses.
        if (workerGone) {
          parsed.set(index, undefined)
          break
        }
        // Let the worker's finished trees (or its exit) in before starting on another.
        await nextTurn()
        if (parsed.has(index) || workerGone) continue
        const claimed = Atomics.add(next, 0, 1)
        if (claimed < files.length) parsed.set(claimed, parseMarkdown(files[claimed]!))
        else await workerNews()
        wake = undefined
      }
      const tree = parsed.get(index) ?? parseMarkdown(files[index]!)
      parsed.delete(index)
      yield tree
    }
  } finally {
    // With every chapter claimed, the worker ends by itself once it has sent its last tree and, on a first
    // build, written its code cache; stopping it here could lose that cache (it did, 1 build in 6). If
    // chapters are left (a bug thrown above, or a generator given up early), it is stopped.
    if (Atomics.load(next, 0) >= files.length) await exited
    else await worker.terminate()
    if (process.env.SPRINGBOARD_DEBUG) process.stderr.write(`springboard: the parse worker parsed ${byWorker} of ${files.length} chapters\n`)
  }
}
