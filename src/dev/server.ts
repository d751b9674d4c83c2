/**
 * `springboard dev`: watch the book, rebuild what changed, serve a preview.
 *
 * Chapters are cached by content (src/cache/chapters.ts, in memory), the
 * cover by the titles it shows, so an edit to one chapter re-parses that
 * chapter alone and repackages the EPUBs. They are written to the preview's
 * own folder (`.springboard-cache/preview/`), never to `dist/`, which holds
 * only what `springboard build` made together. A failed rebuild reports its
 * problems in the terminal and in a banner above the page, and the last
 * good preview stays up.
 */
import { readFile, mkdtemp } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { watch, type FSWatcher } from 'chokidar'
import { launchBrowser, type BrowserSession } from '../browser/index.ts'
import { EnvironmentError } from '../errors.ts'
import { lintBook, modifiedDate } from '../build.ts'
import { BuildCache, MemoryStore } from '../cache/index.ts'
import { coverCache } from '../cache/covers.ts'
import { removeInside, removeWorkFolder } from '../files/remove.ts'
import { resolveVolumes } from '../config/index.ts'
import { packageVolumeEpub } from '../package/volume-epub.ts'
import { writeOutputs } from '../package/write.ts'
import { installFonts } from '../render/fonts.ts'
import { flattenMessages, formatMessages, hasErrors, type FlatMessage } from '../report/messages.ts'
import { Templates } from '../render/index.ts'
import { toName } from '../transform/index.ts'
import { contentType, openEpub, withReaderStyles } from './epub-files.ts'
import { isPreviewHost, previewHeaders } from './guard.ts'
import { contentsOf, chapterView, type GoodBuild, type LatestFiles, latestFiles } from './contents.ts'
import { epubView, indexPage, messagePage, printView } from './pages.ts'
// The print preview is imported when first asked for: it loads the print modules and the browser, which
// an editor who only looks at the EPUB view never needs.
import type { PrintedPage, VolumePrint } from './print-preview.ts'

export interface DevServerOptions {
  root: string
  /** 0 picks a free port. */
  port?: number
  /** Where the rebuilt EPUBs go; default `<root>/.springboard-cache/preview` (never dist/). */
  out?: string
  log?: (line: string) => void
  env?: NodeJS.ProcessEnv
}

export const previewFolder = path.join('.springboard-cache', 'preview')

export interface RebuildState {
  version: number
  ok: boolean
  messages: FlatMessage[]
  /** Milliseconds the last rebuild took. */
  ms: number
  /** Chapters parsed in the last rebuild (the rest came from the cache). */
  parsed: number
  /** Why the last rebuild stopped short (a folder it cannot write, a bug), when it did. */
  error?: string
}

export interface DevServer {
  url: string
  state(): RebuildState
  /** Rebuild now (the watcher calls this after a change settles). */
  rebuild(): Promise<RebuildState>
  close(): Promise<void>
}

const here = path.dirname(fileURLToPath(import.meta.url))
const readerHref = '/__dev/reader/reader.css'

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const root = path.resolve(options.root)
  const out = path.resolve(options.out ?? path.join(root, previewFolder))
  const log = options.log ?? (() => {})
  // The build cache in memory: the same code and rule as the disk's (src/cache/index.ts).
  const cache = new BuildCache(new MemoryStore())
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'springboard-build-dev-'))
  let session: Promise<BrowserSession> | undefined
  let good: GoodBuild | undefined
  let latest: LatestFiles = { files: [] }
  let readerFonts: Promise<string> | undefined
  // Print layouts by build and volume, and the pages of each chapter in them; dropped with their build.
  const prints = new Map<string, Promise<VolumePrint>>()
  const pages = new Map<string, Promise<PrintedPage[]>>()
  let current: RebuildState = { version: 0, ok: false, messages: [], ms: 0, parsed: 0 }
  const listeners = new Set<ServerResponse>()
  // close() stops a rebuild that waits for the output folder (another build holds it).
  const closing = new AbortController()

  const browser = () => (session ??= launchBrowser({ env: options.env }))

  /** A rebuild that throws leaves the state saying so, never the last good one's `ok: true`. */
  async function rebuild(): Promise<RebuildState> {
    const started = performance.now()
    try {
      return await build(started)
    } catch (error) {
      // The first build's failure ends the preview (below); the command reports it.
      if (closing.signal.aborted || current.version === 0) throw error
      const hint = (error as { hint?: string }).hint
      const reason = `${(error as Error).message ?? error}${hint ? ` (${hint})` : ''}`
      current = { version: current.version + 1, ok: false, messages: current.messages, ms: performance.now() - started, parsed: 0, error: reason }
      log(`Rebuild stopped: ${reason}\nThe preview shows the last good version.`)
      broadcast()
      throw error
    }
  }

  function broadcast(): void {
    const event = `event: rebuild\ndata: ${JSON.stringify(current)}\n\n`
    for (const listener of listeners) listener.write(event)
  }

  async function build(started: number): Promise<RebuildState> {
    const lint = await lintBook(root, undefined, cache, closing.signal)
    const version = current.version + 1
    latest = latestFiles(root, lint)
    if (hasErrors(lint.files) || !lint.config || !lint.introduction) {
      current = { version, ok: false, messages: flattenMessages(lint.files, root), ms: performance.now() - started, parsed: lint.parsed }
      log(`${formatMessages(lint.files, root)}\nRebuild failed: the preview shows the last good version.`)
    } else {
      const { config, introduction } = lint
      const templates = new Templates(root)
      const volumes = resolveVolumes(config, lint.chapters.map((t) => t.chapter))
      const byFile = new Map(lint.chapters.map((t) => [t.chapter.file.path, t]))
      const epubs = new Map<string, Uint8Array>()
      const outputs = []
      const covers = new Map<string, string>()
      const coverRun = cache.run()
      for (const volume of volumes) {
        const chapters = volume.chapters.map((chapter) => byFile.get(chapter.file.path)!)
        const epub = await packageVolumeEpub({ root, config, volume, chapters, introduction, templates, modified: modifiedDate(volume, options.env ?? process.env), workDir: path.join(workDir, 'covers'), covers, coverCache: coverCache(coverRun, volume.id) })
        epubs.set(volume.id, epub)
        outputs.push({ path: `${volume.id}/${toName(volume.title) || volume.id}.epub`, data: epub })
      }
      coverRun.finish('covers')
      await writeOutputs(out, outputs, { signal: closing.signal })
      const key = String(version)
      good = { key, config, introduction, templates, chapters: lint.chapters, volumes, epubs, opened: new Map() }
      for (const id of pages.keys()) if (!id.startsWith(`${key}/`)) pages.delete(id)
      for (const [id, print] of prints) {
        if (id.startsWith(`${key}/`)) continue
        prints.delete(id)
        void print.then((old) => removeInside(workDir, old.dir, { recursive: true }), () => undefined)
      }
      current = { version, ok: true, messages: flattenMessages(lint.files, root), ms: performance.now() - started, parsed: lint.parsed }
      log(`Rebuilt ${outputs.length} EPUB${outputs.length === 1 ? '' : 's'} (in ${path.relative(root, out) || out}) and the preview in ${Math.round(current.ms)} ms`)
    }
    broadcast()
    return current
  }

  /** Memoized by `id`; a failure is forgotten, so that a reload tries again. */
  function once<T>(cached: Map<string, Promise<T>>, id: string, make: () => Promise<T>): Promise<T> {
    let promise = cached.get(id)
    if (!promise) {
      promise = make()
      cached.set(id, promise)
      promise.catch(() => cached.get(id) === promise && cached.delete(id))
    }
    return promise
  }

  /** The pages of a chapter in the print layout of a volume of the last good build. */
  function printedPages(build: GoodBuild, volumeId: string, slug: string): Promise<{ print: VolumePrint; pages: PrintedPage[] }> {
    const print = once(prints, `${build.key}/${volumeId}`, async () => {
      const volume = build.volumes.find((candidate) => candidate.id === volumeId)!
      const byFile = new Map(build.chapters.map((t) => [t.chapter.file.path, t]))
      const { renderVolumePrint } = await import('./print-preview.ts')
      return renderVolumePrint({
        config: build.config,
        volume,
        chapters: volume.chapters.map((chapter) => byFile.get(chapter.file.path)!),
        introduction: build.introduction,
        templates: build.templates,
        session: await browser(),
        dir: path.join(workDir, 'print', `${build.key}-${volumeId}`),
      })
    })
    return print.then(async (laidOut) => {
      const { chapterPages } = await import('./print-preview.ts')
      return { print: laidOut, pages: await once(pages, `${build.key}/${volumeId}/${slug}`, () => chapterPages(laidOut, slug)) }
    })
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const send = (status: number, type: string, body: string | Uint8Array) => {
      response.writeHead(status, previewHeaders(type))
      response.end(body)
    }
    // DNS rebinding: a page of another site whose name resolves to 127.0.0.1 sends its own name (src/dev/guard.ts).
    if (!isPreviewHost(request.headers.host, listeningPort)) return send(403, 'text/plain; charset=utf-8', `The preview answers only at http://127.0.0.1:${listeningPort}/ (or localhost, [::1])`)
    const html = (status: number, body: string) => send(status, 'text/html; charset=utf-8', body)
    if (url.pathname === '/__dev/events') {
      response.writeHead(200, { ...previewHeaders('text/event-stream'), connection: 'keep-alive' })
      response.write(`event: rebuild\ndata: ${JSON.stringify(current)}\n\n`)
      listeners.add(response)
      request.on('close', () => listeners.delete(response))
      return
    }
    if (url.pathname === '/__dev/state') return send(200, 'application/json', JSON.stringify(current))
    if (url.pathname === '/__dev/client.js') return send(200, 'text/javascript', await readFile(path.join(here, 'client.js')))
    if (url.pathname === readerHref) {
      const faces = await (readerFonts ??= installFonts(path.join(workDir, 'reader')))
      return send(200, 'text/css', `${faces}\n${await readFile(path.join(here, 'reader.css'), 'utf8')}`)
    }
    const font = /^\/__dev\/reader\/fonts\/([\w.-]+\.woff2)$/.exec(url.pathname)
    if (font) {
      await (readerFonts ??= installFonts(path.join(workDir, 'reader')))
      return send(200, 'font/woff2', await readFile(path.join(workDir, 'reader', 'fonts', font[1]!)))
    }
    if (url.pathname === '/') return html(200, indexPage(contentsOf(root, out, good, latest, current)))
    if (!good) return html(503, messagePage('No preview yet', 'The book has not built yet: the banner above lists what stops it.'))
    const build = good

    const view = /^\/(epub|print)\/ch-([a-z0-9-]+)$/.exec(url.pathname)
    if (view) {
      const chapter = chapterView(build, current, view[2]!, url.searchParams.get('volume'))
      if (typeof chapter === 'string') return html(404, messagePage('Not in the preview', chapter))
      if (view[1] === 'epub') {
        const document = (await openedEpub(build, chapter.entry.volume)).chapterPath(chapter.entry.slug)
        if (!document) return html(404, messagePage('Not in the EPUB', `The EPUB of volume \`${chapter.entry.volume}\` has no document for \`${chapter.entry.slug}\`.`))
        return html(200, epubView(chapter, `/epub-file/${encodeURIComponent(chapter.entry.volume)}/${document}`))
      }
      const { print, pages: shown } = await printedPages(build, chapter.entry.volume, chapter.entry.slug)
      const src = (index: number) => `/print-page/${encodeURIComponent(chapter.entry.volume)}/${chapter.entry.slug}/${index}.png`
      return html(200, printView(chapter, shown.map((shownPage, index) => ({ ...shownPage, src: src(index) })), { width: print.width, height: print.height }))
    }
    const epubFile = /^\/epub-file\/([^/]+)\/(.+)$/.exec(url.pathname)
    if (epubFile) {
      const volumeId = decodeURIComponent(epubFile[1]!)
      if (!build.epubs.has(volumeId)) return send(404, 'text/plain', `No volume ${volumeId}`)
      const name = decodeURIComponent(epubFile[2]!)
      const data = await (await openedEpub(build, volumeId)).read(name)
      if (!data) return send(404, 'text/plain', `No ${name} in the EPUB`)
      if (name.endsWith('.xhtml')) return send(200, 'application/xhtml+xml; charset=utf-8', withReaderStyles(data.toString('utf8'), readerHref))
      return send(200, contentType(name), data)
    }
    const printPage = /^\/print-page\/([^/]+)\/([a-z0-9-]+)\/(\d+)\.png$/.exec(url.pathname)
    if (printPage) {
      const volumeId = decodeURIComponent(printPage[1]!)
      if (!build.volumes.some((volume) => volume.id === volumeId && volume.chapters.some((chapter) => chapter.slug === printPage[2]))) return send(404, 'text/plain', 'No such chapter')
      const shown = (await printedPages(build, volumeId, printPage[2]!)).pages[Number(printPage[3])]
      return shown ? send(200, 'image/png', await readFile(shown.file)) : send(404, 'text/plain', 'No such page')
    }
    const download = /^\/download\/([^/]+)\.epub$/.exec(url.pathname)
    if (download) {
      const data = build.epubs.get(decodeURIComponent(download[1]!))
      return data ? send(200, 'application/epub+zip', data) : send(404, 'text/plain', 'No such volume')
    }
    return send(404, 'text/plain', 'Not found')
  }

  function openedEpub(build: GoodBuild, volumeId: string) {
    let opened = build.opened.get(volumeId)
    if (!opened) build.opened.set(volumeId, (opened = openEpub(build.epubs.get(volumeId)!)))
    return opened
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const hint = (error as { hint?: string }).hint
      response.writeHead(500, previewHeaders('text/html; charset=utf-8'))
      response.end(messagePage('The preview failed', `${(error as Error).message ?? error}${hint ? ` (${hint})` : ''}`))
    })
  })
  const port = options.port ?? 4321
  // The port the server really listens on (port 0 picks one): the only one the Host check accepts.
  let listeningPort = port
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    await removeWorkFolder(workDir)
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      throw new EnvironmentError(`Port ${port} on 127.0.0.1 is already in use (another preview, or another program)`, `Stop the other preview, or choose another port: springboard dev --port ${port === 65535 ? 4322 : port + 1}.`)
    }
    if (code === 'EACCES') throw new EnvironmentError(`Port ${port} may not be used without special rights`, 'Choose a port from 1024 to 65535, e.g. --port 4321.')
    throw error
  }
  const address = server.address()
  listeningPort = typeof address === 'object' && address ? address.port : port
  const url = `http://127.0.0.1:${listeningPort}/`

  // A first build that cannot finish (a folder it may not write, a bug) ends the preview: there is nothing
  // to show and nothing to wait for. A first build with problems in the book is shown, with its problems.
  try {
    await rebuild()
  } catch (error) {
    closing.abort()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await (await session?.catch(() => undefined))?.close()
    await removeWorkFolder(workDir)
    throw error
  }

  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> = Promise.resolve()
  const watcher: FSWatcher = watch(['chapters', 'templates', 'assets', 'springboard.yaml'].map((name) => path.join(root, name)), {
    ignoreInitial: true,
    awaitWriteFinish: { stabilityThreshold: 30, pollInterval: 10 },
  })
  watcher.on('all', () => {
    clearTimeout(timer)
    // Editors write a file in several steps; wait for the changes to settle, and never rebuild twice at once.
    timer = setTimeout(() => {
      // The state and the log already say why a rebuild stopped; a bug's stack goes to the log too.
      running = running.then(rebuild, rebuild).catch((error: unknown) => {
        if (!(error instanceof EnvironmentError) && !closing.signal.aborted) log(`${(error as Error).stack ?? error}`)
      })
    }, 40)
  })
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()))

  return {
    url,
    state: () => current,
    rebuild: () => (running = running.then(rebuild, rebuild)) as Promise<RebuildState>,
    async close() {
      clearTimeout(timer)
      closing.abort()
      await watcher.close()
      for (const listener of listeners) listener.end()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await running.catch(() => undefined)
      // Closing the browser ends a print layout under way; wait for it before removing its folder.
      await (await session?.catch(() => undefined))?.close()
      await Promise.allSettled([...prints.values(), ...pages.values()])
      await removeWorkFolder(workDir)
    },
  }
}
