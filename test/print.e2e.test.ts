/**
 * Issue 3 end to end: the sample book's chapters built into print PDFs by
 * buildBook with real Chromium, judged with real poppler tools (pdfinfo,
 * pdffonts, pdftotext) and the PDF's own objects for bookmarks and links. Built twice
 * to check that the bytes are the same.
 */
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBook } from '../src/build.ts'
import { loadConfig } from '../src/config/index.ts'
import { verifyCoverBarcode } from '../src/verify/barcode.ts'
import { formatMessages } from '../src/report/messages.ts'
import { coverLayout, interiorLayout } from '../src/config/print-layout.ts'
import { pdfFonts, pdfInfo, pdfNavigation, pdfPageSizes, pdfPageTexts, pdfWords } from '../src/verify/pdf.ts'
import { pdfText, typesettingFacts } from '../src/verify/typesetting.ts'
import { projectRoot } from './helpers/book.ts'

const isbn = '9780306406157'
const url = 'https://springboard.example.org/careers'
let root: string
const outs: string[] = []
let volumeDir: string
let printPdf: string
let digitalPdf: string
let coverPdf: string
let printPages: string[]
let digitalPages: string[]
let chapterTitles: string[]

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'springboard-print-book-'))
  await cp(path.join(projectRoot, 'chapters'), path.join(root, 'chapters'), { recursive: true })
  await cp(path.join(projectRoot, 'assets'), path.join(root, 'assets'), { recursive: true })
  // The sample config, as one volume (its stores' pages of the 2026 volume left out), with a print ISBN (for the barcode) and a url.
  const config = await readFile(path.join(projectRoot, 'springboard.yaml'), 'utf8')
  await writeFile(
    path.join(root, 'springboard.yaml'),
    `${config.replace(/^volumes:[\s\S]*$/m, '').replace(/^url: .*\n/m, '').replace(/^ +'2026': .*\n/gm, '').replace(/^isbn:\n(?: .*\n)+/m, '')}\nurl: ${url}\nisbn:\n  print: ${isbn}\nvolumes:\n  - id: complete\n`,
  )
  for (let run = 0; run < 2; run++) {
    const out = await mkdtemp(path.join(os.tmpdir(), 'springboard-print-out-'))
    outs.push(out)
    const result = await buildBook({ root, out, formats: ['pdf'], env: { ...process.env, SOURCE_DATE_EPOCH: undefined } })
    expect(result.ok, formatMessages(result.files, root)).toBe(true)
  }
  volumeDir = path.join(outs[0]!, 'complete')
  const files = await readdir(volumeDir)
  printPdf = path.join(volumeDir, files.find((file) => file.endsWith('-print.pdf'))!)
  digitalPdf = path.join(volumeDir, files.find((file) => file.endsWith('-digital.pdf'))!)
  coverPdf = path.join(volumeDir, files.find((file) => file.endsWith('-cover.pdf'))!)
  printPages = await pdfPageTexts(printPdf)
  digitalPages = await pdfPageTexts(digitalPdf)
  const chapterFiles = (await readdir(path.join(root, 'chapters'))).filter((file) => file.endsWith('.md')).sort()
  chapterTitles = await Promise.all(chapterFiles.map(async (file) => /^title: (.+)$/m.exec(await readFile(path.join(root, 'chapters', file), 'utf8'))![1]!.replace(/^"|"$/g, '')))
}, 240_000)

afterAll(async () => {
  await Promise.all([root, ...outs].map((dir) => rm(dir, { recursive: true, force: true })))
})

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean)
/** 0-based index of the page where career `n` (1-based) opens: its first line is `CAREER n`. */
const openingOf = (pages: string[], n: number) => pages.findIndex((page) => lines(page)[0] === `CAREER ${n}`)

describe('the interior', () => {
  it('every page is the trim size, 6 × 9 in (pdfinfo)', async () => {
    for (const file of [printPdf, digitalPdf]) {
      const info = await pdfInfo(file)
      expect([info.width, info.height]).toEqual([432, 648])
      const sizes = await pdfPageSizes(file)
      expect(sizes).toHaveLength(info.pages)
      expect(sizes.every((size) => size.width === 432 && size.height === 648)).toBe(true)
    }
  })

  it('every font is embedded and is one of the shipped faces (pdffonts)', async () => {
    for (const file of [printPdf, digitalPdf, coverPdf]) {
      const fonts = await pdfFonts(file)
      expect(fonts.length).toBeGreaterThan(0)
      for (const font of fonts) {
        expect(font.embedded, `${font.name} in ${path.basename(file)}`).toBe(true)
        expect(font.name, 'a system font crept in').toMatch(/^[A-Z]{6}\+(SourceSerif4|SourceSans3)/)
      }
    }
  })

  it('print and digital PDFs have the same pages, word for word', () => {
    expect(printPages.length).toBeGreaterThanOrEqual(24) // KDP's minimum
    expect(digitalPages).toEqual(printPages)
  })

  it('front matter: half title, blank, title page, copyright with the print ISBN, contents', () => {
    expect(lines(printPages[0]!)).toEqual(['Careers in Health Care'])
    expect(lines(printPages[1]!)).toEqual([])
    expect(printPages[2]).toContain('Careers in Health Care')
    expect(printPages[2]).toContain('SPRINGBOARD PRESS')
    expect(printPages[3]).toMatch(/Copyright ©/)
    // Every format's ISBN (this book has a paperback one only) and the edition, month of the newest chapter.
    expect(printPages[3]).toContain(`ISBN ${isbn} (paperback)`)
    expect(printPages[3]).toContain('First edition, February 2026')
    expect(lines(printPages[4]!)[0]).toBe('Contents')
  })

  it('every contents number is the folio of the page where that chapter opens', () => {
    const toc = printPages[4]!
    for (const [index, title] of chapterTitles.entries()) {
      const entry = new RegExp(`CAREER ${index + 1}\\s+${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\n?\\s*(\\d+)`).exec(toc)
      expect(entry, `${title} in the contents`).not.toBeNull()
      const opening = openingOf(printPages, index + 1)
      expect(opening, `opening of ${title}`).toBeGreaterThan(0)
      const page = lines(printPages[opening]!)
      expect(page[1]).toBe(title)
      // The folio is the page's last line; it must be the number the contents give.
      expect(page.at(-1)).toBe(entry![1])
    }
    // Arabic 1 is the first chapter's opening; the introduction has a roman folio.
    expect(lines(printPages[openingOf(printPages, 1)]!).at(-1)).toBe('1')
    expect(toc).toMatch(/Introduction\s+[ivxl]+\n/)
    expect(toc).toMatch(/Careers at a glance\s+\d+\n/)
  })

  it('the first chapter opens on a right-hand (odd) page, the others on the next page (chapterOpening: next-page); the book ends on a blank page, even', () => {
    expect((openingOf(printPages, 1) + 1) % 2).toBe(1)
    for (let n = 2; n <= chapterTitles.length; n++) {
      const opening = openingOf(printPages, n)
      // No filler: the page before is the previous career's last, with its folio.
      expect(lines(printPages[opening - 1]!).at(-1), `the page before career ${n}`).toMatch(/^\d+$/)
    }
    expect(printPages.length % 2).toBe(0)
    expect(lines(printPages.at(-1)!)).toEqual([])
    // Blank pages only where the layout needs them: the half title's verso, before the introduction or the first chapter, at the end.
    const blank = printPages.filter((page) => lines(page).length === 0)
    expect(blank.length).toBeGreaterThanOrEqual(2)
    expect(blank.length).toBeLessThanOrEqual(5)
  })

  it('set like a book (pdftotext): no word hyphenated across a page turn, no ladder, no paragraph ending on a word\'s tail', async () => {
    const facts = typesettingFacts(await pdfText(printPdf))
    expect(facts.pageTurns).toEqual([])
    expect(facts.ladders).toBe(0)
    expect(facts.tails).toBe(0)
    // The book hyphenates: the corrections took out only the soft hyphens that broke badly.
    expect((await pdfText(printPdf)).match(/\u00AD-$/gm)?.length ?? 0).toBeGreaterThan(20)
  })

  it('running heads: none on openings, the book title on left pages, the chapter title on right pages', () => {
    for (const [index, title] of chapterTitles.entries()) {
      const opening = openingOf(printPages, index + 1)
      expect(lines(printPages[opening]!)[0]).toBe(`CAREER ${index + 1}`)
      // The page after an opening: a left-hand (even) page has the book's title, a right-hand one the chapter's.
      const next = lines(printPages[opening + 1]!)
      const nextIsLeft = (opening + 2) % 2 === 0
      if (next.length > 0 && !next[0]!.startsWith('CAREER ')) expect(next[0]).toBe(nextIsLeft ? 'CAREERS IN HEALTH CARE' : title.toUpperCase())
    }
  })

  it('no text outside the text block (pdftotext -bbox)', async () => {
    const layout = interiorLayout('6x9', false, printPages.length)
    const inside = layout.margins.inside * 72
    const outside = layout.margins.outside * 72
    const pages = await pdfWords(printPdf)
    for (const [index, page] of pages.entries()) {
      const right = index % 2 === 0 // page 1 is a right-hand page
      const left = right ? inside : outside
      const rightEdge = page.width - (right ? outside : inside)
      for (const word of page.words) {
        // 1 pt for rounding: a glyph's box may overhang its advance a little.
        expect(word.xMin, `"${word.text}" on page ${index + 1}`).toBeGreaterThanOrEqual(left - 1)
        expect(word.xMax, `"${word.text}" on page ${index + 1}`).toBeLessThanOrEqual(rightEdge + 1)
        // Running heads and folios sit in the top and bottom margins, but at least KDP's 0.25 in from the edge.
        expect(word.yMin).toBeGreaterThanOrEqual(0.25 * 72)
        expect(word.yMax).toBeLessThanOrEqual(page.height - 0.25 * 72)
      }
    }
  })

  it('the appendix gives each career its page', async () => {
    const layoutPages = await pdfPageTexts(printPdf, { layout: true })
    const appendix = layoutPages.find((page) => lines(page)[0] === 'Careers at a glance')!
    expect(appendix).toBeDefined()
    for (const [index, title] of chapterTitles.entries()) {
      const folio = lines(printPages[openingOf(printPages, index + 1)]!).at(-1)
      expect(appendix).toMatch(new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\n]*\\s${folio}\\n`))
    }
  })
})

describe('print versus digital', () => {
  it('the print PDF has no bookmarks, no links and no tags', async () => {
    const navigation = await pdfNavigation(printPdf)
    expect(navigation.outline).toEqual([])
    expect(navigation.links).toBe(0)
    expect((await pdfInfo(printPdf)).tagged).toBe(false)
  })

  it('the digital PDF is tagged, with a bookmark per chapter and working links', async () => {
    expect((await pdfInfo(digitalPdf)).tagged).toBe(true)
    const navigation = await pdfNavigation(digitalPdf)
    const titles = navigation.outline.map((item) => item.title)
    for (const title of chapterTitles) expect(titles).toContain(title)
    expect(titles).toContain('Contents')
    expect(titles).toContain('Careers at a glance')
    // The contents and the appendix link to every chapter; the resources link to the web.
    expect(navigation.internalLinks).toBeGreaterThanOrEqual(2 * chapterTitles.length)
    expect(navigation.links).toBeGreaterThan(navigation.internalLinks)
  })
})

describe('the handouts', () => {
  it('one US Letter page per career, with its title, at a glance and the address behind the QR code', async () => {
    const files = (await readdir(path.join(volumeDir, 'handouts'))).sort()
    expect(files).toHaveLength(chapterTitles.length)
    for (const file of files) {
      const handout = path.join(volumeDir, 'handouts', file)
      const info = await pdfInfo(handout)
      expect(info.pages, file).toBe(1)
      expect([info.width, info.height]).toEqual([612, 792])
      const text = (await pdfPageTexts(handout))[0]!
      expect(chapterTitles.some((title) => text.includes(title)), file).toBe(true)
      expect(text).toMatch(/Education\s[\s\S]*Salary\s/)
      expect(text).toContain('Scan to learn more')
      expect(text).toContain(url)
      for (const font of await pdfFonts(handout)) expect(font.embedded).toBe(true)
    }
  })
})

describe('the cover', () => {
  it('is 2 × trim + spine + 2 × bleed wide and trim + 2 × bleed high, for the actual page count', async () => {
    const pages = (await pdfInfo(printPdf)).pages
    const info = await pdfInfo(coverPdf)
    expect(info.pages).toBe(1)
    const expectedWidth = (2 * 6 + pages * 0.002252 + 2 * 0.125) * 72
    const expectedHeight = (9 + 2 * 0.125) * 72
    expect(Math.abs(info.width - expectedWidth)).toBeLessThan(0.01)
    expect(Math.abs(info.height - expectedHeight)).toBeLessThan(0.01)
    expect(coverLayout('6x9', 'white', pages).spineText).toBe(pages >= 80)
  })

  it('carries the ISBN and its EAN-13 barcode on the back, which zbarimg reads as the ISBN and the price add-on', async () => {
    const text = (await pdfPageTexts(coverPdf))[0]!
    expect(text).toContain(`ISBN ${isbn}`)
    const config = (await loadConfig(root)).config!
    const line = await verifyCoverBarcode(coverPdf, outs[0]!, config)
    // The sample's paperback list price is 19.99 USD: add-on 51999.
    expect([line.ok, line.detail]).toEqual([true, `EAN-13 ${isbn}, EAN-5 51999; expected ${isbn} 51999`])
  })
})

describe('reproducible', () => {
  it('two builds of the same sources are byte-identical', async () => {
    const list = async (dir: string): Promise<string[]> =>
      (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name))).sort()
    const [first, second] = [await list(outs[0]!), await list(outs[1]!)]
    expect(second).toEqual(first)
    // Print, digital, cover; a handout per career; the fair pack, and two up (the sample asks for it); the page map
    // the EPUB takes its page list from (src/printed-pages.ts).
    expect(first.length).toBe(3 + chapterTitles.length + 2 + 1)
    expect(first).toContain(path.join('complete', 'page-map.json'))
    for (const file of first) {
      const [a, b] = await Promise.all(outs.map((out) => readFile(path.join(out, file))))
      expect(a!.equals(b!), file).toBe(true)
    }
  })

  it('dates come from the newest chapter, not the clock', async () => {
    expect((await pdfInfo(printPdf)).creationDate).toMatch(/^2026-02-23T00:00:00/)
  })
})
