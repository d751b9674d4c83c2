/**
 * Issue 22, the attack suite, end to end: images against the real tools.
 * A book of every hostile SVG that can be cleaned, beside ordinary PNG, JPEG
 * and GIF images, builds an EPUB that EPUBCheck 5.1.0 and 4.2.6 pass with
 * nothing to say, and a print PDF where the drawings are drawn; a book of
 * bad images stops at the check for the print too (on main it printed
 * Chromium's broken-image icon and exited 0); the preview, in Chromium, runs
 * nothing an SVG holds. No process is left behind.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../src/browser/index.ts'
import { buildBook, type BuildResult } from '../src/build.ts'
import { startDevServer } from '../src/dev/server.ts'
import { runEpubcheck } from '../src/verify/index.ts'
import { makeBook, validChapter } from './helpers/book.ts'
import { descendantProcesses, hostileImages, hostileSvgs } from './helpers/hostile.ts'

const run = promisify(execFile)
const roots: string[] = []
const drawingColour = { r: 0x88, g: 0xaa, b: 0xbb } // the hostile SVGs' rectangles, #8ab

afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
})

const cleanable = hostileSvgs.filter((svg) => svg.removed)

describe('a book of cleaned SVGs and ordinary images', () => {
  let root: string
  let build: BuildResult
  let epub: string

  beforeAll(async () => {
    const files: Record<string, Uint8Array | string> = {
      'assets/photo.jpg': await sharp({ create: { width: 1800, height: 1200, channels: 3, background: '#c96' } }).jpeg().toBuffer(),
      'assets/chart.png': await readFile(path.join(import.meta.dirname, 'fixtures/chart.png')),
      'assets/dot.gif': await sharp({ create: { width: 40, height: 30, channels: 3, background: '#8ab' } }).gif().toBuffer(),
    }
    cleanable.forEach((svg, index) => (files[`assets/drawing-${index + 1}.svg`] = svg.svg))
    const shown = Object.keys(files).map((file, index) => `![Figure ${index + 1}](../${file})`).join('\n\n')
    root = await makeBook({ '2026-01-05-medical-records-director.md': validChapter({ append: `\n${shown}\n` }) }, { files })
    roots.push(root)
    build = await buildBook({ root, formats: ['epub', 'pdf'], volume: 'complete', env: { SOURCE_DATE_EPOCH: '1767571200' } })
    epub = build.written.find((file) => file.path.endsWith('test-careers.epub'))!.path
  }, 300_000)

  it('builds, with i-014 warnings only', () => {
    expect(build.files.flatMap((file) => file.messages.filter((message) => message.fatal).map(String))).toEqual([])
    expect(build.ok).toBe(true)
    const warnings = build.files.flatMap((file) => file.messages.map((message) => message.ruleId))
    expect(warnings.filter((rule) => rule === 'i-014')).toHaveLength(cleanable.length)
  })

  it('EPUBCheck 5.1.0 and 4.2.6: 0 fatals, 0 errors, 0 warnings', async () => {
    const results = await Promise.all([runEpubcheck(epub, '5.1.0'), runEpubcheck(epub, '4.2.6')])
    for (const result of results) {
      expect(result.messages, result.version).toEqual([])
      expect([result.fatals, result.errors, result.warnings], result.version).toEqual([0, 0, 0])
    }
  }, 300_000)

  it('the print PDF draws the cleaned drawings (their #8ab bars are on the page)', async () => {
    const pdf = build.written.find((file) => file.path.endsWith('-print.pdf'))!.path
    const dir = await mkdtemp(path.join(os.tmpdir(), 'springboard-attack-pages-'))
    roots.push(dir)
    await run('pdftoppm', ['-r', '30', '-png', pdf, path.join(dir, 'page')])
    let matching = 0
    for (const page of (await readdir(dir)).sort()) {
      const { data, info } = await sharp(path.join(dir, page)).removeAlpha().raw().toBuffer({ resolveWithObject: true })
      for (let offset = 0; offset < data.length; offset += info.channels) {
        const near = Math.abs(data[offset]! - drawingColour.r) + Math.abs(data[offset + 1]! - drawingColour.g) + Math.abs(data[offset + 2]! - drawingColour.b)
        if (near < 24) matching++
      }
    }
    // Eight drawings of two bars each, and the GIF: many pixels, not a stray one.
    expect(matching).toBeGreaterThan(500)
  }, 120_000)
})

describe('a book of bad images, built for print', () => {
  it('stops at the check (exit 1, each image named), prints nothing and leaves no browser behind', async () => {
    const images = await hostileImages()
    const shown = images.map((image, index) => `![Figure ${index + 1}](../assets/${image.file})`).join('\n\n')
    const root = await makeBook({ '2026-01-05-medical-records-director.md': validChapter({ append: `\n${shown}\n` }) }, { files: Object.fromEntries(images.map((image) => [`assets/${image.file}`, image.data])) })
    roots.push(root)
    const result = await buildBook({ root, formats: ['pdf', 'handouts'] })
    expect(result.ok).toBe(false)
    expect(result.written).toEqual([])
    const rules = result.files.flatMap((file) => file.messages.filter((message) => message.fatal).map((message) => message.ruleId))
    expect(rules.sort()).toEqual(images.map((image) => image.rule).sort())
    await expect(readdir(path.join(root, 'dist'))).rejects.toThrow(/ENOENT/)
    await expect.poll(() => descendantProcesses().filter((line) => /chrom/i.test(line)), { timeout: 30_000 }).toEqual([])
  }, 300_000)
})

describe('the preview, in Chromium', () => {
  it('shows a chapter with hostile SVGs and runs none of their scripts; the SVG files are served sandboxed', async () => {
    const files = Object.fromEntries(cleanable.map((svg, index) => [`assets/drawing-${index + 1}.svg`, svg.svg]))
    const shown = Object.keys(files).map((file, index) => `![Figure ${index + 1}](../${file})`).join('\n\n')
    const root = await makeBook({ '2026-01-05-medical-records-director.md': validChapter({ append: `\n${shown}\n` }) }, { files })
    roots.push(root)
    const server = await startDevServer({ root, port: 0 })
    const session = await launchBrowser()
    try {
      const page = await session.newPage(root, [server.url])
      const dialogs: string[] = []
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message())
        void dialog.dismiss()
      })
      await page.goto(new URL('/epub/ch-medical-records-director', server.url).href, { waitUntil: 'load' })
      const frame = await (await page.waitForSelector('iframe'))!.contentFrame()
      await frame.waitForFunction(() => document.readyState === 'complete' && [...document.images].every((image) => image.complete), { timeout: 30_000 })
      const images = await frame.$$eval('img', (list) => list.map((image) => ({ src: image.src, width: image.naturalWidth })))
      expect(images.length).toBe(cleanable.length)
      // Each drawing loaded (not the broken-image icon), and each opened on its own as a document too.
      const policies: (string | undefined)[] = []
      for (const image of images) {
        expect(image.width, image.src).toBeGreaterThan(0)
        const response = await page.goto(image.src, { waitUntil: 'load' })
        policies.push(response?.headers()['content-security-policy'])
      }
      expect(dialogs).toEqual([])
      expect(policies).toEqual(images.map(() => 'sandbox'))
    } finally {
      await session.close()
      await server.close()
    }
  }, 300_000)
})

describe('afterwards', () => {
  it('no process is left behind (Chromium, Java): the last test of the file', async () => {
    await expect.poll(() => descendantProcesses(), { timeout: 30_000 }).toEqual([])
  })
})
