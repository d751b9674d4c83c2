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
 * The program and its packages (fonts, page scripts) are the cache's versions.
 */
import { statSync } from 'node:fs'
import path from 'node:path'
import type { CacheRun } from './index.ts'

export interface HandoutFacts {
  /** The book's folder (its `templates/`). */
  root: string
  config: unknown
  volume: { title: string; chapters: readonly unknown[]; description?: string; weekly?: unknown }
  /** The browser's file. */
  browser: string
}

export interface HandoutLayouts {
  /** Pages the handout of the chapter `id` takes, known from what it is made from; undefined when it changed. */
  byInputs(id: string, chapter: { meta: unknown; body: unknown }): number | undefined
  /** The same, known from the handout's HTML (`page`: the document and the handout). */
  byPage(id: string, page: string): number | undefined
  set(id: string, chapter: { meta: unknown; body: unknown }, page: string, pages: number): void
  /** The run made every chapter's entries: the others go. */
  finish(): void
}

export function handoutLayouts(run: CacheRun, facts: HandoutFacts): HandoutLayouts {
  const browser = statSync(facts.browser, { throwIfNoEntry: false })
  const shared = {
    config: JSON.stringify(facts.config),
    volume: JSON.stringify({ title: facts.volume.title, chapters: facts.volume.chapters.length, description: facts.volume.description ?? null, weekly: Boolean(facts.volume.weekly) }),
    browser: `${facts.browser}\0${browser?.size ?? 'none'}\0${browser?.mtimeMs ?? 'none'}`,
  }
  const templates = path.join(facts.root, 'templates')
  const inputs = (chapter: { meta: unknown; body: unknown }) => ({ ...shared, chapter: JSON.stringify([chapter.meta, chapter.body]) })
  const pagesOf = (found: { value: unknown } | undefined) => {
    const pages = (found?.value as { pages?: unknown } | undefined)?.pages
    return typeof pages === 'number' && Number.isInteger(pages) && pages >= 1 ? pages : undefined
  }
  return {
    byInputs(id, chapter) {
      const pages = pagesOf(run.get('handouts', id, inputs(chapter)))
      // Still the chapter's page entry, though not read this time.
      if (pages !== undefined) run.keep('handout-pages', id)
      return pages
    },
    byPage: (id, page) => pagesOf(run.get('handout-pages', id, { page, browser: shared.browser })),
    set(id, chapter, page, pages) {
      const made = run.log()
      made.tree(templates)
      for (const [name, value] of Object.entries(inputs(chapter))) made.input(name, value)
      run.set('handouts', id, made, { pages })
      const laidOut = run.log()
      laidOut.input('page', page)
      laidOut.input('browser', shared.browser)
      run.set('handout-pages', id, laidOut, { pages })
    },
    finish() {
      run.finish('handouts')
      run.finish('handout-pages')
    },
  }
}
