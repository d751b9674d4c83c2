/**
 * `springboard dev`: watch the book, rebuild what changed, serve a preview.
 *
 * Chapters are cached by content (src/cache/chapters.ts, in memory), the
 * cover by the titles it shows, so an edit to one chapter re-parses that
 * chapter alone and repackages the EPUB. A failed rebuild reports its
 * problems in the terminal and over the page, and the last good preview
 * stays up.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { mkdtemp, rm } from 'node:fs/promises'
import { watch, type FSWatcher } from 'chokidar'
import { launchBrowser, type BrowserSession } from '../browser/index.ts'
import { lintBook, modifiedDate } from '../build.ts'
import { MemoryChapterCache } from '../cache/chapters.ts'
import { resolveVolumes } from '../config/index.ts'
import { packageVolumeEpub } from '../package/volume-epub.ts'
import { writeOutputs } from '../package/write.ts'
import { flattenMessages, formatMessages, hasErrors, type FlatMessage } from '../report/messages.ts'
import { renderDocuments, Templates, type BookDocument, type DocumentTarget } from '../render/index.ts'
import { toName } from '../transform/index.ts'
// The print preview is imported when first asked for: it loads pdfjs, whose legacy build replaces
// Array.prototype.push with a slower polyfill for the whole process, slowing every rebuild.
import type { PrintPreview } from './print-preview.ts'

export interface DevServerOptions {
  root: string
  /** 0 picks a free port. */
  port?: number
  /** Where the rebuilt EPUBs go; default `<root>/dist`. */
  out?: string
  log?: (line: string) => void
  env?: NodeJS.ProcessEnv
}

export interface RebuildState {
  version: number
  ok: boolean
  messages: FlatMessage[]
  /** Milliseconds the last rebuild took. */
  ms: number
  /** Chapters parsed in the last rebuild (the rest came from the cache). */
  parsed: number
}

export interface DevServer {
  url: string
  state(): RebuildState
  /** Rebuild now (the watcher calls this after a change settles). */
  rebuild(): Promise<RebuildState>
  close(): Promise<void>
}

const clientScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'client.js')

/** In the preview every document is a page of the server, images are served from the book. */
export const previewTarget: DocumentTarget = {
  chapterHref: (slug) => `/epub/ch-${slug}.xhtml`,
  documentHref: (id) => `/epub/${id}.xhtml`,
  imageSrc: (image) => `/book/${image.projectPath}`,
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const root = path.resolve(options.root)
  const out = path.resolve(options.out ?? path.join(root, 'dist'))
  const log = options.log ?? (() => {})
  const cache = new MemoryChapterCache()
  const covers = new Map<string, string>()
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'springboard-build-dev-'))
  let session: BrowserSession | undefined
  let documents: BookDocument[] = []
  let language = 'en'
  let lastGood: { lint: Awaited<ReturnType<typeof lintBook>>; key: string } | undefined
  const previews = new Map<string, Promise<PrintPreview>>()
  let current: RebuildState = { version: 0, ok: false, messages: [], ms: 0, parsed: 0 }
  const listeners = new Set<ServerResponse>()
  // close() stops a rebuild that waits for the output folder (another build holds it).
  const closing = new AbortController()

  async function rebuild(): Promise<RebuildState> {
    const started = performance.now()
    const lint = await lintBook(root, undefined, cache)
    const version = current.version + 1
    if (hasErrors(lint.files) || !lint.config || !lint.introduction) {
      current = { version, ok: false, messages: flattenMessages(lint.files, root), ms: performance.now() - started, parsed: lint.parsed }
      log(`${formatMessages(lint.files, root)}\nRebuild failed: the preview shows the last good version.`)
    } else {
      const { config, introduction } = lint
      const templates = new Templates(root)
      const volumes = resolveVolumes(config, lint.chapters.map((t) => t.chapter))
      const byFile = new Map(lint.chapters.map((t) => [t.chapter.file.path, t]))
      const outputs = []
      for (const volume of volumes) {
        const chapters = volume.chapters.map((chapter) => byFile.get(chapter.file.path)!)
        const epub = await packageVolumeEpub({
          root,
          config,
          volume,
          chapters,
          introduction,
          templates,
          modified: modifiedDate(volume, options.env ?? process.env),
          workDir,
          covers,
        })
        outputs.push({ path: `${volume.id}/${toName(volume.title) || volume.id}.epub`, data: epub })
      }
      await writeOutputs(out, outputs, { signal: closing.signal })
      const preview = volumes[volumes.length - 1]!
      documents = renderDocuments({
        config,
        volume: preview,
        chapters: preview.chapters.map((chapter) => byFile.get(chapter.file.path)!),
        introduction,
        templates,
        target: previewTarget,
        isbn: preview.isbn.ebook,
        isbnLabel: 'ISBN (e-book)',
      })
      language = config.language
      lastGood = { lint, key: createHash('sha256').update(String(version)).digest('hex').slice(0, 12) }
      current = { version, ok: true, messages: flattenMessages(lint.files, root), ms: performance.now() - started, parsed: lint.parsed }
      log(`Rebuilt ${outputs.length} EPUB${outputs.length === 1 ? '' : 's'} and the preview in ${Math.round(current.ms)} ms`)
    }
    const event = `event: rebuild\ndata: ${JSON.stringify(current)}\n\n`
    for (const listener of listeners) listener.write(event)
    return current
  }

  /** The print preview of a chapter in the last good build, made once per build and chapter. */
  function previewOf(slug: string): Promise<PrintPreview> {
    if (!lastGood?.lint.config || !lastGood.lint.introduction) return Promise.reject(new Error('No good build yet'))
    const { lint, key } = lastGood
    const chapter = lint.chapters.find((candidate) => candidate.chapter.slug === slug)
    if (!chapter) return Promise.reject(new Error(`No chapter ${slug} in the last good build`))
    const id = `${key}-${slug}`
    let preview = previews.get(id)
    if (!preview) {
      preview = (async () => {
        session ??= await launchBrowser({ env: options.env })
        const { renderPrintPreview } = await import('./print-preview.ts')
        return renderPrintPreview({ config: lint.config!, chapter, introduction: lint.introduction!, templates: new Templates(root), session, dir: path.join(workDir, 'print', id) })
      })()
      previews.set(id, preview)
    }
    return preview
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
      response.end(body)
    }
    if (url.pathname === '/__dev/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      response.write(`event: rebuild\ndata: ${JSON.stringify(current)}\n\n`)
      listeners.add(response)
      request.on('close', () => listeners.delete(response))
      return
    }
    if (url.pathname === '/__dev/state') return send(200, 'application/json', JSON.stringify(current))
    if (url.pathname === '/__dev/client.js') return send(200, 'text/javascript', await readFile(clientScript))
    const templates = new Templates(root)
    if (url.pathname === '/epub/style.css') return send(200, 'text/css', templates.read('epub/style.css'))
    const page = /^\/epub\/([a-z0-9-]+)\.xhtml$/.exec(url.pathname)
    if (page) {
      const document = documents.find((candidate) => candidate.id === page[1])
      if (!document) return send(404, 'text/plain', `No document ${page[1]} in the last good build`)
      const xhtml = templates
        .render('epub/document.xhtml.ejs', { lang: language, title: document.title, content: document.html, bodyClass: document.kind })
        .replace('</head>', '  <script src="/__dev/client.js"></script>\n</head>')
      return send(200, 'application/xhtml+xml; charset=utf-8', xhtml)
    }
    if (url.pathname.startsWith('/book/')) {
      const file = path.resolve(root, decodeURIComponent(url.pathname.slice('/book/'.length)))
      const relative = path.relative(root, file)
      if (relative.startsWith('..') || path.isAbsolute(relative) || !/^(assets|chapters)\//.test(relative.split(path.sep).join('/'))) {
        return send(403, 'text/plain', 'Only files of the book are served')
      }
      try {
        return send(200, contentType(file), await readFile(file))
      } catch {
        return send(404, 'text/plain', 'Not found')
      }
    }
    const printPage = /^\/print\/ch-([a-z0-9-]+)$/.exec(url.pathname)
    if (printPage) {
      const preview = await previewOf(printPage[1]!).catch((error: unknown) => error as Error)
      if (preview instanceof Error) return send(500, 'text/html; charset=utf-8', previewError(preview))
      return send(200, 'text/html; charset=utf-8', printPreviewPage(printPage[1]!, preview))
    }
    const printImage = /^\/print\/ch-([a-z0-9-]+)\/(\d+)\.png$/.exec(url.pathname)
    if (printImage) {
      const preview = await previewOf(printImage[1]!)
      const file = preview.pages[Number(printImage[2])]
      if (!file) return send(404, 'text/plain', 'No such page')
      return send(200, 'image/png', await readFile(file))
    }
    if (url.pathname === '/') return send(200, 'text/html; charset=utf-8', indexPage(documents, current))
    return send(404, 'text/plain', 'Not found')
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' })
      response.end(String((error as Error).stack ?? error))
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 4321, '127.0.0.1', resolve))
  const address = server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}/`

  await rebuild()

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
      running = running.then(rebuild, rebuild).catch((error: unknown) => log(`Rebuild crashed: ${(error as Error).stack}`))
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
      await session?.close()
      await rm(workDir, { recursive: true, force: true })
    },
  }
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')

function printPreviewPage(slug: string, preview: PrintPreview): string {
  const pages = preview.pages
    .map((_file, index) => `<img src="/print/ch-${slug}/${index}.png" alt="Page ${index + 1}" style="width:${preview.width}in;height:${preview.height}in">`)
    .join('\n')
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Print preview: ${escape(slug)}</title>
<script src="/__dev/client.js"></script><style>body{margin:0;background:#6b6b6b;font-family:sans-serif}
p{color:#fff;text-align:center}img{display:block;margin:0.4in auto;background:#fff;box-shadow:0 2px 12px rgba(0,0,0,.5)}</style></head>
<body><p>Print preview, ${preview.width} × ${preview.height} in: ${pages ? preview.pages.length : 0} pages. <a style="color:#fff" href="/epub/ch-${slug}.xhtml">As in the EPUB</a></p>
${pages}</body></html>`
}

function previewError(error: Error): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Print preview failed</title><script src="/__dev/client.js"></script></head>
<body><pre>${escape(error.message)}${'hint' in error ? `\nhint: ${escape(String((error as { hint?: string }).hint))}` : ''}</pre></body></html>`
}

function indexPage(documents: readonly BookDocument[], state: RebuildState): string {
  const items = documents
    .map((document) => `<li><a href="/epub/${document.id}.xhtml">${escape(document.title)}</a>${document.kind === 'chapter' ? ` · <a href="/print/${document.id}">print</a>` : ''}</li>`)
    .join('\n')
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>SpringBoard preview</title>
<script src="/__dev/client.js"></script></head><body style="font-family:sans-serif;max-width:40em;margin:2em auto">
<h1>SpringBoard preview</h1><p>${state.ok ? `Last rebuild: ${Math.round(state.ms)} ms.` : 'The last rebuild failed; showing the last good version.'}</p>
<ol>${items}</ol></body></html>`
}

function contentType(file: string): string {
  const types: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.svg': 'image/svg+xml' }
  return types[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}
