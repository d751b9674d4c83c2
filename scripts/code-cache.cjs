// Runs one of the command's CommonJS bundles (scripts/cli-bundle.js makes
// them) through vm.Script, compiled from a V8 code cache beside it when
// there is one, and writes that cache when there is none. CommonJS and
// vm.Script because Node 20 has no code cache for ES modules; why a cache
// at all, and what it saves, is in scripts/cli-bundle.js. Used for the
// command itself and for the parse worker (src/validate/parse-pool.ts),
// which starts in a thread of its own and would otherwise compile its code
// from nothing on every build.
//
// V8 checks a cache against its own version and flags and rejects it on a
// mismatch, so there is one cache per set of flags; the bundle it was made
// from never changes (a changed source makes a new folder).
// SPRINGBOARD_CODE_CACHE=FILE keeps the command's cache in FILE instead
// (and the worker's in FILE.parse-worker): the tests use it to start from
// none. SPRINGBOARD_DEBUG=1 says what became of each cache.
'use strict'
const { createHash } = require('node:crypto')
const { readFileSync, renameSync, writeFileSync } = require('node:fs')
const { createRequire, wrap } = require('node:module')
const path = require('node:path')
const vm = require('node:vm')

function debug(text) {
  if (process.env.SPRINGBOARD_DEBUG) process.stderr.write(`springboard: ${text}\n`)
}

/** `cli-1a2b3c4d.v8cache` beside `cli.cjs`: named after the V8 flags it was made under. */
function cacheFileFor(file) {
  const name = path.basename(file, '.cjs')
  const override = process.env.SPRINGBOARD_CODE_CACHE
  if (override) return name === 'cli' ? override : `${override}.${name}`
  const flags = createHash('sha256').update([...process.execArgv, process.env.NODE_OPTIONS ?? ''].join('\0')).digest('hex').slice(0, 8)
  return path.join(path.dirname(file), `${name}-${flags}.v8cache`)
}

/**
 * Compile `file` (from its cache when V8 takes it). `run()` runs it as Node runs a CommonJS module and returns
 * its exports; `save()` writes the cache, with every function compiled so far, unless it was used as it was.
 */
function loadWithCodeCache(file) {
  const name = path.basename(file, '.cjs')
  const source = readFileSync(file, 'utf8')
  const cacheFile = cacheFileFor(file)
  let cachedData
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    // None yet: this run makes it.
  }
  const script = new vm.Script(wrap(source), { filename: file, cachedData })
  const state = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'
  debug(name === 'cli' ? `code cache ${state}` : `${name} code cache ${state}`)
  return {
    state,
    run() {
      const module = { exports: {} }
      script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file))
      return module.exports
    },
    save() {
      if (state === 'used') return
      try {
        // Written whole, then renamed: a command starting meanwhile never reads half a cache.
        const partial = `${cacheFile}.${process.pid}.partial`
        writeFileSync(partial, script.createCachedData())
        renameSync(partial, cacheFile)
        debug(name === 'cli' ? 'code cache written' : `${name} code cache written`)
      } catch (error) {
        debug(`${name} code cache not written (${error.message})`)
      }
    },
  }
}

module.exports = { loadWithCodeCache }
