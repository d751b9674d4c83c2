// Loads the `springboard` command from one bundled file instead of ~300
// TypeScript and package modules, and compiles that file from a V8 code
// cache.
//
// Why: run through tsx, a command spent 1.2-1.4 s before its first chapter
// (tsx's loader hooks answer every import from a worker thread, then Node
// reads, compiles and links each module one by one). One esbuild bundle of
// src/ and the packages it uses loads in about half that, and the command
// no longer runs tsx's esbuild service beside it (56 MB at 520 chapters).
// Compiling the bundle's 5 MB, and then each function it calls for the
// first time, still took 0.3-0.4 s of a 52-chapter build. So the bundle is
// CommonJS, run through vm.Script, whose compiled code V8 can save and load
// (Node 20 has no code cache for ES modules): after the first command, the
// code that command compiled is written next to the bundle (`cli-*.v8cache`)
// and later commands start from it. Measured on 52 chapters: loading the
// bundle 300-450 ms -> 150-230 ms. V8 checks the cache against its own
// version and flags and rejects it on a mismatch; the bundle it was made
// from never changes, as a changed source makes a new folder (below).
//
// The bundle is made on the first run after any change and kept in
// node_modules/.cache/springboard-press/ (inside node_modules so that the
// packages left out of it, below, resolve as usual). Its name is a
// fingerprint of every file under src/, package-lock.json and this file
// (path, size, modification time: a stat each, no reads), so an edit, a
// `git pull` or an `npm ci` makes a new one. Nothing is committed.
//
// SPRINGBOARD_FROM_SOURCE=1 skips the bundle and runs the sources through
// tsx (stack traces then point at src/). So does any failure to make or
// write the bundle (a read-only node_modules, esbuild missing): slower,
// never broken. SPRINGBOARD_DEBUG=1 says which, and what became of the code
// cache; SPRINGBOARD_CODE_CACHE=FILE keeps the cache in FILE instead (the
// tests use it to start from none).
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { loadWithCodeCache } from './code-cache.cjs'

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const sourceDir = path.join(projectRoot, 'src')
const cacheDir = path.join(projectRoot, 'node_modules', '.cache', 'springboard-press')

// Left out of the bundle and loaded from node_modules when needed: they
// load files next to themselves (Chromium's protocol, pdf.js's worker) or
// are only for PDFs, which take seconds anyway. (pdf.js is an ES module,
// which a CommonJS bundle cannot require(): src/esm.ts imports it.)
const external = ['puppeteer', 'pdfjs-dist', 'chokidar']

const debug = (text) => {
  if (process.env.SPRINGBOARD_DEBUG) process.stderr.write(`springboard: ${text}\n`)
}

/** The command's `main`, from the bundle when it can be had. */
export async function loadCli() {
  if (!process.env.SPRINGBOARD_FROM_SOURCE) {
    try {
      return runBundle(await ensureBundle())
    } catch (error) {
      debug(`running from source (${error.message})`)
    }
  }
  const { register } = await import('tsx/esm/api')
  register()
  return import('../src/cli.ts')
}

/** Run the bundle, compiled from its code cache when there is one (scripts/code-cache.cjs). */
function runBundle(file) {
  const bundle = loadWithCodeCache(file)
  // Code compiled from a cache has no import() on Node 20: lend it ours (src/esm.ts). The packages it
  // imports (pdf.js) resolve from this folder's node_modules, as they would from the bundle's.
  globalThis[Symbol.for('springboard-press.import')] = (specifier) => import(specifier)
  // Made when the command ends, so that it holds every function the command compiled, not just the top level.
  if (bundle.state !== 'used') process.once('exit', () => bundle.save())
  return bundle.run()
}

function fingerprint() {
  const hash = createHash('sha256')
  const add = (file) => {
    const { size, mtimeMs } = statSync(file)
    hash.update(`${path.relative(projectRoot, file)}\0${size}\0${mtimeMs}\n`)
  }
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else add(full)
    }
  }
  walk(sourceDir)
  add(path.join(projectRoot, 'package-lock.json'))
  add(fileURLToPath(import.meta.url))
  hash.update(process.version)
  return hash.digest('hex').slice(0, 16)
}

async function ensureBundle() {
  const dir = path.join(cacheDir, `cli-${fingerprint()}`)
  const entry = path.join(dir, 'cli.cjs')
  if (existsSync(entry)) return entry

  const esbuild = await import('esbuild')
  await mkdir(cacheDir, { recursive: true })
  // Written into a folder of its own, then renamed: two commands started at
  // once each make one, and neither ever imports a half-written bundle.
  const partial = `${dir}.${process.pid}.partial`
  await rm(partial, { recursive: true, force: true })
  await esbuild.build({
    // The parse worker is an entry of its own, found by src/validate/parse-pool.ts beside the bundle.
    entryPoints: { cli: path.join(sourceDir, 'cli.ts'), 'parse-worker': path.join(sourceDir, 'validate', 'parse-worker.ts') },
    outdir: partial,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    // What src/ imports lazily (the PDF stages, the dev server, verify) is
    // in the file too, but esbuild runs a module's top level only when it
    // is first imported, as with the sources.
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Without comments and spaces the file is a third smaller, to read and to check against its code cache
    // (20-30 ms of each command). Names are kept: stack traces still name functions (and src/validate/parse.ts
    // finds GFM's autolink pass by its name).
    minifyWhitespace: true,
    minifySyntax: true,
    external,
    // Each source file keeps its own import.meta.url (templates/, fonts and
    // packages are found relative to it), not the bundle's; import.meta.dirname
    // (the parse worker beside the bundle) becomes the bundle's folder.
    plugins: [ownUrls, lazyNodeFetch],
    logLevel: 'silent',
  })
  try {
    await rename(partial, dir)
  } catch (error) {
    // Another command renamed its copy first: use that one.
    await rm(partial, { recursive: true, force: true })
    if (!existsSync(entry)) throw error
  }
  await removeStaleBundles(path.basename(dir))
  return entry
}

const ownUrls = {
  name: 'springboard-own-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (!args.path.startsWith(sourceDir + path.sep)) return undefined
      const text = await readFile(args.path, 'utf8')
      const contents = text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)).replaceAll('import.meta.dirname', '__dirname')
      return { contents, loader: 'ts' }
    })
  },
}

// epub-gen-memory loads node-fetch when it loads, and with it Node's HTTP,
// HTTPS and TLS modules and a URL parser: 20-25 ms of every command, though
// a build never fetches (remote images are refused before packaging, and
// local ones are read from disk). In the bundle, node-fetch is loaded on
// the first fetch instead.
const lazyNodeFetch = {
  name: 'springboard-lazy-node-fetch',
  setup(build) {
    build.onResolve({ filter: /^node-fetch$/ }, (args) => {
      if (!args.importer.includes(`${path.sep}epub-gen-memory${path.sep}`)) return undefined
      return { path: 'lazy-node-fetch', namespace: 'springboard' }
    })
    build.onLoad({ filter: /^lazy-node-fetch$/, namespace: 'springboard' }, () => ({
      contents: "module.exports = function fetch(...args) { return require('node-fetch')(...args) }",
      resolveDir: projectRoot,
      loader: 'js',
    }))
  },
}

// Older bundles go after a day, not at once: a command started before the
// change (a `springboard dev` left running) still loads its lazy chunks.
async function removeStaleBundles(keep) {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000
  for (const name of await readdir(cacheDir)) {
    const full = path.join(cacheDir, name)
    if (name.startsWith('cli-') && name !== keep && statSync(full).mtimeMs < dayAgo) await rm(full, { recursive: true, force: true })
  }
}

// `node scripts/cli-bundle.js`: make the bundle now (CI and `npm ci` do not need to; the first command does).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await ensureBundle())
}
