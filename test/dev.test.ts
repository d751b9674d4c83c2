/**
 * `springboard dev` in a real headless Chromium: edit a chapter and the page
 * changes; break it and the page shows where, over the last good preview.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Page } from 'puppeteer'
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
}, 120_000)

afterAll(async () => {
  await session?.close()
  await server?.close()
  await rm(root, { recursive: true, force: true })
})

async function bodyText(): Promise<string> {
  return page.evaluate(() => document.body.innerText)
}

describe('springboard dev', () => {
  it('serves the chapter as in the EPUB, and the EPUB itself is in dist/', async () => {
    expect(server.state().ok).toBe(true)
    await page.goto(`${server.url}epub/ch-medical-records-director.xhtml`, { waitUntil: 'load' })
    expect(await bodyText()).toContain('Directs the medical records program.')
    expect(await page.evaluate(() => document.contentType)).toBe('application/xhtml+xml')
    expect((await readFile(path.join(root, 'dist/complete/test-careers.epub'))).subarray(30, 38).toString()).toBe('mimetype')
  })

  it('serves the chapter as in print: its pages laid out by the print pipeline, at the trim size', async () => {
    const print = await session.newPage(root, [server.url])
    try {
      await print.goto(`${server.url}print/ch-nurse`, { waitUntil: 'load', timeout: 60_000 })
      const pages = await print.$$eval('img', (images) =>
        images.map((image) => ({ width: image.naturalWidth, height: image.naturalHeight, css: image.getBoundingClientRect().width })),
      )
      expect(pages.length).toBeGreaterThanOrEqual(1)
      // 6 × 9 in at 96 px per inch, shown at 6 in.
      for (const page of pages) expect(page).toEqual({ width: 576, height: 864, css: 576 })
    } finally {
      await print.close()
    }
  }, 90_000)

  it('reloads the page with the new text after a chapter is edited', async () => {
    const reloaded = page.waitForNavigation({ waitUntil: 'load', timeout: 30_000 })
    await writeFile(chapterPath(), validChapter().replace('Directs the medical records program.', 'Leads the records department of a large hospital.'))
    await reloaded
    expect(await bodyText()).toContain('Leads the records department of a large hospital.')
  }, 60_000)

  it('shows the located error over the last good page when a rebuild fails', async () => {
    await writeFile(chapterPath(), validChapter().replace('min: 80000', 'min: 180000'))
    await page.waitForSelector('#springboard-dev-problems', { timeout: 30_000 })
    const panel = await page.$eval('#springboard-dev-problems', (element) => (element as HTMLElement).innerText)
    expect(panel).toMatch(/chapters\/2026-01-05-medical-records-director\.md:10:8: error The salary minimum \(180000\) is greater than the maximum \(120000\) \[m-006\]/)
    expect(await bodyText()).toContain('Leads the records department of a large hospital.')
    expect(server.state().ok).toBe(false)
  }, 60_000)

  it('recovers when the chapter is fixed', async () => {
    const reloaded = page.waitForNavigation({ waitUntil: 'load', timeout: 30_000 })
    await writeFile(chapterPath(), validChapter().replace('Directs the medical records program.', 'Fixed again.'))
    await reloaded
    expect(await bodyText()).toContain('Fixed again.')
    expect(await page.$('#springboard-dev-problems')).toBeNull()
  }, 60_000)

  it('re-parses only the edited chapter', async () => {
    expect((await server.rebuild()).parsed).toBe(0) // nothing changed: everything from the cache
    const before = server.state().version
    await writeFile(chapterPath(), validChapter().replace('Directs the medical records program.', 'Once more.'))
    await expect.poll(() => server.state().version, { timeout: 30_000 }).toBeGreaterThan(before)
    expect(server.state()).toMatchObject({ ok: true, parsed: 1 })
  }, 60_000)
})
