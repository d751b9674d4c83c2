// Loads the `springboard` command from one bundled file instead of ~300
// TypeScript and package modules.
//
// Why: run through tsx, a command spent 1.2-1.4 s before its first chapter
// (tsx's loader hooks answer every import from a worker thread, then Node
// reads, compiles and links each module one by one). One esbuild bundle of
// src/ and the packages it uses loads in about half that, and the command
// no longer runs tsx's esbuild service beside it (56 MB at 520 chapters).
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
// never broken.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const sourceDir = path.join(projectRoot, 'src')
const cacheDir = path.join(projectRoot, 'node_modules', '.cache', 'springboard-press')

// Left out of the bundle and imported from node_modules when needed: they
// load files next to themselves (Chromium's protocol, pdf.js's worker) or
// are only for PDFs, which take seconds anyway.
const external = ['puppeteer', 'pdfjs-dist', 'chokidar']

/** The command's `main`, from the bundle when it can be had. */
export async function loadCli() {
  if (!process.env.SPRINGBOARD_FROM_SOURCE) {
    try {
      const bundle = await ensureBundle()
      if (bundle) return await import(pathToFileURL(bundle).href)
    } catch (error) {
      if (process.env.SPRINGBOARD_DEBUG) process.stderr.write(`springboard: running from source (${error.message})\n`)
    }
  }
  const { register } = await import('tsx/esm/api')
  register()
  return import('../src/cli.ts')
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
  const entry = path.join(dir, 'cli.mjs')
  if (existsSync(entry)) return entry

  const esbuild = await import('esbuild')
  await mkdir(cacheDir, { recursive: true })
  // Written into a folder of its own, then renamed: two commands started at
  // once each make one, and neither ever imports a half-written bundle.
  const partial = `${dir}.${process.pid}.partial`
  await rm(partial, { recursive: true, force: true })
  await esbuild.build({
    // The parse worker is an entry of its own, found by src/validate/parse-pool.ts beside its chunk.
    entryPoints: { cli: path.join(sourceDir, 'cli.ts'), 'parse-worker': path.join(sourceDir, 'validate', 'parse-worker.ts') },
    outdir: partial,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // What src/ imports lazily (the PDF stages, the dev server, verify) goes
    // into chunks of its own, loaded only when used, as with the sources.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external,
    // Bundled CommonJS packages call require(); give them one.
    banner: { js: "import { createRequire as __springboardRequire } from 'node:module'; const require = __springboardRequire(import.meta.url);" },
    // Each source file keeps its own import.meta.url (templates/, fonts and
    // packages are found relative to it), not the bundle's.
    plugins: [ownUrls],
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
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' }
    })
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
