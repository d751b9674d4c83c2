/**
 * `check`'s handout layouts in the build cache (index.ts, its one rule): how
 * many pages a chapter's handout takes is a result like any other, kept while
 * everything it was made from is the same.
 *
 * - `handouts`, one entry a chapter: its front matter and transformed body,
 *   the config, the volume's fields the handout prints (its title, its chapter
 *   count in "this career and 51 more", its description), the book's own
 *   templates folder, and the browser's file (path, size and time stand for
 *   its version). Cheap to check for every chapter: no HTML is made.
 * - `handout-pages`, one entry a chapter: the handout's HTML itself (and the
 *   document around it) and the browser. Made only for a chapter whose
 *   `handouts` entry no longer holds (about 12 ms a chapter), so an edit the
 *   handout does not print (a later paragraph) lays nothing out again.
 *
 * Each keeps the handout's page count and what the fidelity audit reads of the page laid out (its text, and
 * whether the excerpts had to go); `handouts` also keeps the audit's findings (a-005, a-006), which `check`
 * reports as `build` does: they depend on the chapter and the page alone, and finding them again reads the
 * chapter's HTML (about 7 ms a chapter).
 *
 * The program and its packages (fonts, page scripts) are the cache's versions.
 */
import path from 'node:path'
import type { HandoutReading } from '../audit/handouts.ts'
import type { Finding } from '../audit/match.ts'
import { browserStamp } from './browser.ts'
import type { CacheRun } from './index.ts'

/** A handout as laid out: its pages, and what the audit reads of it. */
export interface HandoutLayout {
  pages: number
  reading: HandoutReading
}

export interface HandoutFacts {
  /** The book's folder (its `templates/`). */
  root: string
  config: unknown
  volume: { title: string; chapters: readonly unknown[]; description?: string; weekly?: unknown }
  /** The browser's file. */
  browser: string
}

export interface HandoutLayouts {
  /** The layout of the chapter `id`'s handout and its audit, known from what it is made from; undefined when it changed. */
  byInputs(id: string, chapter: { meta: unknown; body: unknown }): { layout: HandoutLayout; findings: Finding[] } | undefined
  /** The same, known from the handout's HTML (`page`: the document and the handout). */
  byPage(id: string, page: string): HandoutLayout | undefined
  set(id: string, chapter: { meta: unknown; body: unknown }, page: string, layout: HandoutLayout, findings: readonly Finding[]): void
  /** The run made every chapter's entries: the others go. */
  finish(): void
}

export function handoutLayouts(run: CacheRun, facts: HandoutFacts): HandoutLayouts {
  const shared = {
    config: JSON.stringify(facts.config),
    volume: JSON.stringify({ title: facts.volume.title, chapters: facts.volume.chapters.length, description: facts.volume.description ?? null, weekly: Boolean(facts.volume.weekly) }),
    browser: browserStamp(facts.browser),
  }
  const templates = path.join(facts.root, 'templates')
  const inputs = (chapter: { meta: unknown; body: unknown }) => ({ ...shared, chapter: JSON.stringify([chapter.meta, chapter.body]) })
  return {
    byInputs(id, chapter) {
      const found = run.get('handouts', id, inputs(chapter))
      const layout = layoutOf(found)
      const findings = (found?.value as { findings?: unknown } | undefined)?.findings
      if (layout === undefined || !Array.isArray(findings)) return undefined
      // Still the chapter's page entry, though not read this time.
      run.keep('handout-pages', id)
      return { layout, findings: findings as Finding[] }
    },
    byPage: (id, page) => layoutOf(run.get('handout-pages', id, { page, browser: shared.browser })),
    set(id, chapter, page, layout, findings) {
      const made = run.log()
      made.tree(templates)
      for (const [name, value] of Object.entries(inputs(chapter))) made.input(name, value)
      run.set('handouts', id, made, { ...layout, findings })
      const laidOut = run.log()
      laidOut.input('page', page)
      laidOut.input('browser', shared.browser)
      run.set('handout-pages', id, laidOut, layout)
    },
    finish() {
      run.finish('handouts')
      run.finish('handout-pages')
    },
  }
}

/** An entry's layout, or undefined when it is not one (an entry of an older version holds its pages alone). */
function layoutOf(found: { value: unknown } | undefined): HandoutLayout | undefined {
  const value = found?.value as { pages?: unknown; reading?: Record<string, unknown> } | undefined
  const pages = value?.pages
  const reading = value?.reading
  if (typeof pages !== 'number' || !Number.isInteger(pages) || pages < 1 || !reading || typeof reading.text !== 'string' || typeof reading.compact !== 'boolean') return undefined
  const counts = ['titleLines', 'summaryLines', 'competencies', 'resources', 'certifications'] as const
  if (!counts.every((name) => typeof reading[name] === 'number')) return undefined
  return { pages, reading: reading as unknown as HandoutReading }
}
