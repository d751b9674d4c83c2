/**
 * The yardsticks, run on the same content when they are installed:
 *
 * - pandoc, Markdown → EPUB 3 with a table of contents, making the same EPUB
 *   files as the command: each volume's chapters, once per edition. It gets
 *   each chapter with its front matter written out as Markdown (title,
 *   summary, facts, resources) since pandoc does not know our fields;
 *   `--file-scope` keeps each chapter's footnotes its own.
 * - the plain print: pandoc's standalone HTML of each volume's chapters
 *   (`-s --toc`) with a minimal 6 × 9 stylesheet (no web fonts, no
 *   hyphenation), printed by Chromium: one launch, then each volume loaded
 *   and printed once. The floor any PDF made with Chrome must beat.
 */
import { execFileSync } from 'node:child_process'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { PDFDocument } from 'pdf-lib'
import puppeteer from 'puppeteer'
import { parse as parseYaml } from 'yaml'
import { browserFlags, findBrowser } from '../../src/browser/index.ts'
import type { ChapterMeta } from '../../src/chapter.ts'
import { runCommand, type Sample } from './measure.ts'
import { mib, TreeSampler } from './memory.ts'

/** `pages`: the PDF's page count, for the prints. */
export type PeerResult = ({ installed: true; version: string; pages?: number } & Sample) | { installed: false; reason: string }

function version(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0]!.trim()
  } catch {
    return undefined
  }
}

export function pandocVersion(): string | undefined {
  return version('pandoc', ['--version'])
}

/** The chapters as pandoc Markdown, one file each, in reading order. */
export async function preparePandocInput(root: string, dir: string): Promise<string[]> {
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const names = (await readdir(path.join(root, 'chapters'))).filter((name) => name.endsWith('.md')).sort()
  const files: string[] = []
  for (const name of names) {
    const text = await readFile(path.join(root, 'chapters', name), 'utf8')
    const end = text.indexOf('\n---\n', 4)
    const meta = parseYaml(text.slice(4, end)) as ChapterMeta
    const body = text.slice(end + 5).replace(/\]\((\d{4}-\d{2}-\d{2}-[a-z0-9-]+)\.md\)/g, '](#$1)')
    const head = [
      `# ${meta.title}`,
      `*${meta.summary}*`,
      [`- Degree: ${meta.degree}`, `- Salary: ${meta.salary.min}–${meta.salary.max} ${meta.salary.currency ?? 'USD'}`, `- Published: ${meta.published}`].join('\n'),
      '### Core competencies',
      meta.competencies.map((item) => `- ${item}`).join('\n'),
      '### Resources',
      meta.resources.map((item) => `- [${item.name}](${item.url})`).join('\n'),
    ].join('\n\n')
    const file = path.join(dir, name)
    await writeFile(file, `${head}\n\n${body}`)
    files.push(file)
  }
  return files
}

export async function runPandoc(files: readonly string[], cover: string, out: string, title: string): Promise<PeerResult> {
  const installed = pandocVersion()
  if (!installed) return { installed: false, reason: 'pandoc is not installed (apt-get install -y pandoc)' }
  const result = await runCommand('pandoc', [
    '--file-scope',
    '--from=markdown',
    '--to=epub3',
    '--toc',
    `--epub-cover-image=${cover}`,
    `--metadata=title:${title}`,
    '--metadata=lang:en-US',
    `--output=${out}`,
    ...files,
  ])
  if (result.code !== 0) throw new Error(`pandoc failed (${result.code}): ${result.stderr}`)
  return { installed: true, version: installed, seconds: result.seconds, peakMiB: result.peakMiB }
}

/**
 * The plain print's stylesheet: a 6 × 9 in page, the browser's own serif (no web fonts), no hyphenation, and each
 * chapter (pandoc's `#` heading) on a new page, as in a book.
 */
export const plainPrintCss = `@page { size: 6in 9in; margin: 0.75in; }
html { font-family: serif; font-size: 11pt; line-height: 1.4; }
body { margin: 0; hyphens: manual; }
h1 { break-before: page; }
table { border-collapse: collapse; }
`

/** pandoc's standalone HTML of the chapters, with the plain stylesheet beside it (`--css` also drops pandoc's own). */
export async function preparePlainHtml(files: readonly string[], dir: string, title: string): Promise<string | undefined> {
  if (!pandocVersion()) return undefined
  await mkdir(dir, { recursive: true })
  await writeFile(path.join(dir, 'plain-print.css'), plainPrintCss)
  const html = path.join(dir, 'book.html')
  const result = await runCommand('pandoc', [
    '--standalone',
    '--toc',
    '--file-scope',
    '--from=markdown',
    '--to=html5',
    '--css=plain-print.css',
    `--metadata=title:${title}`,
    '--metadata=lang:en-US',
    `--output=${html}`,
    ...files,
  ])
  if (result.code !== 0) throw new Error(`pandoc (HTML) failed (${result.code}): ${result.stderr}`)
  return html
}

/** A PDF's page count. */
export async function pdfPages(file: string): Promise<number> {
  return (await PDFDocument.load(await readFile(file), { updateMetadata: false })).getPageCount()
}

/** pandoc once for each EPUB the command writes: `books` lists each volume's chapter files, `editions` how many EPUBs a volume has. */
export async function runPandocBooks(books: readonly (readonly string[])[], editions: number, cover: string, dir: string, title: string): Promise<PeerResult> {
  let seconds = 0
  let peakMiB = 0
  let result: PeerResult | undefined
  for (const [index, files] of books.entries()) {
    for (let edition = 0; edition < editions; edition++) {
      result = await runPandoc(files, cover, path.join(dir, `pandoc-${index}-${edition}.epub`), title)
      if (!result.installed) return result
      seconds += result.seconds
      peakMiB = Math.max(peakMiB, result.peakMiB)
    }
  }
  return result?.installed ? { ...result, seconds, peakMiB } : { installed: false, reason: 'no book' }
}

/** Launch Chromium, then load each HTML, wait for its fonts and print it once: the least any Chrome PDFs of those HTML files cost. */
export async function runChromiumPrints(htmlPaths: readonly string[], dir: string): Promise<PeerResult> {
  let executablePath: string
  try {
    executablePath = await findBrowser()
  } catch (error) {
    return { installed: false, reason: (error as Error).message }
  }
  await mkdir(dir, { recursive: true })
  const started = performance.now()
  const browser = await puppeteer.launch({ executablePath, headless: true, args: browserFlags, protocolTimeout: 3_600_000 })
  const sampler = new TreeSampler(browser.process()!.pid!, 50).start()
  try {
    const outputs: string[] = []
    for (const [index, htmlPath] of htmlPaths.entries()) {
      const page = await browser.newPage()
      await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load', timeout: 0 })
      await page.evaluate(() => document.fonts.ready.then(() => undefined))
      const out = path.join(dir, `plain-${index}.pdf`)
      await writeFile(out, await page.pdf({ preferCSSPageSize: true, printBackground: true, timeout: 0 }))
      await page.close()
      outputs.push(out)
    }
    const seconds = (performance.now() - started) / 1000
    const peakMiB = mib(sampler.stop())
    let pages = 0
    for (const out of outputs) pages += await pdfPages(out)
    return { installed: true, version: await browser.version(), seconds, peakMiB, pages }
  } finally {
    sampler.stop()
    await browser.close()
  }
}
