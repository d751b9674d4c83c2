/**
 * `springboard dev`: watch the book, rebuild what changed, serve a preview.
 *
 * Chapters and covers are kept in the build cache, in memory (src/cache/:
 * the same code and rule as on disk), so an edit to one chapter re-parses
 * that chapter alone and repackages the EPUBs. They are written to the preview's
 * own folder (`.springboard-cache/preview/`), never to `dist/`, which holds
 * only what `springboard build` made together.
 *
 * A chapter's problems do not hold the others back: every rebuild that can
 * package the book (its config and introduction read) shows every chapter
 * that is valid now, and a chapter with problems in its last good version
 * of this session, if it had one; a draft that has never been valid is
 * shown on a page of its own, its text as far as it renders. Problems are
 * listed in the terminal, above the chapter they are in, and in a banner.
 * A rebuild that cannot package the book leaves the earlier preview up.
 */
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { watch, type FSWatcher } from 'chokidar'
import { launchBrowser, type BrowserSession } from '../browser/index.ts'
import { EnvironmentError } from '../errors.ts'
import { draftBody, layOutHandouts, lintBook, modifiedDate } from '../build.ts'
import type { TransformedChapter } from '../chapter.ts'
import { BuildCache, MemoryStore } from '../cache/index.ts'
import { coverCache } from '../cache/covers.ts'
import { removeInside, removeWorkFolder } from '../files/remove.ts'
import { resolveVolumes } from '../config/index.ts'
import { packageVolumeEpub } from '../package/volume-epub.ts'
import { writeOutputs } from '../package/write.ts'
import { installFonts } from '../render/fonts.ts'
import { flattenMessages, formatMessages, hasErrors, severityOf, type FlatMessage } from '../report/messages.ts'
import { silentProgress } from '../report/progress.ts'
import { Templates } from '../render/index.ts'
import { serializeBody, toName } from '../transform/index.ts'
import { VFile } from 'vfile'
import { contentType, openEpub, withReaderStyles } from './epub-files.ts'
import { isPreviewHost, previewHeaders } from './guard.ts'
import { contentsOf, chapterView, previewVolume, statuses, type GoodBuild, type LatestFiles, latestFiles } from './contents.ts'
import { auditHandout } from '../audit/handouts.ts'
import { SourceCache } from '../audit/index.ts'
import type { Finding } from '../audit/match.ts'
import { handoutOmissions, omissionsMethod } from './handout-omissions.ts'
import { draftDocument, draftView, epubView, handoutView, indexPage, messagePage, printView, sourceView } from './pages.ts'
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
  /**
   * Lay each handout out after a rebuild, as `check` does (default true): a handout too long for its page
   * (p-001) and the handout's audit (a-005, a-006) are then among the preview's problems. `false`:
   * `springboard dev --no-layout`, no browser until a print or handout view asks for one.
   */
  layout?: boolean
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
  /**
   * What the views show: `current`, every chapter as it is now; `partial`, made by this rebuild, with
   * chapters that have problems in their last good version or as drafts; `earlier`, made by an earlier
   * rebuild (this one could not package the book); `none`, no preview at all yet.
   */
  preview: 'current' | 'partial' | 'earlier' | 'none'
  /**
   * The handouts laid out against their page (as `check` does, after the rebuild, in the background):
   * `checking` until then, when `messages` gain what the layout found; `not checked` with `--no-layout`, or
   * when the book could not be made or no browser was found (`handoutsNote` says why).
   */
  handouts: 'checking' | 'checked' | 'not checked'
  handoutsNote?: string
}

export interface DevServer {
  url: string
  state(): RebuildState
  /** Rebuild now (the watcher calls this after a change settles). */
  rebuild(): Promise<RebuildState>
  close(): Promise<void>
}

const here = path.dirname(fileURLToPath(import.meta.url))

/** A path segment decoded, or '' when it is not valid percent-encoding (then nothing matches it). */
function decodedOrEmpty(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return ''
  }
}
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
  let latest: LatestFiles = { files: [], texts: new Map() }
  // Each chapter's last valid version in this session, by absolute path: shown while the file has problems.
  const lastGood = new Map<string, { transformed: TransformedChapter; at: Date }>()
  // Drafts rendered as far as they go, by rebuild and file.
  const drafts = new Map<string, Promise<string>>()
  // The handouts of a volume printed once per build, and the picture of each page.
  const handoutPrints = new Map<string, Promise<{ dir: string; pdfs: Map<string, string>; audits: Map<string, Finding[]> }>>()
  const handoutPages = new Map<string, Promise<{ file: string; text: string }>>()
  let readerFonts: Promise<string> | undefined
  // Print layouts by build and volume, and the pages of each chapter in them; dropped with their build.
  const prints = new Map<string, Promise<VolumePrint>>()
  const pages = new Map<string, Promise<PrintedPage[]>>()
  let current: RebuildState = { version: 0, ok: false, messages: [], ms: 0, parsed: 0, preview: 'none', handouts: 'not checked' }
  // The layout check of the latest rebuild's handouts, under way in the background (close() waits for it).
  let layoutCheck: Promise<void> = Promise.resolve()
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
      current = { version: current.version + 1, ok: false, messages: current.messages, ms: performance.now() - started, parsed: 0, error: reason, preview: good ? 'earlier' : 'none', handouts: 'not checked', handoutsNote: 'the rebuild stopped' }
      log(`Rebuild stopped: ${reason}\n${good ? 'The preview shows the last good version.' : 'There is no preview yet.'}`)
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
    const messages = flattenMessages(lint.files, root)
    const ok = !hasErrors(lint.files)
    if (!lint.config || !lint.introduction) {
      current = { version, ok: false, messages, ms: performance.now() - started, parsed: lint.parsed, preview: good ? 'earlier' : 'none', handouts: 'not checked', handoutsNote: 'the book cannot be packaged' }
      log(`${formatMessages(lint.files, root)}\nThe book cannot be packaged: ${good ? 'the preview shows the last good version' : 'there is no preview yet'}.`)
      broadcast()
      return current
    }
    const { config, introduction } = lint
    const { shown, older } = chaptersToShow(lint)
    const templates = new Templates(root)
    const volumes = resolveVolumes(config, shown.map((t) => t.chapter)).filter((volume) => volume.chapters.length > 0)
    const byFile = new Map(shown.map((t) => [t.chapter.file.path, t]))
    const epubs = new Map<string, Uint8Array>()
    const outputs = []
    const covers = new Map<string, string>()
    const coverRun = lint.cacheRun ?? cache.run()
    for (const volume of volumes) {
      const chapters = volume.chapters.map((chapter) => byFile.get(chapter.file.path)!)
      const epub = await packageVolumeEpub({ root, config, volume, chapters, introduction, templates, modified: modifiedDate(volume, options.env ?? process.env), workDir: path.join(workDir, 'covers'), covers, coverCache: coverCache(coverRun, volume.id) })
      epubs.set(volume.id, epub)
      outputs.push({ path: `${volume.id}/${toName(volume.title) || volume.id}.epub`, data: epub })
    }
    coverRun.finish('covers')
    coverRun.finish('cover-texts')
    await writeOutputs(out, outputs, { signal: closing.signal })
    const key = String(version)
    good = { key, version, older, config, introduction, templates, chapters: shown, volumes, epubs, opened: new Map() }
    for (const cached of [pages, drafts, handoutPages]) for (const id of cached.keys()) if (!id.startsWith(`${key}/`)) cached.delete(id)
    for (const cached of [prints, handoutPrints] as Map<string, Promise<{ dir: string }>>[]) {
      for (const [id, print] of cached) {
        if (id.startsWith(`${key}/`)) continue
        cached.delete(id)
        void print.then((old) => removeInside(workDir, old.dir, { recursive: true }), () => undefined)
      }
    }
    const layout = options.layout !== false
    current = { version, ok, messages, ms: performance.now() - started, parsed: lint.parsed, preview: ok ? 'current' : 'partial', handouts: layout ? 'checking' : 'not checked', ...(layout ? {} : { handoutsNote: 'springboard dev --no-layout' }) }
    if (layout) layoutCheck = layoutCheck.then(() => checkLayout(version, lint))
    const epubCount = `${outputs.length} EPUB${outputs.length === 1 ? '' : 's'}`
    if (ok) log(`Rebuilt ${epubCount} (in ${path.relative(root, out) || out}) and the preview in ${Math.round(current.ms)} ms`)
    else {
      const held = statuses(messages)
      const withProblems = latest.files.filter((file) => (held.get(file.file)?.errors ?? 0) + (held.get(file.file)?.todos ?? 0) > 0).length
      log(`${formatMessages(lint.files, root)}\nRebuilt ${epubCount} and the preview with every valid chapter in ${Math.round(current.ms)} ms; ${withProblems} chapter${withProblems === 1 ? ' has' : 's have'} problems (shown in their last good version, or as drafts).`)
    }
    broadcast()
    return current
  }

  /**
   * The rebuild's handouts laid out against their page, as `check` lays them out (its cache, in memory here,
   * lays out only the handouts that changed, in the preview's browser); what it finds joins the rebuild's
   * problems, unless a newer rebuild came meanwhile (its own check reports).
   */
  async function checkLayout(version: number, lint: Awaited<ReturnType<typeof lintBook>>): Promise<void> {
    if (closing.signal.aborted || current.version !== version) return
    const { checkHandoutLayout } = await import('../check-layout.ts')
    let result: { checked: boolean; detail: string }
    try {
      result = await checkHandoutLayout(root, lint, silentProgress, { env: options.env, signal: closing.signal, cache, session: browser })
    } catch (error) {
      if (closing.signal.aborted) return
      result = { checked: false, detail: `stopped: ${(error as Error).message ?? error}` }
      if (!(error instanceof EnvironmentError)) log(`${(error as Error).stack ?? error}`)
    }
    if (closing.signal.aborted || current.version !== version) return
    const messages = flattenMessages(lint.files, root)
    const found = messages.length - current.messages.length
    current = { ...current, messages, ok: current.ok && !hasErrors(lint.files), handouts: result.checked ? 'checked' : 'not checked', handoutsNote: result.detail }
    if (found > 0) log(`${formatMessages(lint.files, root)}\nThe handouts' layout found ${found} more problem${found === 1 ? '' : 's'}.`)
    broadcast()
  }

  /** Every chapter valid now, and each chapter with problems in its last good version, if it had one. */
  function chaptersToShow(lint: Awaited<ReturnType<typeof lintBook>>): { shown: TransformedChapter[]; older: Map<string, { at: Date }> } {
    const absolute = (file: VFile) => path.resolve(file.cwd, file.path)
    const valid = new Map(lint.chapters.map((transformed) => [absolute(transformed.chapter.file), transformed]))
    const shown: TransformedChapter[] = []
    const older = new Map<string, { at: Date }>()
    const present = new Set<string>()
    const now = new Date()
    for (const file of lint.files) {
      const at = absolute(file)
      present.add(at)
      const transformed = valid.get(at)
      const failing = file.messages.some((message) => severityOf(message) === 'error')
      if (transformed && !failing) {
        shown.push(transformed)
        lastGood.set(at, { transformed, at: now })
        continue
      }
      const before = lastGood.get(at)
      if (!before) continue
      // A last good version that shows an image since removed cannot be made again: the chapter has no preview.
      if ([...before.transformed.images.values()].some((image) => !existsSync(image.absolutePath))) continue
      // Shown under the slug it had then, unless a valid chapter has that slug now.
      if (lint.chapters.some((other) => other.chapter.slug === before.transformed.chapter.slug && absolute(other.chapter.file) !== at)) continue
      shown.push(before.transformed)
      older.set(path.relative(root, at).split(path.sep).join('/'), { at: before.at })
    }
    for (const at of lastGood.keys()) if (!present.has(at)) lastGood.delete(at)
    return { shown, older }
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

  /** The chapter of a preview build whose file is `file` (a `chapters/…` path), and the volume it is previewed in. */
  function previewedChapter(build: GoodBuild, file: string): { slug: string; volume: string } | undefined {
    for (const transformed of build.chapters) {
      const at = path.relative(root, path.resolve(transformed.chapter.file.cwd, transformed.chapter.file.path)).split(path.sep).join('/')
      if (at !== file || build.older.has(file)) continue
      const volume = previewVolume(build.volumes, transformed.chapter.slug)
      return volume ? { slug: transformed.chapter.slug, volume: volume.id } : undefined
    }
    return undefined
  }

  /**
   * A chapter's handout: the volume's handouts printed once per build, as `build` and `check` print them
   * (layOutHandouts in build.ts); the chapter's own PDF and a picture of its page.
   */
  async function handoutPage(build: GoodBuild, volumeId: string, slug: string): Promise<{ file: string; pdf: string; text: string; audit: Finding[] } | { missing: string }> {
    const printed = await once(handoutPrints, `${build.key}/${volumeId}`, async () => {
      const volume = build.volumes.find((candidate) => candidate.id === volumeId)!
      const byFile = new Map(build.chapters.map((t) => [t.chapter.file.path, t]))
      const dir = path.join(workDir, 'handouts', `${build.key}-${volumeId}`)
      // The fidelity audit of each handout, as a build makes it (a-005, a-006): what it says the page left out.
      const audits = new Map<string, Finding[]>()
      const sources = new SourceCache(build.config.language, build.chapters)
      const handouts = await layOutHandouts({
        config: build.config,
        volume,
        chapters: volume.chapters.map((chapter) => byFile.get(chapter.file.path)!),
        introduction: build.introduction,
        templates: build.templates,
        session: browser(),
        workDir: path.join(dir, 'print'),
        modified: modifiedDate(volume, options.env ?? process.env),
        audit: {
          handouts: (texts) => {
            for (const reading of texts) audits.set(reading.chapter.slug, auditHandout(byFile.get(reading.chapter.file.path)!, reading, sources))
          },
        },
      })
      const pdfs = new Map<string, string>()
      await mkdir(path.join(dir, 'pdf'), { recursive: true })
      for (const [slug, data] of handouts) {
        const file = path.join(dir, 'pdf', `${slug}.pdf`)
        await writeFile(file, data)
        pdfs.set(slug, file)
      }
      return { dir, pdfs, audits }
    })
    const pdf = printed.pdfs.get(slug)
    if (!pdf) {
      const transformed = build.chapters.find((candidate) => candidate.chapter.slug === slug)
      const tooLong = transformed?.chapter.file.messages.find((message) => message.ruleId === 'p-001')
      return { missing: tooLong ? `No handout: ${tooLong.reason} [p-001].` : 'No handout was printed for this chapter.' }
    }
    const { firstPage } = await import('./print-preview.ts')
    const picture = await once(handoutPages, `${build.key}/${volumeId}/${slug}`, () => firstPage(pdf, path.join(printed.dir, 'png', slug)))
    return { ...picture, pdf, audit: printed.audits.get(slug) ?? [] }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const send = (status: number, type: string, body: string | Uint8Array, options?: { sandbox: boolean }) => {
      response.writeHead(status, previewHeaders(type, options))
      response.end(body)
    }
    // DNS rebinding: a page of another site whose name resolves to 127.0.0.1 sends its own name (src/dev/guard.ts).
    if (!isPreviewHost(request.headers.host, listeningPort)) return send(403, 'text/plain; charset=utf-8', `The preview answers only at http://127.0.0.1:${listeningPort}/ (or localhost, [::1])`)
    // Each page says the rebuild it was made at, whether its handouts were laid out yet and how many problems
    // there were: client.js makes it again if their layout found more meanwhile.
    const html = (status: number, body: string) => send(status, 'text/html; charset=utf-8', body.replace('<body', `<body data-made="${current.version} ${current.handouts} ${current.messages.length}"`))
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
    // The files messages point at, and drafts, by their `chapters/…` path in the latest rebuild (never a path read from the URL).
    const source = /^\/(source|draft|draft-text)\/([^/]+)$/.exec(url.pathname)
    if (source) {
      const file = decodedOrEmpty(source[2]!)
      const text = latest.texts.get(file)
      if (!text) return html(404, messagePage('Not in the book', `No file \`${file}\` in the latest rebuild.`))
      const problems = current.messages.filter((message) => message.file === file)
      if (source[1] === 'source') return html(200, sourceView(file, text.readable ? text.text : '', problems, current.version))
      const entry = latest.files.find((candidate) => candidate.file === file)
      if (!entry) return html(404, messagePage('Not a chapter', `\`${file}\` is not a chapter file.`))
      const title = entry.title ?? path.basename(file)
      const language = latest.language ?? 'en'
      // A draft made valid: the page open on it (reloaded by the rebuild) goes on to its EPUB view.
      const previewed = good?.version === current.version ? previewedChapter(good, file) : undefined
      if (previewed && source[1] === 'draft') {
        response.writeHead(303, { ...previewHeaders('text/plain; charset=utf-8'), location: `/epub/ch-${previewed.slug}?volume=${encodeURIComponent(previewed.volume)}` })
        return void response.end()
      }
      if (source[1] === 'draft') {
        const status = statuses(current.messages).get(file) ?? { errors: 0, warnings: 0, todos: 0 }
        return html(200, draftView({ file, title, published: entry.published, status, problems, text: text.readable ? text.text : undefined, rendered: text.readable, language, version: current.version, bookBuilt: good?.version === current.version }))
      }
      if (!text.readable || !latest.context) return send(404, 'text/plain; charset=utf-8', 'The file could not be read')
      const context = latest.context
      const document = await once(drafts, `${current.version}/${file}`, async () => {
        const draft = draftBody(new VFile({ path: text.absolute, cwd: root, value: text.text }), context)
        // Inside the sandboxed frame links lead nowhere; images are left to their text.
        const body = serializeBody(draft, { chapterHref: () => '#', imageSrc: () => '' })
        return draftDocument(title, language, body.html, body.notes, [readerHref, '/__dev/draft/style.css'])
      })
      return send(200, 'text/html; charset=utf-8', document, { sandbox: true })
    }
    if (url.pathname === '/__dev/draft/style.css') return send(200, 'text/css', new Templates(root).read('epub/style.css'))
    if (!good) return html(503, messagePage('No preview yet', 'The book has not been packaged yet: the banner above lists what stops it.'))
    const build = good
    const viewContext = (file: string) => ({ version: current.version, text: latest.texts.get(file)?.text })

    const view = /^\/(epub|print|handout)\/ch-([a-z0-9-]+)$/.exec(url.pathname)
    if (view) {
      const chapter = chapterView(build, current, view[2]!, url.searchParams.get('volume'))
      if (typeof chapter === 'string') return html(404, messagePage('Not in the preview', chapter))
      if (view[1] === 'epub') {
        const document = (await openedEpub(build, chapter.entry.volume)).chapterPath(chapter.entry.slug)
        if (!document) return html(404, messagePage('Not in the EPUB', `The EPUB of volume \`${chapter.entry.volume}\` has no document for \`${chapter.entry.slug}\`.`))
        return html(200, epubView(chapter, `/epub-file/${encodeURIComponent(chapter.entry.volume)}/${document}`, viewContext(chapter.entry.file)))
      }
      if (view[1] === 'handout') {
        const { volume, slug } = chapter.entry
        const transformed = build.chapters.find((candidate) => candidate.chapter.slug === slug)!
        const shown = await handoutPage(build, volume, slug)
        const leftOut = { items: handoutOmissions(transformed, build.config.language), how: omissionsMethod, audit: 'missing' in shown ? [] : shown.audit.map((finding) => `${finding.message} [${finding.code}]`) }
        const base = `/handout-file/${encodeURIComponent(volume)}/${slug}`
        return html(200, handoutView(chapter, 'missing' in shown ? shown : { src: `${base}.png`, pdfHref: `${base}.pdf`, text: shown.text, size: { width: 8.5, height: 11 } }, leftOut, viewContext(chapter.entry.file)))
      }
      const { print, pages: shown } = await printedPages(build, chapter.entry.volume, chapter.entry.slug)
      const src = (index: number) => `/print-page/${encodeURIComponent(chapter.entry.volume)}/${chapter.entry.slug}/${index}.png`
      return html(200, printView(chapter, shown.map((shownPage, index) => ({ ...shownPage, src: src(index) })), { width: print.width, height: print.height }, viewContext(chapter.entry.file)))
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
    const handoutFile = /^\/handout-file\/([^/]+)\/([a-z0-9-]+)\.(png|pdf)$/.exec(url.pathname)
    if (handoutFile) {
      const volumeId = decodeURIComponent(handoutFile[1]!)
      if (!build.volumes.some((volume) => volume.id === volumeId && volume.chapters.some((chapter) => chapter.slug === handoutFile[2]))) return send(404, 'text/plain', 'No such chapter')
      const shown = await handoutPage(build, volumeId, handoutFile[2]!)
      if ('missing' in shown) return send(404, 'text/plain; charset=utf-8', shown.missing)
      return handoutFile[3] === 'png' ? send(200, 'image/png', await readFile(shown.file)) : send(200, 'application/pdf', await readFile(shown.pdf))
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
      await layoutCheck
      // Closing the browser ends a print layout under way; wait for it before removing its folder.
      await (await session?.catch(() => undefined))?.close()
      await Promise.allSettled([...prints.values(), ...pages.values(), ...handoutPrints.values(), ...handoutPages.values()])
      await removeWorkFolder(workDir)
    },
  }
}
