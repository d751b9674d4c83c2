/**
 * `springboard dev` in a real headless Chromium, as an editor uses it: the
 * contents with each chapter's status, a chapter as a reading system shows
 * the EPUB (phone and tablet), as the printed book's pages; edit a chapter
 * and the page changes; break it and its last good version stays, its
 * problems listed above it at their lines. (A fresh `new` draft and the
 * handout view: dev-draft.e2e.test.ts.)
 */
import { existsSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Frame, Page } from 'puppeteer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type BrowserSession } from '../src/browser/index.ts'
import { startDevServer, type DevServer } from '../src/dev/server.ts'
import { makeBook, validChapter } from './helpers/book.ts'

let root: string
let server: DevServer
let session: BrowserSession
let page: Page
const chapterPath = () => path.join(root, 'chapters/2026-01-05-medical-records-director.md')

beforeAll(async () => {
  root = await makeBook({
    '2026-01-05-medical-records-director.md': validChapter(),
    '2026-01-12-nurse.md': validChapter({ published: '2026-01-12', title: 'Nurse' }),
  })
  server = await startDevServer({ root, port: 0 })
  session = await launchBrowser()
  page = await session.newPage(root, [server.url])
  await page.setViewport({ width: 1320, height: 1000 })
}, 120_000)

afterAll(async () => {
  await session?.close()
  await server?.close()
  await rm(root, { recursive: true, force: true })
})

/** A device frame of the EPUB view, loaded, its fonts ready. */
/**
 * Navigate the preview page. A page of the preview reloads itself on every good rebuild (the feature
 * under test): one that lands as a navigation starts aborts it, so a navigation is tried again then.
 */
async function open(url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(url, { waitUntil: 'load' })
      return
    } catch (error) {
      if (attempt === 3 || !String(error).includes('net::ERR_ABORTED')) throw error
    }
  }
}

async function device(name: 'phone' | 'tablet', on: Page = page): Promise<Frame> {
  const frame = await (await on.waitForSelector(`iframe.${name}`))!.contentFrame()
  // The frame exists before its document does (about:blank first): wait for the chapter to load.
  await frame.waitForFunction(() => location.href !== 'about:blank' && document.readyState === 'complete', { timeout: 30_000 })
  await frame.evaluate(() => document.fonts.ready.then(() => undefined))
  return frame
}

async function frameText(): Promise<string> {
  return (await device('phone')).evaluate(() => document.body.innerText)
}

interface Box {
  top: number
  bottom: number
  left: number
  right: number
}
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom

describe('springboard dev', () => {
  it("lists the book's contents: each chapter's number, title, date, status and both views", async () => {
    expect(server.state().ok).toBe(true)
    await open(server.url)
    expect(await page.$eval('h1', (h1) => h1.textContent)).toBe('Test Careers')
    const rows = await page.$$eval('tr[data-file]', (trs) =>
      trs.map((tr) => ({
        cells: [...tr.querySelectorAll('td')].slice(0, 4).map((td) => (td as HTMLElement).innerText.split('\n')[0]!.trim()),
        links: [...tr.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')]),
      })),
    )
    const views = (slug: string) => ['EPUB', 'Print', 'Handout'].map((name) => [name, `/${name.toLowerCase()}/ch-${slug}?volume=complete`])
    expect(rows).toEqual([
      { cells: ['1', 'Medical Records Director', 'January 5, 2026', 'ok'], links: views('medical-records-director') },
      { cells: ['2', 'Nurse', 'January 12, 2026', 'ok'], links: views('nurse') },
    ])
  })

  it('shows the status of a chapter with problems, and a draft that never built, with its counts', async () => {
    const draft = path.join(root, 'chapters/2026-01-19-coder.md')
    await writeFile(draft, validChapter({ published: '2026-01-19', title: 'Coder', extraFrontMatter: 'summary2: x' }).replace('min: 80000', 'min: 180000'))
    try {
      await expect.poll(() => server.state().messages.length, { timeout: 30_000 }).toBe(2)
      await open(server.url)
      const row = await page.$eval('tr[data-file="chapters/2026-01-19-coder.md"]', (tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.split('\n')[0]!.trim()))
      expect(row).toEqual(['', 'Coder', 'January 19, 2026', '2 errors', 'Draft and its problems'])
      // The others are still previewed, as they are now.
      expect(server.state().preview).toBe('partial')
      expect(await page.$$eval('td.views', (cells) => cells.map((cell) => (cell as HTMLElement).innerText.trim()))).toEqual(['EPUB · Print · Handout', 'EPUB · Print · Handout', 'Draft and its problems'])
    } finally {
      await rm(draft)
      await expect.poll(() => server.state().ok, { timeout: 30_000 }).toBe(true)
    }
  }, 60_000)

  it("shows the chapter as a reading system would: the EPUB's own XHTML and stylesheet, at a phone's and a tablet's width", async () => {
    await open(`${server.url}epub/ch-nurse`)
    for (const [name, width] of [['phone', 390], ['tablet', 820]] as const) {
      const frame = await device(name)
      const seen = await frame.evaluate(() => ({
        width: window.innerWidth,
        type: document.contentType,
        sheets: [...document.styleSheets].map((sheet) => new URL(sheet.href!).pathname),
        family: getComputedStyle(document.body).fontFamily,
        loaded: document.fonts.check('16px "Source Serif 4"'),
        // The EPUB's style.css makes a chapter's title 1.8em of the reading system's 18 px.
        title: [document.querySelector('h1')!.textContent, getComputedStyle(document.querySelector('h1')!).fontSize],
        number: document.querySelector('.chapter-number')!.textContent,
      }))
      expect(seen).toEqual({
        width,
        type: 'application/xhtml+xml',
        sheets: ['/__dev/reader/reader.css', '/epub-file/complete/OEBPS/style.css'],
        family: '"Source Serif 4", serif',
        loaded: true,
        title: ['Nurse', '32.4px'],
        number: 'Career 2',
      })
    }
    // The files are the EPUB's, byte for byte: the stylesheet served is the one in the zip.
    const JSZip = (await import('jszip')).default
    const epub = await JSZip.loadAsync(await readFile(path.join(root, '.springboard-cache/preview/complete/test-careers.epub')))
    const served = await (await fetch(`${server.url}epub-file/complete/OEBPS/style.css`)).text()
    expect(served).toBe(await epub.file('OEBPS/style.css')!.async('string'))
  }, 60_000)

  it("shows the chapter's pages as in the printed book: its number in the volume and its folios", async () => {
    const print = await session.newPage(root, [server.url])
    try {
      const pagesOf = async (slug: string) => {
        await print.goto(`${server.url}print/ch-${slug}`, { waitUntil: 'load', timeout: 90_000 })
        return print.$$eval('figure[data-folio]', (figures) =>
          figures.map((figure) => {
            const image = figure.querySelector('img')!
            return { folio: Number(figure.getAttribute('data-folio')), width: image.naturalWidth, height: image.naturalHeight, css: image.getBoundingClientRect().width, text: image.alt }
          }),
        )
      }
      const first = await pagesOf('medical-records-director')
      const second = await pagesOf('nurse')
      expect(first[0]!.folio).toBe(1)
      expect(first[0]!.text).toMatch(/^Page 1: CAREER 1 Medical Records Director /)
      // The nurse opens on the page after the director's last (chapterOpening: next-page, the default).
      expect(second[0]!.folio).toBe(first.at(-1)!.folio + 1)
      expect(second[0]!.text).toMatch(/^Page \d+: CAREER 2 Nurse /)
      for (const shown of [...first, ...second]) {
        // 6 × 9 in at 96 px per inch, shown at 6 in; the folio printed on the page is the one given.
        expect(shown).toMatchObject({ width: 576, height: 864, css: 576 })
        if (!shown.text.includes('(blank)')) expect(shown.text).toMatch(new RegExp(`\\b${shown.folio}$`))
      }
    } finally {
      await print.close()
    }
  }, 120_000)

  it('reloads the page with the new text after a chapter is edited', async () => {
    await open(`${server.url}epub/ch-medical-records-director`)
    const reloaded = page.waitForNavigation({ waitUntil: 'load', timeout: 30_000 })
    await writeFile(chapterPath(), validChapter().replace('Directs the medical records program.', 'Leads the records department of a large hospital.'))
    await reloaded
    expect(await frameText()).toContain('Leads the records department of a large hospital.')
  }, 60_000)

  it("shows the chapter's last good version, its located error listed above it with its line, and a banner covering none of it", async () => {
    await writeFile(chapterPath(), validChapter().replace('min: 80000', 'min: 180000'))
    // The rebuild makes a new preview (the other chapters as they are now): the page reloads with the problem listed.
    await page.waitForSelector('.problems', { timeout: 30_000 })
    const listed = await page.$eval('.problems', (element) => (element as HTMLElement).innerText)
    expect(listed).toMatch(/chapters\/2026-01-05-medical-records-director\.md:10:8\s+error The salary minimum \(180000\) is greater than the maximum \(120000\) \[m-006\]/)
    expect(listed).toMatch(/\n10 +min: 180000$/m)
    expect(await page.$eval('.problems a.where', (a) => a.getAttribute('href'))).toBe(`/source/${encodeURIComponent('chapters/2026-01-05-medical-records-director.md')}#L10`)
    expect(await page.$eval('.shown-note', (note) => note.textContent)).toMatch(/^Shown: the last good version of this chapter/)
    await page.waitForSelector('#springboard-dev-problems', { timeout: 30_000 })
    const panel = await page.$eval('#springboard-dev-problems', (element) => (element as HTMLElement).innerText)
    expect(panel).toMatch(/^1 error, 0 warnings in the book\. Every valid chapter is shown.* This chapter’s problems are listed below/)
    expect(await frameText()).toContain('Leads the records department of a large hospital.')
    expect(server.state()).toMatchObject({ ok: false, preview: 'partial' })
    // The contents say so too.
    const contents = await session.newPage(root, [server.url])
    try {
      await contents.goto(server.url, { waitUntil: 'load' })
      const row = await contents.$eval('tr[data-file="chapters/2026-01-05-medical-records-director.md"]', (tr) => [(tr.querySelector('.status') as HTMLElement).innerText, (tr.querySelector('.views') as HTMLElement).innerText.replace(/\s+/g, ' ').trim()])
      expect(row).toEqual(['1 error', 'EPUB · Print · Handout last good version'])
    } finally {
      await contents.close()
    }

    const banner = await page.$eval('#springboard-dev-problems', (element) => element.getBoundingClientRect().toJSON() as Box)
    for (const name of ['phone', 'tablet'] as const) {
      const frame = await page.$eval(`iframe.${name}`, (element) => element.getBoundingClientRect().toJSON() as Box)
      const inFrame = await (await device(name)).evaluate(() =>
        ['h1', '.summary'].map((selector) => document.querySelector(selector)!.getBoundingClientRect().toJSON() as Box),
      )
      for (const box of inFrame) {
        const onPage = { top: frame.top + box.top, bottom: frame.top + box.bottom, left: frame.left + box.left, right: frame.left + box.right }
        expect(overlaps(banner, onPage), `${name}: the banner covers the title or summary`).toBe(false)
      }
    }
    // The same on the print view: the first page is below the banner.
    const print = await session.newPage(root, [server.url])
    try {
      await print.goto(`${server.url}print/ch-nurse`, { waitUntil: 'load', timeout: 90_000 })
      await print.waitForSelector('#springboard-dev-problems', { timeout: 30_000 })
      const [printBanner, firstPage] = await print.$$eval('#springboard-dev-problems, figure img', (elements) => elements.slice(0, 2).map((element) => element.getBoundingClientRect().toJSON() as Box))
      expect(overlaps(printBanner!, firstPage!)).toBe(false)
    } finally {
      await print.close()
    }
  }, 120_000)

  it('recovers when the chapter is fixed', async () => {
    const reloaded = page.waitForNavigation({ waitUntil: 'load', timeout: 30_000 })
    await writeFile(chapterPath(), validChapter().replace('Directs the medical records program.', 'Fixed again.'))
    await reloaded
    expect(await frameText()).toContain('Fixed again.')
    expect(await page.$('#springboard-dev-problems')).toBeNull()
  }, 60_000)

  it('re-parses only the edited chapter', async () => {
    expect((await server.rebuild()).parsed).toBe(0) // nothing changed: everything from the cache
    const before = server.state().version
    await writeFile(chapterPath(), validChapter().replace('Directs the medical records program.', 'Once more.'))
    await expect.poll(() => server.state().version, { timeout: 30_000 }).toBeGreaterThan(before)
    expect(server.state()).toMatchObject({ ok: true, parsed: 1 })
  }, 60_000)

  it('writes its EPUBs to its own folder and never touches dist/', async () => {
    expect(existsSync(path.join(root, 'dist'))).toBe(false)
    const epub = await readFile(path.join(root, '.springboard-cache/preview/complete/test-careers.epub'))
    expect(epub.subarray(30, 38).toString()).toBe('mimetype')
  })
})
