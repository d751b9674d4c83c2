/**
 * Issue 23's defects of the EPUB's page list, which comes from the print
 * (real Chromium): an EPUB built without printing must never ship the page
 * list of an older print, and its bytes must not depend on
 * `.springboard-cache/`. Only public entry points (buildBook), so that the
 * same file runs against an older version of the program.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import JSZip from 'jszip'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { buildBook, type Format } from '../src/build.ts'
import { makeBook, validChapter } from './helpers/book.ts'

const roots: string[] = []
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))))

const env = { ...process.env, SOURCE_DATE_EPOCH: '1767225600' }
const epubName = 'complete/test-careers.epub'
const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#3060c0' } }).png().toBuffer()

async function book(): Promise<string> {
  const long = Array.from({ length: 12 }, (_, index) => `Paragraph ${index + 1} of the outlook: demand for hygienists grows with an older population keeping its teeth longer.`).join('\n\n')
  const root = await makeBook(
    {
      '2026-01-05-first.md': validChapter({ title: 'First', published: '2026-01-05', append: `\n\n![What hygienists earn](pay.png)\n\n${long}\n` }),
      '2026-01-12-second.md': validChapter({ title: 'Second', published: '2026-01-12', append: `\n\n${long}\n` }),
    },
    { files: { 'assets/pay.png': await png(2400, 760) } },
  )
  roots.push(root)
  return root
}

async function build(root: string, formats: Format[], cache = true): Promise<Buffer> {
  const result = await buildBook({ root, formats, cache, env })
  expect(result.ok).toBe(true)
  return readFile(path.join(root, 'dist', epubName))
}

async function pageList(epub: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(epub)
  const nav = Object.keys(zip.files).find((name) => name.endsWith('nav.xhtml') || name.endsWith('toc.xhtml'))
  const text = nav ? await zip.file(nav)!.async('string') : ''
  const list = /<nav[^>]*epub:type="page-list"[\s\S]*?<\/nav>/.exec(text)?.[0] ?? ''
  return [...list.matchAll(/href="([^"]+)"[^>]*>([^<]+)</g)].map((match) => `${match[2]} ${match[1]}`)
}

describe('issue 23: the EPUB page list comes from the print beside it', () => {
  it('defect 1: an image changed since the last print: an EPUB-only build does not ship the old print\'s page list', async () => {
    const root = await book()
    const printed = await build(root, ['epub', 'pdf'])
    expect((await pageList(printed)).length).toBeGreaterThan(0)
    await writeFile(path.join(root, 'assets', 'pay.png'), await png(2400, 2400))
    const cached = await build(root, ['epub'])
    // The reference: the same dist/, no cache.
    const fresh = await build(root, ['epub'], false)
    expect(cached).toEqual(fresh)
    const reprinted = await build(root, ['epub', 'pdf'])
    const list = await pageList(cached)
    // No page list, or the one the print of these sources has: never the old one.
    if (list.length > 0) expect(list).toEqual(await pageList(reprinted))
    expect(await build(root, ['epub'])).toEqual(reprinted)
  }, 600_000)

  it('defect 2: the EPUB\'s bytes do not depend on .springboard-cache/ (cached, --no-cache, the folder deleted)', async () => {
    const root = await book()
    const printed = await build(root, ['epub', 'pdf'])
    const cached = await build(root, ['epub'])
    const noCache = await build(root, ['epub'], false)
    await rm(path.join(root, '.springboard-cache'), { recursive: true, force: true })
    const deleted = await build(root, ['epub'])
    expect(noCache).toEqual(cached)
    expect(deleted).toEqual(cached)
    // Deleting the cache changes nothing in a print build either.
    expect(await build(root, ['epub', 'pdf'])).toEqual(printed)
  }, 600_000)
})
