// The parse worker's entry (src/validate/parse-pool.ts starts it): runs the
// bundle's parse-worker.cjs compiled from its code cache, like the command
// itself (scripts/code-cache.cjs), and writes the cache when there was none.
'use strict'
const { workerData } = require('node:worker_threads')
const { loadWithCodeCache } = require('./code-cache.cjs')

const worker = loadWithCodeCache(workerData.bundle)
// Parses every chapter it claims, synchronously; the cache then holds all the code that took.
worker.run()
worker.save()
