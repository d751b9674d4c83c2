/**
 * Where the print interior's time goes, step by step, with the print
 * modules' own functions (nothing here changes them): print HTML, browser
 * launch, page load, soft-hyphen pruning, the untagged and tagged prints
 * and pdfjs's reading, at the layouts for the page counts given (default: the first layout, for 0 pages,
 * then one for 600).
 * The bench times the stages; this splits `PDF passes` for a profile.
 *
 *   node scripts/bench/interior-steps.ts BOOK [WORKDIR] [PAGECOUNTS]
 *   node scripts/bench/interior-steps.ts /tmp/springboard-bench/book-520 /tmp/steps 0
 */
import path from 'node:path'
import { launchBrowser } from '../../src/browser/index.ts'
import { lintBook } from '../../src/build.ts'
import { resolveVolumes } from '../../src/config/index.ts'
import { interiorLayout } from '../../src/config/print-layout.ts'
import { renderPrintBook } from '../../src/print/html.ts'
import { pageRules } from '../../src/print/page-rules.ts'
import { pruneSoftHyphens } from '../../src/print/passes.ts'
import { inspectPdf, loadPage, printPdf } from '../../src/print/pdf.ts'
import { Templates } from '../../src/render/index.ts'
const root = process.argv[2]!
const lint = await lintBook(root)
const config = lint.config!
const volume = resolveVolumes(config, lint.chapters.map((c) => c.chapter))[0]!
const byFile = new Map(lint.chapters.map((t) => [t.chapter.file.path, t]))
const chapters = volume.chapters.map((c) => byFile.get(c.file.path)!)
const dir = path.join(process.argv[3] ?? '/tmp/springboard-bench', 'interior-steps')
let t = performance.now()
const lap = (what: string) => { const now = performance.now(); console.log(what.padEnd(28), ((now - t) / 1000).toFixed(2), 's'); t = now }
const book = await renderPrintBook({ config, volume, chapters, introduction: lint.introduction!, templates: new Templates(root), dir, layout: interiorLayout(config.print.trim, config.print.bleed, 0) })
lap('print HTML')
const session = await launchBrowser()
lap('launch')
const page = await session.newPage(dir)
const deadline = { session, timeoutMs: 3_600_000 }
await loadPage(page, book.htmlPath, deadline, 'x')
lap('load page (fonts)')
for (const pages of (process.argv[4] ?? '0,600').split(',').map(Number)) {
  const layout = interiorLayout(config.print.trim, config.print.bleed, pages)
  await page.evaluate((css: string) => { document.getElementById('page-rules')!.textContent = css }, pageRules({ layout, bookTitle: book.bookTitle, documents: book.openings }))
  const pruned = await pruneSoftHyphens(page, deadline, layout)
  lap(`prune soft hyphens (${pruned})`)
  const a = await printPdf(page, { tagged: false, outline: false }, deadline, 'x')
  lap('print untagged')
  const f = await inspectPdf(a)
  lap(`inspectPdf (${f.pageCount} p, ${f.destinations.size} dests)`)
  const b = await printPdf(page, { tagged: true, outline: true }, deadline, 'x')
  lap('print tagged + outline')
  const c = await printPdf(page, { tagged: false, outline: false }, deadline, 'x')
  lap('print untagged again')
  void b; void c
}
await session.close()
