/**
 * `springboard check` finds what `build` would refuse or warn about, and some
 * of it needs the page laid out: a handout that does not fit its US Letter
 * page (p-001, at the chapter's `competencies` key), and the fidelity audit of
 * the handout (a-005, a-006: a field missing, the excerpts dropped because
 * the page is full). Each handout's layout is kept by everything it read
 * (cache/handout-layouts.ts), so check lays out, in one Chromium print, only
 * the handouts whose HTML, program or browser changed; when none did, it
 * starts no browser. On a machine without a browser it says which handouts it
 * could not lay out, and goes on.
 */
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { auditHandout } from './audit/handouts.ts'
import { reportFindings, SourceCache } from './audit/index.ts'
import type { LintResult } from './build.ts'
import { knownBrowser, rememberBrowser } from './cache/browser.ts'
import { handoutLayouts, type HandoutLayout } from './cache/handout-layouts.ts'
import type { BuildCache } from './cache/index.ts'
import type { BrowserSession } from './browser/index.ts'
import type { TransformedChapter } from './chapter.ts'
import { resolveVolumes } from './config/index.ts'
import { EnvironmentError } from './errors.ts'
import type { Progress } from './report/progress.ts'
import { Templates } from './render/templates.ts'
import { removeWorkFolder } from './files/remove.ts'

export interface HandoutLayoutOptions {
  env?: NodeJS.ProcessEnv
  signal?: AbortSignal
  /** The build cache that keeps the layouts (the one `check` reads its chapters from); none: lay every handout out. */
  cache?: BuildCache
  /** A browser already running (the preview's): used when a handout must be laid out, and left running. */
  session?: () => Promise<BrowserSession>
}

/** Whether every handout was checked against its page, and the line `check` prints about it. */
export interface HandoutLayoutResult {
  checked: boolean
  detail: string
}

export async function checkHandoutLayout(root: string, lint: LintResult, progress: Progress, options: HandoutLayoutOptions = {}): Promise<HandoutLayoutResult> {
  const { env = process.env, signal } = options
  const { config, introduction } = lint
  if (!config || !introduction || lint.chapters.length === 0) return { checked: false, detail: 'no chapter to lay out' }
  const started = performance.now()
  const done = (checked: boolean, detail: string): HandoutLayoutResult => {
    progress.stage('handouts', detail, performance.now() - started)
    return { checked, detail }
  }
  // The volume with every valid chapter (each volume's handouts are the same pages).
  const volume = resolveVolumes(config, lint.chapters.map((transformed) => transformed.chapter)).reduce((most, next) => (next.chapters.length > most.chapters.length ? next : most))
  const byFile = new Map(lint.chapters.map((transformed) => [transformed.chapter.file.path, transformed]))
  const chapters = volume.chapters.map((chapter) => byFile.get(chapter.file.path)!)

  const run = options.cache?.run()
  // The browser found before, while nothing that decided it changed (cache/browser.ts): Puppeteer is not loaded.
  let browser = run && knownBrowser(run, env)
  if (!browser) {
    const { findBrowser } = await import('./browser/index.ts')
    try {
      browser = await findBrowser(env)
    } catch (error) {
      if (!(error instanceof EnvironmentError)) throw error
      return done(false, `not laid out: ${error.message}`)
    }
    if (run) rememberBrowser(run, env, browser)
  }
  const layouts = run && handoutLayouts(run, { root, config, volume, browser })
  const ids = chapters.map((transformed) => transformed.chapter.file.path)
  const stored = chapters.map((transformed, index) => layouts?.byInputs(ids[index]!, { meta: transformed.chapter.meta, body: transformed.body }))
  const known: (HandoutLayout | undefined)[] = stored.map((entry) => entry?.layout)
  // A chapter whose text changed may still make the same handout (an edit below the sentences it quotes): then
  // its HTML, the very page the browser would lay out, finds it. Made only for the changed ones (12 ms each).
  const templates = new Templates(root)
  const changed = chapters.filter((_, index) => known[index] === undefined)
  const pageOf = new Map<TransformedChapter, string>()
  if (changed.length > 0) {
    const { handoutParts } = await import('./print/handout-html.ts')
    const { sections, document } = await handoutParts({ config, volume, chapters: changed, templates })
    // The document around the handouts, without the fonts' rules (the fonts are the program's: its version).
    const shell = document('', [])
    changed.forEach((transformed, at) => {
      const page = `${shell}\0${sections[at]!}`
      pageOf.set(transformed, page)
      const index = chapters.indexOf(transformed)
      known[index] = layouts?.byPage(ids[index]!, page)
    })
  }
  const missing = chapters.filter((_, index) => known[index] === undefined)

  if (missing.length > 0) {
    const [{ launchBrowser }, { defaultBrowserTimeoutMs }, { printHandouts }] = await Promise.all([import('./browser/index.ts'), import('./browser/page.ts'), import('./print/handouts.ts')])
    let session: BrowserSession
    try {
      session = await (options.session?.() ?? launchBrowser({ env, signal }))
    } catch (error) {
      if (!(error instanceof EnvironmentError) || signal?.aborted) throw error
      return done(false, `${missing.length} of ${chapters.length} not laid out: ${error.message}`)
    }
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'springboard-check-'))
    // Ctrl-C closes the browser, which ends the print under way.
    const onAbort = () => void session.close()
    if (!options.session) signal?.addEventListener('abort', onAbort, { once: true })
    try {
      signal?.throwIfAborted()
      const result = await printHandouts({ config, volume, chapters: missing, templates, session, dir: workDir, timeoutMs: defaultBrowserTimeoutMs, modified: new Date(0), fairPack: false })
      missing.forEach((transformed, at) => {
        const { text, compact, titleLines, summaryLines, competencies, resources, certifications } = result.texts[at]!
        known[chapters.indexOf(transformed)] = { pages: result.spans[at]!, reading: { text, compact, titleLines, summaryLines, competencies, resources, certifications } }
      })
    } finally {
      signal?.removeEventListener('abort', onAbort)
      if (!options.session) await session.close()
      await removeWorkFolder(workDir)
    }
  }
  // Those laid out now were reported by printHandouts; those known from before are reported here.
  const { reportTooLong } = await import('./print/handout-html.ts')
  chapters.forEach((transformed, index) => {
    if (!missing.includes(transformed) && known[index]!.pages > 1) reportTooLong(transformed.chapter, known[index]!.pages)
  })
  // The audit of each handout, as `build` makes it (after p-001: a handout that does not fit is not audited); kept
  // with the layout of a chapter that changed, taken from it for the others.
  const sources = new SourceCache(config.language, changed)
  chapters.forEach((transformed, index) => {
    const findings = stored[index]?.findings ?? auditHandout(transformed, known[index]!.reading, sources)
    reportFindings(transformed.chapter, findings)
    if (!stored[index]) layouts?.set(ids[index]!, { meta: transformed.chapter.meta, body: transformed.body }, pageOf.get(transformed)!, known[index]!, findings)
  })
  layouts?.finish()
  run?.finish('browser')
  const reused = chapters.length - missing.length
  const how = missing.length === 0 ? 'all unchanged since they were laid out: no browser started' : `${missing.length} laid out in Chromium${reused > 0 ? `, ${reused} unchanged since they were` : ''}`
  return done(true, `${chapters.length} checked against their page: ${how}`)
}
