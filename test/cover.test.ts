/**
 * The generated EPUB cover (package/cover.ts, render/svg-text.ts): drawn from
 * an SVG template with the book's own fonts, without a browser.
 */
import { spawn } from 'node:child_process'
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import JSZip from 'jszip'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { lintBook } from '../src/build.ts'
import { resolveVolumes } from '../src/config/index.ts'
import { coverSize, renderCover } from '../src/package/cover.ts'
import { BuildCache, MemoryStore } from '../src/cache/index.ts'
import { coverCache } from '../src/cache/covers.ts'
import { silentProgress } from '../src/report/progress.ts'
import { coverSvg } from '../src/render/cover.ts'
import { balance, svgText } from '../src/render/svg-text.ts'
import { Templates } from '../src/render/templates.ts'
import { makeBook, projectRoot, validChapter } from './helpers/book.ts'

const roots: string[] = []
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))))

function spawnCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'scripts/springboard.js'), ...args], { env: { ...process.env, CI: 'true', ...env } })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

describe('the EPUB without a browser', () => {
  it('builds on a machine whose browser path points at nothing, with a 1600 × 2560 RGB JPEG cover; a PDF build there says how to get one', async () => {
    const root = await makeBook({ '2026-01-05-medical-records-director.md': validChapter() })
    roots.push(root)
    const nowhere = { SPRINGBOARD_BROWSER: '/nonexistent/chromium', PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' }
    const epubRun = await spawnCli(['build', '--root', root, '--format', 'epub', '--quiet'], nowhere)
    expect(epubRun.stderr).toBe('')
    expect(epubRun.code).toBe(0)
    const zip = await JSZip.loadAsync(await readFile(path.join(root, 'dist/complete/test-careers.epub')))
    const cover = await zip.file('OEBPS/cover.jpeg')!.async('nodebuffer')
    expect(await sharp(cover).metadata()).toMatchObject({ format: 'jpeg', width: coverSize.width, height: coverSize.height, space: 'srgb', channels: 3 })

    const pdfRun = await spawnCli(['build', '--root', root, '--format', 'pdf', '--quiet'], nowhere)
    expect(pdfRun.code).toBe(2)
    expect(pdfRun.stderr).toContain('SPRINGBOARD_BROWSER is set to /nonexistent/chromium, but there is no such file')
  }, 120_000)

  it('draws the same bytes for the same book, and the titles it shows as outlines with their text as labels', async () => {
    const root = await makeBook({ '2026-01-05-medical-records-director.md': validChapter() })
    roots.push(root)
    const lint = await lintBook(root)
    const volume = resolveVolumes(lint.config!, lint.chapters.map((transformed) => transformed.chapter))[0]!
    const input = { config: lint.config!, volume, templates: new Templates(root) }
    const svg = await coverSvg(input)
    expect(svg).not.toContain('<text')
    expect(svg).toContain(`aria-label="${volume.title}"`)
    expect(svg).toContain(`aria-label="${volume.chapters[0]!.meta.title}"`)
    expect((await renderCover(input)).equals(await renderCover(input))).toBe(true)
  }, 60_000)

  it('draws the same SVG with text blocks drawn before (the build cache), drawing only the blocks not drawn yet', async () => {
    const chapters = Object.fromEntries(Array.from({ length: 14 }, (_, index) => [`2026-01-${String(index + 5).padStart(2, '0')}-career-${index}.md`, validChapter({ published: `2026-01-${String(index + 5).padStart(2, '0')}`, title: `Career ${index}` })]))
    const root = await makeBook(chapters)
    roots.push(root)
    const lint = await lintBook(root, silentProgress, new BuildCache(new MemoryStore(), { program: 'p' }))
    const all = lint.chapters.map((transformed) => transformed.chapter)
    const cache = new BuildCache(new MemoryStore(), { program: 'p' })
    const drawnBy = async (chapterCount: number) => {
      const volume = resolveVolumes(lint.config!, all.slice(0, chapterCount))[0]!
      const input = { config: lint.config!, volume, templates: new Templates(root) }
      const texts = coverCache(cache.run(), volume.id).texts!
      const drawn: string[] = []
      const counting = { get: texts.get, set: (...args: Parameters<typeof texts.set>) => (drawn.push(args[0].text), texts.set(...args)) }
      const svg = await coverSvg({ ...input, texts: counting })
      expect(svg).toBe(await coverSvg(input))
      return drawn
    }
    // 13 careers: 11 shown and "and 2 more"; then 14: only the last line is new.
    const first = await drawnBy(13)
    expect(first).toContain('and 2 more')
    expect(first.length).toBeGreaterThan(12)
    expect(await drawnBy(13)).toEqual([])
    expect(await drawnBy(14)).toEqual(['and 3 more'])
  }, 60_000)
})

describe('svgText', () => {
  const block = { text: 'Director of Medical Records and Health Information', family: 'serif' as const, weight: 700, size: 100, x: 0, y: 100 }

  it('wraps at the width, and cuts to maxLines with an ellipsis', () => {
    expect(svgText(block).lines).toBe(1)
    const wrapped = svgText({ ...block, width: 900 })
    expect(wrapped.lines).toBeGreaterThan(2)
    expect(wrapped.bottom).toBe(100 + (wrapped.lines - 1) * 120)
    expect(svgText({ ...block, width: 900, maxLines: 2 }).lines).toBe(2)
  })

  it('balances wrapped lines: never one word alone when another break avoids it', () => {
    // Widths by characters, so the choice is the rule's, not the font's: 22 characters at 17 a line.
    const words = 'Careers in Health Care'.split(' ')
    const byLength = (from: number, to: number) => words.slice(from, to).join(' ').length
    expect(balance(words, 2, byLength, 17)).toEqual(['Careers in', 'Health Care'])
    // Three lines from four words: one of them must stand alone; the others are as even as they can be.
    expect(balance(['Careers', 'in', 'Health', 'Care', '2026'], 3, (from, to) => ['Careers', 'in', 'Health', 'Care', '2026'].slice(from, to).join(' ').length, 12)).toEqual(['Careers', 'in Health', 'Care 2026'])
    expect(balance(words, 2, byLength, 5)).toBeUndefined()
    // In the book's own font, at the print cover's size and width: two lines, as the e-book cover sets them.
    const title = svgText({ text: 'Careers in Health Care', family: 'serif', weight: 700, size: 176, x: 0, y: 0, width: 1320 })
    expect(title.lines).toBe(2)
  })

  it('draws a character of Latin Extended from the font file that has it, not as an empty box', () => {
    const glyph = (text: string) => svgText({ ...block, text }).svg.match(/ d="([^"]*)"/)![1]!
    // ő (U+0151) is in the latin-ext subset only; a missing glyph would draw .notdef, the same for both.
    expect(glyph('ő')).not.toBe(glyph('ű'))
    expect(glyph('ő').length).toBeGreaterThan(20)
  })
})
