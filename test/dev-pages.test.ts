/**
 * The preview's pages (src/dev/pages.ts) show the book's text and the
 * messages as text: a title, a line of a chapter or a message with markup
 * in it is escaped, never run. And a chapter's state reads as an editor
 * counts it ("ok", "draft: 3 TODOs", "2 errors").
 */
import { describe, expect, it } from 'vitest'
import { statuses } from '../src/dev/contents.ts'
import { draftView, indexPage, problemList, sourceView, statusText } from '../src/dev/pages.ts'
import type { FlatMessage } from '../src/report/messages.ts'

const hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
const message = (line: number, rule: string, severity: 'error' | 'warning' = 'error', text = 'Placeholder `TODO` left in the chapter'): FlatMessage => ({
  file: 'chapters/2026-03-02-x.md',
  line,
  column: 1,
  severity,
  message: text,
  rule,
  hint: 'Replace it.',
})

describe('the preview pages', () => {
  it("says a chapter's state as an editor counts it", () => {
    expect(statusText({ errors: 0, warnings: 0, todos: 0 })).toBe('ok')
    expect(statusText({ errors: 0, warnings: 1, todos: 0 })).toBe('ok, 1 warning')
    expect(statusText({ errors: 2, warnings: 0, todos: 0 })).toBe('2 errors')
    expect(statusText({ errors: 0, warnings: 0, todos: 3 })).toBe('draft: 3 TODOs')
    expect(statusText({ errors: 1, warnings: 2, todos: 1 })).toBe('draft: 1 TODO, 1 error, 2 warnings')
    // TODOs (s-006) counted apart from the other errors.
    expect(statuses([message(1, 's-006'), message(2, 's-006'), message(3, 'm-006'), message(4, 'l-001', 'warning')]).get('chapters/2026-03-02-x.md')).toEqual({ todos: 2, errors: 1, warnings: 1 })
  })

  it('links each problem to its line and shows the line, escaped', () => {
    const html = problemList([message(2, 'm-005', 'error', `\`${hostile}\` is not a field`)], `---\ntitle: ${hostile}\n---`)
    expect(html).toContain(`href="/source/chapters%2F2026-03-02-x.md#L2"`)
    expect(html).toContain('chapters/2026-03-02-x.md:2:1')
    expect(html).not.toMatch(/<script|<img/)
    expect(html).toContain('title: &lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('escapes a draft\'s title, its lines and its messages everywhere', () => {
    const status = { errors: 0, warnings: 0, todos: 1 }
    const pages = [
      draftView({ file: 'chapters/2026-03-02-x.md', title: hostile, status, problems: [message(1, 's-006', 'error', hostile)], text: hostile, rendered: true, language: 'en', version: 3, bookBuilt: true }),
      sourceView('chapters/2026-03-02-x.md', `${hostile}\nTODO`, [message(1, 's-006', 'error', hostile)], 3),
      indexPage({ title: hostile, language: 'en', sections: [], unbuilt: [{ title: hostile, file: 'chapters/2026-03-02-x.md', status, shown: { kind: 'draft' } }], epubFolder: '.springboard-cache/preview', rebuild: { ok: false, ms: 1, current: true }, handouts: { state: 'not checked', note: hostile } }),
    ]
    for (const html of pages) {
      // The only script is the preview's own.
      expect(html.match(/<script/g)).toEqual(['<script'])
      expect(html).toContain('<script src="/__dev/client.js"></script>')
      expect(html).not.toMatch(/<img src=x/)
    }
  })
})
