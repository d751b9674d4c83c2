/**
 * The dev server's own pages: the book's contents with each chapter's
 * status, the three views of a chapter (as a reading system shows the
 * EPUB, at a phone's and a tablet's width; as the printed book's pages; its
 * one-page handout), a draft's text as far as it renders, and the source
 * lines its problems point at. A chapter's own problems are listed above
 * it, each with its line; the rest are shown by client.js in a banner above
 * the page, in the flow, never over it. Every text from the book or a
 * message is escaped here.
 */
import type { FlatMessage } from '../report/messages.ts'
import { formatDate } from '../render/format.ts'

export interface Status {
  errors: number
  warnings: number
  /** `TODO` placeholders left from `springboard new` (errors, counted apart). */
  todos: number
}

/**
 * Which version of a chapter the views show: as it is now; its last good
 * version (`at`: when that was checked), the file having problems now; or
 * none, a draft that has never been valid (its text as far as it renders).
 */
export type Shown = { kind: 'current' } | { kind: 'stale' } | { kind: 'older'; at: string } | { kind: 'draft' }

/** One chapter as the contents list it. */
export interface ContentsEntry {
  slug?: string | undefined
  /** Its position in the volume it is previewed in. */
  number?: number | undefined
  title: string
  published?: string | undefined
  /** Relative to the book, e.g. `chapters/2026-01-05-nurse.md`. */
  file: string
  status: Status
  /** The volume its views show it in. */
  volume?: string | undefined
  shown: Shown
}

export interface ContentsSection {
  volume: { id: string; title: string }
  entries: ContentsEntry[]
}

export interface IndexPage {
  title: string
  subtitle?: string | undefined
  language: string
  /** One section per volume the chapters are previewed in. */
  sections: ContentsSection[]
  /** Chapter files the preview does not have (never valid yet). */
  unbuilt: ContentsEntry[]
  /** Where the preview's EPUBs are written (not dist/). */
  epubFolder: string
  /** `current`: the views come from the latest rebuild (not an earlier one). */
  rebuild: { ok: boolean; ms: number; current: boolean }
  /** The handouts laid out against their page after the rebuild (RebuildState.handouts), and why not. */
  handouts: { state: 'checking' | 'checked' | 'not checked'; note?: string | undefined }
}

export interface ChapterView {
  entry: ContentsEntry & { slug: string; number: number; volume: string }
  volumeTitle: string
  /** Other volumes the chapter is in, to see it there. */
  otherVolumes: { id: string; title: string }[]
  language: string
  /** The chapter file's problems now. */
  problems: FlatMessage[]
}

export const devices = [
  { name: 'Phone', width: 390, height: 844 },
  { name: 'Tablet', width: 820, height: 1180 },
] as const

export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`

/** "ok", "ok, 1 warning", "2 errors", "draft: 3 TODOs, 1 error". */
export function statusText(status: Status): string {
  const errors = status.errors > 0 ? count(status.errors, 'error') : ''
  const warnings = status.warnings > 0 ? count(status.warnings, 'warning') : ''
  if (status.todos > 0) return `draft: ${[count(status.todos, 'TODO'), errors, warnings].filter(Boolean).join(', ')}`
  if (status.errors > 0) return [errors, warnings].filter(Boolean).join(', ')
  return ['ok', warnings].filter(Boolean).join(', ')
}

function statusClass(status: Status): string {
  return status.todos > 0 ? 'draft' : status.errors > 0 ? 'errors' : status.warnings > 0 ? 'warnings' : 'valid'
}

/** Where a view, a draft or a source line is served. */
export const hrefs = {
  view: (kind: ViewKind, slug: string, volume: string) => `/${kind}/ch-${slug}?volume=${encodeURIComponent(volume)}`,
  draft: (file: string) => `/draft/${encodeURIComponent(file)}`,
  source: (file: string, line?: number) => `/source/${encodeURIComponent(file)}${line ? `#L${line}` : ''}`,
}

export type ViewKind = 'epub' | 'print' | 'handout'
const viewNames: Record<ViewKind, string> = { epub: 'EPUB', print: 'Print', handout: 'Handout' }

const styles = `
body{margin:0;font:15px/1.45 system-ui,sans-serif;color:#1d1d1f;background:#f4f4f2}
main,.bar{box-sizing:border-box}
.bar{display:flex;flex-wrap:wrap;gap:.3em 1em;align-items:baseline;padding:10px 16px;background:#fff;border-bottom:1px solid #d0d0d0}
.bar .where{font-weight:600}
a{color:#0b57a4}
.status{display:inline-block;padding:0 .5em;border-radius:.7em;font-size:.85em;white-space:nowrap}
.status.valid{background:#e3f4e6;color:#145a24}.status.warnings{background:#fff2cc;color:#6b4a00}.status.errors{background:#fde2e2;color:#8a0012}.status.draft{background:#e4ecfb;color:#1f3f7a}
.note{color:#6b4a00;font-size:.85em}
.problems{margin:0;padding:10px 16px 12px;background:#fff8f0;border-bottom:2px solid #c76b00}
.problems h2{font-size:1em;margin:0 0 .4em}.problems ol{margin:0;padding-left:1.4em}.problems li{margin:.35em 0}
.problems .where{font-family:monospace}.problems .severity{font-weight:600}.problems li.error .severity{color:#8a0012}.problems li.warning .severity{color:#6b4a00}
.problems .rule{color:#555;font-family:monospace;font-size:.9em}.problems .hint{color:#444;font-size:.9em}
.problems .excerpt{margin:.2em 0 0;padding:.2em .5em;background:#fff;border-left:3px solid #d9b38c;font:13px/1.4 monospace;white-space:pre-wrap;overflow-wrap:anywhere}
.problems .excerpt .number{color:#888;user-select:none}
.shown-note{margin:0;padding:8px 16px;background:#fff2cc;color:#4a3300;border-bottom:1px solid #e0c870}
.source{margin:0;padding:12px 0 48px;background:#fff;font:13px/1.5 monospace}
.source div{white-space:pre-wrap;overflow-wrap:anywhere;padding:0 16px 0 5em;text-indent:-4em}
.source div.marked{background:#fdf0f0}.source div:target{background:#fff1a8}.source div p{margin:0 0 .2em;text-indent:0;font:12px/1.4 system-ui,sans-serif;color:#8a0012}.source div p.warning{color:#6b4a00}.source .number{display:inline-block;width:3.5em;margin-right:.5em;text-indent:0;text-align:right;color:#888;user-select:none}
.draft-text{padding:16px}.draft-text iframe{display:block;width:100%;max-width:820px;height:900px;border:1px solid #bbb;background:#fffdf8}
.handout{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start;padding:24px 16px 48px;background:#6b6b6b}
.handout img{display:block;background:#fff;box-shadow:0 2px 12px rgba(0,0,0,.5)}
.handout .left-out{flex:1 1 22em;max-width:40em;background:#fff;padding:12px 16px;border-radius:4px}
.handout .left-out h2{font-size:1.1em;margin:.2em 0 .5em}.handout .left-out li{margin:.3em 0}.handout .left-out .how{color:#555;font-size:.85em}
.contents{max-width:62em;margin:0 auto;padding:8px 16px 48px}
.contents h1{font-size:1.8em;margin:.8em 0 0}.contents .subtitle{margin:.2em 0 1em;color:#555}
.contents table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:1.5em}
.contents caption{text-align:left;font-weight:600;font-size:1.15em;padding:.6em 0 .3em}
.contents th,.contents td{text-align:left;padding:.35em .6em;border-bottom:1px solid #e3e3e3;vertical-align:baseline}
.contents td.number{text-align:right;width:2.5em;color:#555}.contents td.views{white-space:nowrap}
.contents .file{display:block;color:#777;font-size:.8em}
.devices{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start;padding:16px}
.devices figure{margin:0}.devices figcaption{font-size:.85em;color:#555;margin-bottom:4px}
.devices iframe{display:block;border:12px solid #222;border-radius:18px;background:#fff}
.pages{display:grid;grid-template-columns:repeat(2,max-content);gap:24px 4px;justify-content:center;padding:24px 16px 48px;background:#6b6b6b}
.pages figure{margin:0}.pages figure.left{grid-column:1}.pages figure.right{grid-column:2}
.pages img{display:block;background:#fff;box-shadow:0 2px 12px rgba(0,0,0,.5)}
.pages figcaption{color:#fff;font-size:.85em;text-align:center;margin-top:4px}
`

/**
 * `about`: the chapter file a page is about and the rebuild it was made at; when it lists that file's
 * problems itself, client.js leaves them out of its banner (until a rebuild that does not reload the page).
 */
function page(title: string, body: string, language = 'en', about?: { file: string; version: number; listed: boolean }, shows?: { statuses: boolean }): string {
  // `data-statuses`: the page shows each chapter's status, so client.js reloads it when the handouts' layout adds problems.
  const data = (about ? ` data-file="${escape(about.file)}" data-version="${about.version}"${about.listed ? ' data-listed="true"' : ''}` : '') + (shows?.statuses ? ' data-statuses="true"' : '')
  return `<!DOCTYPE html>
<html lang="${escape(language)}"><head><meta charset="utf-8"><title>${escape(title)}</title>
<script src="/__dev/client.js"></script><style>${styles}</style></head>
<body${data}>
${body}
</body></html>`
}

/** A chapter's problems, each with its place (a link to the line in the source view) and the line itself. */
export function problemList(problems: readonly FlatMessage[], text: string | undefined): string {
  if (problems.length === 0) return ''
  const lines = text?.split('\n')
  // A rule's hint once, at its first problem: twelve `TODO`s need it once.
  const hinted = new Set<string>()
  const items = problems.map((problem) => {
    const hint = problem.hint && !hinted.has(problem.rule) ? `<div class="hint">Hint: ${escape(problem.hint)}</div>` : ''
    hinted.add(problem.rule)
    const line = lines?.[problem.line - 1]
    const excerpt = line === undefined ? '' : `<pre class="excerpt"><span class="number">${problem.line}</span>  ${escape(line)}</pre>`
    return `<li class="problem ${problem.severity}"><a class="where" href="${escape(hrefs.source(problem.file, problem.line))}">${escape(`${problem.file}:${problem.line}:${problem.column}`)}</a>
<span class="severity">${problem.severity}</span> ${escape(problem.message)} <span class="rule">[${escape(problem.rule)}]</span>${hint}${excerpt}</li>`
  })
  const errors = problems.filter((problem) => problem.severity === 'error').length
  const todos = problems.filter((problem) => problem.rule === 's-006').length
  const ofThem = todos === 0 ? '' : todos === errors ? ` (${todos === 1 ? 'a TODO' : 'all TODOs'} left from springboard new)` : ` (${todos === 1 ? 'one of them a TODO' : `${todos} of them TODOs`})`
  const heading = [errors > 0 ? `${count(errors, 'error')}${ofThem}` : '', problems.length - errors > 0 ? count(problems.length - errors, 'warning') : ''].filter(Boolean).join(' and ')
  return `<section class="problems" aria-labelledby="problems-heading"><h2 id="problems-heading">${heading} in this chapter now</h2><ol>${items.join('\n')}</ol></section>`
}

/** Which version of the chapter the view shows, when it is not the file as it is now. */
function shownNote(entry: ContentsEntry, language: string): string {
  if (entry.shown.kind === 'older') {
    const at = new Date(entry.shown.at).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    return `<p class="shown-note">Shown: the last good version of this chapter (valid at ${escape(at)}). The file now has the problems listed above; fix them to see its new text here.</p>`
  }
  if (entry.shown.kind === 'stale') return '<p class="shown-note">Shown: this chapter as the last rebuild that finished made it; the file now has the problems listed above.</p>'
  return ''
}

export function indexPage(data: IndexPage): string {
  const row = (entry: ContentsEntry) => {
    const { slug, volume } = entry
    const views = slug && volume
      ? (['epub', 'print', 'handout'] as const).map((kind) => `<a href="${escape(hrefs.view(kind, slug, volume))}">${viewNames[kind]}</a>`).join(' · ') +
        (entry.shown.kind === 'older' ? '<span class="note" style="display:block">last good version</span>' : '')
      : `<a href="${escape(hrefs.draft(entry.file))}">Draft and its problems</a>`
    return `<tr data-file="${escape(entry.file)}"><td class="number">${entry.number ?? ''}</td>
<td class="title">${escape(entry.title)}<span class="file">${escape(entry.file)}</span></td>
<td class="published">${entry.published ? `<time datetime="${entry.published}">${escape(formatDate(entry.published, data.language))}</time>` : ''}</td>
<td><span class="status ${statusClass(entry.status)}">${statusText(entry.status)}</span></td>
<td class="views">${views}</td></tr>`
  }
  const table = (caption: string, entries: ContentsEntry[]) =>
    `<table><caption>${caption}</caption><thead><tr><th>No.</th><th>Career</th><th>Published</th><th>Status</th><th>Views</th></tr></thead>
<tbody>${entries.map(row).join('\n')}</tbody></table>`
  const sections = data.sections.map((section) =>
    table(`${escape(section.volume.title)} <small>(volume <code>${escape(section.volume.id)}</code> · <a href="/download/${encodeURIComponent(section.volume.id)}.epub">its EPUB</a>)</small>`, section.entries),
  )
  // The latest rebuild could not make the books (its config, say): a valid chapter is not in them either.
  const unbuiltCaption = data.rebuild.current ? 'Drafts: not in the EPUB or print until their problems are fixed' : 'Not in the preview: the book could not be made since they were added or changed (see the banner)'
  if (data.unbuilt.length > 0) sections.push(table(unbuiltCaption, data.unbuilt))
  const rebuild = data.rebuild.ok
    ? `Last rebuild ${Math.round(data.rebuild.ms)} ms.`
    : data.sections.length === 0
      ? 'No chapter has built yet: the problems are listed above.'
      : data.rebuild.current
        ? 'Every valid chapter is shown; a chapter with problems shows its last good version, or, never valid yet, its draft.'
        : 'The last rebuild could not make the books: the views show an earlier rebuild.'
  return page(
    `${data.title}: preview`,
    `<main class="contents">
<h1>${escape(data.title)}</h1>${data.subtitle ? `<p class="subtitle">${escape(data.subtitle)}</p>` : ''}
<p>Contents of the preview. ${rebuild} Its EPUBs are in <code>${escape(data.epubFolder)}</code>; <code>dist/</code> is only written by <code>springboard build</code>.</p>
<p class="handouts" data-handouts="${data.handouts.state}">${handoutsLine(data.handouts)}</p>
${sections.join('\n')}
</main>`,
    data.language,
    undefined,
    { statuses: true },
  )
}

/** What the contents say of the handouts' layout check (as `check` lays them out: p-001, a-005, a-006). */
function handoutsLine(handouts: IndexPage['handouts']): string {
  if (handouts.state === 'checking') return 'Handouts: being laid out against their page, as <code>springboard check</code> does; the statuses above the views follow.'
  if (handouts.state === 'checked') return `Handouts: ${escape(handouts.note ?? 'checked against their page')}.`
  return `Handouts: not checked against their page${handouts.note ? ` (${escape(handouts.note)})` : ''}; <code>springboard check</code> lays them out.`
}

function viewBar(view: ChapterView, kind: ViewKind, extra: string): string {
  const { entry } = view
  const others = (['epub', 'print', 'handout'] as const).filter((other) => other !== kind).map((other) => `<a href="${escape(hrefs.view(other, entry.slug, entry.volume))}">${viewNames[other]} view</a>`).join('')
  const elsewhere = view.otherVolumes.map((candidate) => `<a href="${escape(hrefs.view(kind, entry.slug, candidate.id))}">in ${escape(candidate.title)}</a>`).join(' · ')
  const date = entry.published ? ` · ${escape(formatDate(entry.published, view.language))}` : ''
  return `<header class="bar"><a href="/">Contents</a>
<span class="where">Career ${entry.number}: ${escape(entry.title)}</span><span>${viewNames[kind]}, ${escape(view.volumeTitle)}${date}</span>
<span class="status ${statusClass(entry.status)}">${statusText(entry.status)}</span>${extra}${others}${elsewhere ? `<span>Also ${elsewhere}</span>` : ''}</header>`
}

/** The bar, the chapter's problems with their lines, and which version is shown: above every view. */
function viewHead(view: ChapterView, kind: ViewKind, extra: string, text: string | undefined): string {
  return `${viewBar(view, kind, extra)}\n${problemList(view.problems, text)}${shownNote(view.entry, view.language)}`
}

function viewPage(view: ChapterView, kind: ViewKind, version: number, body: string): string {
  return page(`${view.entry.title}: ${viewNames[kind]}`, body, view.language, { file: view.entry.file, version, listed: true })
}

/** What every view of a chapter is made with besides the view itself. */
export interface ViewContext {
  /** The rebuild the page is made at. */
  version: number
  /** The chapter file's text now, to show the lines its problems are on. */
  text: string | undefined
}

export function epubView(view: ChapterView, documentHref: string, context: ViewContext): string {
  const frames = devices
    .map((device) => `<figure class="device"><figcaption>${device.name}, ${device.width} × ${device.height} px</figcaption>
<iframe class="${device.name.toLowerCase()}" title="${escape(view.entry.title)} on a ${device.name.toLowerCase()}" src="${escape(documentHref)}" width="${device.width}" height="${device.height}"></iframe></figure>`)
    .join('\n')
  return viewPage(view, 'epub', context.version, `${viewHead(view, 'epub', '', context.text)}\n<main class="devices">${frames}</main>`)
}

export function printView(view: ChapterView, pages: { src: string; folio: number; text: string }[], size: { width: number; height: number }, context: ViewContext): string {
  const first = pages[0]?.folio
  const last = pages.at(-1)?.folio
  const extent = first === undefined ? '' : `<span>Pages ${first}–${last} (${size.width} × ${size.height} in)</span>`
  const figures = pages
    .map((shown) => {
      const side = shown.folio % 2 === 1 ? 'right' : 'left'
      const label = `Page ${shown.folio}${shown.text ? '' : ' (blank)'}`
      return `<figure class="${side}" data-folio="${shown.folio}"><img src="${escape(shown.src)}" alt="${escape(`${label}: ${shown.text}`)}" style="width:${size.width}in;height:${size.height}in">
<figcaption>${label}, ${side}-hand</figcaption></figure>`
    })
    .join('\n')
  return viewPage(view, 'print', context.version, `${viewHead(view, 'print', extent, context.text)}\n<main class="pages">${figures}</main>`)
}

/** The handout as printed: its one page (from its PDF), what it leaves out of the chapter, and why a missing one is missing. */
export function handoutView(
  view: ChapterView,
  handout: { src: string; pdfHref: string; text: string; size: { width: number; height: number } } | { missing: string },
  leftOut: { items: string[]; how: string; audit: string[] },
  context: ViewContext,
): string {
  const shown =
    'missing' in handout
      ? `<p class="left-out">${escape(handout.missing)}</p>`
      : `<figure style="margin:0"><img src="${escape(handout.src)}" alt="${escape(`The handout: ${handout.text}`)}" style="width:${handout.size.width}in;height:${handout.size.height}in"></figure>`
  const extent = 'missing' in handout ? '' : `<span>One page, US Letter (${handout.size.width} × ${handout.size.height} in)</span><a href="${escape(handout.pdfHref)}">its PDF</a>`
  const list = leftOut.items.length > 0 ? `<ul>${leftOut.items.map((item) => `<li>${escape(item)}</li>`).join('')}</ul>` : '<p>Nothing: the chapter has no text beyond what the handout shows.</p>'
  // What `build` reports about this handout (src/audit/handouts.ts): an excerpt dropped because the page is full, a field missing.
  const audit = 'missing' in handout
    ? ''
    : `<section class="left-out" aria-labelledby="audit-heading"><h2 id="audit-heading">The fidelity audit</h2>${
        leftOut.audit.length > 0
          ? `<ul>${leftOut.audit.map((item) => `<li>${escape(item)}</li>`).join('')}</ul><p class="how">\`build\` reports these as warnings, at the chapter.</p>`
          : '<p>Everything the handout\u2019s design takes from the chapter is on the page.</p>'
      }</section>`
  return viewPage(
    view,
    'handout',
    context.version,
    `${viewHead(view, 'handout', extent, context.text)}\n<main class="handout">${shown}${audit}<section class="left-out" aria-labelledby="left-out-heading"><h2 id="left-out-heading">Left out of the handout by its design</h2>${list}<p class="how">${escape(leftOut.how)}</p></section></main>`,
  )
}

/** A chapter that has never been valid: its problems, each with its line, and its text as far as it renders. */
export function draftView(draft: { file: string; title: string; published?: string | undefined; status: Status; problems: FlatMessage[]; text: string | undefined; rendered: boolean; language: string; version: number; bookBuilt: boolean }): string {
  const date = draft.published ? ` · ${escape(formatDate(draft.published, draft.language))}` : ''
  const bar = `<header class="bar"><a href="/">Contents</a><span class="where">Draft: ${escape(draft.title)}</span><span>${escape(draft.file)}${date}</span>
<span class="status ${statusClass(draft.status)}">${statusText(draft.status)}</span><a href="${escape(hrefs.source(draft.file))}">Source</a></header>`
  const why = draft.status.errors + draft.status.todos > 0 ? 'this chapter has not been valid since the preview started' : 'the book could not be made since this chapter was added or changed (see the banner)'
  const note = `<p class="shown-note">Not in the EPUB or print yet: ${draft.bookBuilt ? why : 'the book could not be made (see the banner)'}. Below, its text as far as it renders, with the e-book's stylesheet (not the book's fonts: the text is shown sandboxed, and loads nothing from the preview but its styles)${draft.rendered ? '' : ' (it could not be read: see the problems)'}.</p>`
  const text = draft.rendered
    ? `<main class="draft-text"><iframe class="draft" title="${escape(`${draft.title}, as far as it renders`)}" sandbox="" src="${escape(`/draft-text/${encodeURIComponent(draft.file)}`)}"></iframe></main>`
    : ''
  return page(`${draft.title}: draft`, `${bar}\n${problemList(draft.problems, draft.text)}${note}${text}`, draft.language, { file: draft.file, version: draft.version, listed: true })
}

/** A file the messages point at, every line numbered and anchored (`#L12`): the preview cannot open an editor. */
export function sourceView(file: string, text: string, problems: readonly FlatMessage[], version: number): string {
  const marked = new Map<number, FlatMessage[]>()
  for (const problem of problems) marked.set(problem.line, [...(marked.get(problem.line) ?? []), problem])
  const lines = text.split('\n').map((line, index) => {
    const notes = (marked.get(index + 1) ?? []).map((problem) => `<p class="${problem.severity}">${escape(`column ${problem.column}: ${problem.severity} ${problem.message} [${problem.rule}]`)}</p>`).join('')
    return `<div id="L${index + 1}"${notes ? ' class="marked"' : ''}><span class="number">${index + 1}</span>${escape(line) || ' '}${notes}</div>`
  })
  return page(
    `${file}: source`,
    `<header class="bar"><a href="/">Contents</a><span class="where">${escape(file)}</span><span>${count(problems.length, 'problem')}, each under its line</span></header>\n<main class="source">${lines.join('\n')}</main>`,
    'en',
    { file, version, listed: true },
  )
}

/** A draft's body as a document of its own, served sandboxed: the EPUB's styles, no script. */
export function draftDocument(title: string, language: string, html: string, notes: string, styles: string[]): string {
  return `<!DOCTYPE html>
<html lang="${escape(language)}"><head><meta charset="utf-8"><title>${escape(title)}</title>
${styles.map((href) => `<link rel="stylesheet" href="${escape(href)}">`).join('\n')}</head>
<body><section class="chapter"><h1>${escape(title)}</h1>
${html}
${notes}</section></body></html>`
}

export function messagePage(title: string, text: string): string {
  return page(title, `<header class="bar"><a href="/">Contents</a><span class="where">${escape(title)}</span></header><main class="contents"><p>${escape(text)}</p></main>`)
}
