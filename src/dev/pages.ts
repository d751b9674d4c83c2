/**
 * The dev server's own pages: the book's contents with each chapter's
 * status, and the two views of a chapter (as a reading system shows the
 * EPUB, at a phone's and a tablet's width; as the printed book's pages).
 * Problems of a failed rebuild are shown by client.js in a banner above the
 * page, in the flow, never over it.
 */
import { formatDate } from '../render/format.ts'

export interface Status {
  errors: number
  warnings: number
}

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
  rebuild: { ok: boolean; ms: number }
}

export interface ChapterView {
  entry: ContentsEntry & { slug: string; number: number; volume: string }
  volumeTitle: string
  /** Other volumes the chapter is in, to see it there. */
  otherVolumes: { id: string; title: string }[]
  language: string
}

export const devices = [
  { name: 'Phone', width: 390, height: 844 },
  { name: 'Tablet', width: 820, height: 1180 },
] as const

export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

export function statusText(status: Status): string {
  if (status.errors + status.warnings === 0) return 'valid'
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`
  return [status.errors > 0 ? count(status.errors, 'error') : '', status.warnings > 0 ? count(status.warnings, 'warning') : ''].filter(Boolean).join(', ')
}

function statusClass(status: Status): string {
  return status.errors > 0 ? 'errors' : status.warnings > 0 ? 'warnings' : 'valid'
}

const styles = `
body{margin:0;font:15px/1.45 system-ui,sans-serif;color:#1d1d1f;background:#f4f4f2}
main,.bar{box-sizing:border-box}
.bar{display:flex;flex-wrap:wrap;gap:.3em 1em;align-items:baseline;padding:10px 16px;background:#fff;border-bottom:1px solid #d0d0d0}
.bar .where{font-weight:600}
a{color:#0b57a4}
.status{display:inline-block;padding:0 .5em;border-radius:.7em;font-size:.85em;white-space:nowrap}
.status.valid{background:#e3f4e6;color:#145a24}.status.warnings{background:#fff2cc;color:#6b4a00}.status.errors{background:#fde2e2;color:#8a0012}
.contents{max-width:62em;margin:0 auto;padding:8px 16px 48px}
.contents h1{font-size:1.8em;margin:.8em 0 0}.contents .subtitle{margin:.2em 0 1em;color:#555}
.contents table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:1.5em}
.contents caption{text-align:left;font-weight:600;font-size:1.15em;padding:.6em 0 .3em}
.contents th,.contents td{text-align:left;padding:.35em .6em;border-bottom:1px solid #e3e3e3;vertical-align:baseline}
.contents td.number{text-align:right;width:2.5em;color:#555}
.contents .file{display:block;color:#777;font-size:.8em}
.devices{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start;padding:16px}
.devices figure{margin:0}.devices figcaption{font-size:.85em;color:#555;margin-bottom:4px}
.devices iframe{display:block;border:12px solid #222;border-radius:18px;background:#fff}
.pages{display:grid;grid-template-columns:repeat(2,max-content);gap:24px 4px;justify-content:center;padding:24px 16px 48px;background:#6b6b6b}
.pages figure{margin:0}.pages figure.left{grid-column:1}.pages figure.right{grid-column:2}
.pages img{display:block;background:#fff;box-shadow:0 2px 12px rgba(0,0,0,.5)}
.pages figcaption{color:#fff;font-size:.85em;text-align:center;margin-top:4px}
`

function page(title: string, body: string, language = 'en', file?: string): string {
  return `<!DOCTYPE html>
<html lang="${escape(language)}"><head><meta charset="utf-8"><title>${escape(title)}</title>
<script src="/__dev/client.js"></script><style>${styles}</style></head>
<body${file ? ` data-file="${escape(file)}"` : ''}>
${body}
</body></html>`
}

export function indexPage(data: IndexPage): string {
  const row = (entry: ContentsEntry) => {
    const views = entry.slug && entry.volume
      ? `<a href="/epub/ch-${entry.slug}?volume=${encodeURIComponent(entry.volume)}">EPUB</a> · <a href="/print/ch-${entry.slug}?volume=${encodeURIComponent(entry.volume)}">Print</a>`
      : 'no preview yet'
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
  if (data.unbuilt.length > 0) sections.push(table('Not in the preview yet: fix the errors to see them', data.unbuilt))
  const rebuild = data.rebuild.ok ? `Last rebuild ${Math.round(data.rebuild.ms)} ms.` : 'The last rebuild failed: the views show the last good version.'
  return page(
    `${data.title}: preview`,
    `<main class="contents">
<h1>${escape(data.title)}</h1>${data.subtitle ? `<p class="subtitle">${escape(data.subtitle)}</p>` : ''}
<p>Contents of the preview. ${rebuild} Its EPUBs are in <code>${escape(data.epubFolder)}</code>; <code>dist/</code> is only written by <code>springboard build</code>.</p>
${sections.join('\n')}
</main>`,
    data.language,
  )
}

function viewBar(view: ChapterView, kind: 'epub' | 'print', extra: string): string {
  const { entry } = view
  const volume = (id: string) => `?volume=${encodeURIComponent(id)}`
  const other = kind === 'epub' ? `<a href="/print/ch-${entry.slug}${volume(entry.volume)}">Print view</a>` : `<a href="/epub/ch-${entry.slug}${volume(entry.volume)}">EPUB view</a>`
  const elsewhere = view.otherVolumes.map((candidate) => `<a href="/${kind}/ch-${entry.slug}${volume(candidate.id)}">in ${escape(candidate.title)}</a>`).join(' · ')
  const date = entry.published ? ` · ${escape(formatDate(entry.published, view.language))}` : ''
  return `<header class="bar"><a href="/">Contents</a>
<span class="where">Career ${entry.number}: ${escape(entry.title)}</span><span>${kind === 'epub' ? 'EPUB' : 'Print'}, ${escape(view.volumeTitle)}${date}</span>
<span class="status ${statusClass(entry.status)}">${statusText(entry.status)}</span>${extra}${other}${elsewhere ? `<span>Also ${elsewhere}</span>` : ''}</header>`
}

export function epubView(view: ChapterView, documentHref: string): string {
  const frames = devices
    .map((device) => `<figure class="device"><figcaption>${device.name}, ${device.width} × ${device.height} px</figcaption>
<iframe class="${device.name.toLowerCase()}" title="${escape(view.entry.title)} on a ${device.name.toLowerCase()}" src="${escape(documentHref)}" width="${device.width}" height="${device.height}"></iframe></figure>`)
    .join('\n')
  return page(`${view.entry.title}: EPUB`, `${viewBar(view, 'epub', '')}\n<main class="devices">${frames}</main>`, view.language, view.entry.file)
}

export function printView(view: ChapterView, pages: { src: string; folio: number; text: string }[], size: { width: number; height: number }): string {
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
  return page(`${view.entry.title}: print`, `${viewBar(view, 'print', extent)}\n<main class="pages">${figures}</main>`, view.language, view.entry.file)
}

export function messagePage(title: string, text: string): string {
  return page(title, `<header class="bar"><a href="/">Contents</a><span class="where">${escape(title)}</span></header><main class="contents"><p>${escape(text)}</p></main>`)
}
