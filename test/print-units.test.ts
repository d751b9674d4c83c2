/** Issue 3, the arithmetic: KDP's tables and formulas, the filler plan, hyphenation, same-length PDF rewrites. */
import { readdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { crc32, deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { lintBook } from '../src/build.ts'
import { coverLayout, interiorLayout, minimumGutter } from '../src/config/print-layout.ts'
import { cssString } from '../src/print/css.ts'
import { pageRules } from '../src/print/page-rules.ts'
import { setPageSize, setPdfDates } from '../src/print/pdf.ts'
import { linkMarks } from '../src/print/pdf-objects.ts'
import { PDFDocument, PDFString } from 'pdf-lib'
import { folioLabels, planFillers, toRoman, type OpeningDocument } from '../src/print/plan.ts'
import { hyphenateText, hyphenatorFor, preparePrintHtml, softHyphen } from '../src/print/text.ts'
import { flattenMessages } from '../src/report/messages.ts'
import { makeBook, projectRoot, validChapter } from './helpers/book.ts'

describe('KDP geometry', () => {
  it('minimum gutter by page count', () => {
    expect([24, 150, 151, 300, 301, 500, 501, 700, 701, 828].map(minimumGutter)).toEqual([0.375, 0.375, 0.5, 0.5, 0.625, 0.625, 0.75, 0.75, 0.875, 0.875])
  })

  it('interior: trim size, bleed on outside, top and bottom only, gutter above the minimum', () => {
    const plain = interiorLayout('6x9', false, 120)
    expect(plain.page).toEqual({ width: 6, height: 9 })
    expect(plain.margins.inside).toBeGreaterThan(0.375)
    const bled = interiorLayout('5.5x8.5', true, 320)
    expect(bled.page).toEqual({ width: 5.625, height: 8.75 })
    expect(bled.margins.inside).toBeGreaterThan(0.625)
    expect(bled.margins.outside).toBeGreaterThanOrEqual(0.375 + 0.125)
    expect(interiorLayout('8.5x11', false, 10).page).toEqual({ width: 8.5, height: 11 })
  })

  it('cover: 2 × trim + spine + 2 × bleed; spine by paper; spine text from 80 pages', () => {
    const white = coverLayout('6x9', 'white', 200)
    expect(white.spine).toBeCloseTo(0.4504, 6)
    expect(white.page.width).toBeCloseTo(12 + 0.4504 + 0.25, 6)
    expect(white.page.height).toBe(9.25)
    expect(coverLayout('6x9', 'cream', 200).spine).toBeCloseTo(0.5, 6)
    expect(coverLayout('6x9', 'white', 79).spineText).toBe(false)
    expect(coverLayout('6x9', 'white', 80).spineText).toBe(true)
  })
})

/** A white PNG of the given size (8-bit greyscale), for image-size to measure. */
function blankPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 0, 0, 0, 0], 8) // 8-bit greyscale, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width, 255)])
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))), chunk('IEND', Buffer.alloc(0))])
}

describe('print resolution (i-006) at the text width of the print layout', () => {
  // 6 × 9: the text block is 4.825 in wide (the layout's margins), not trim less 1.5 in (4.5 in).
  it.each([
    { pixels: 1400, warned: true }, // 311 dpi at 4.5 in, 290 at 4.825
    { pixels: 1448, warned: false }, // 300 dpi at 4.825 in
  ])('a $pixels px wide image at 6 × 9: warned $warned', async ({ pixels, warned }) => {
    const root = await makeBook(
      { '2026-01-05-medical-records-director.md': validChapter().replace('Growing as health IT keeps changing.', 'Growing as health IT keeps changing.\n\n![A chart](../assets/wide.png)') },
      { files: { 'assets/wide.png': blankPng(pixels, 4) } },
    )
    try {
      const lint = await lintBook(root)
      expect(lint.config?.print.trim).toBe('6x9')
      const messages = flattenMessages(lint.files, root).filter((message) => message.rule === 'i-006')
      expect(messages.map((message) => message.message)).toEqual(warned ? [`The image \`../assets/wide.png\` is ${pixels} px wide: ${Math.floor(pixels / 4.825)} dpi at the printed text width of 4.825 in`] : [])
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})

describe('the two-pass plan', () => {
  const openings: OpeningDocument[] = [
    { id: 'introduction', kind: 'introduction', title: 'Introduction', front: true },
    { id: 'ch-a', kind: 'chapter', title: 'A', front: false },
    { id: 'ch-b', kind: 'chapter', title: 'B', front: false },
    { id: 'careers-at-a-glance', kind: 'appendix', title: 'Careers at a glance', front: false },
  ]

  it('right-hand openings: a filler before every document that would open on a left page, counting earlier fillers', () => {
    // 0-based indexes: even is a right-hand page.
    const measured = new Map([['introduction', 5], ['ch-a', 7], ['ch-b', 10], ['careers-at-a-glance', 12]])
    const plan = planFillers(openings, measured, 13, 'right-hand')
    expect([...plan.fillers]).toEqual(['introduction', 'ch-b'])
    expect([...plan.starts.values()]).toEqual([6, 8, 12, 14])
    expect([...plan.starts.values()].every((start) => start % 2 === 0)).toBe(true)
    // 13 measured + 2 fillers = 15 pages: one blank page makes 16, even, the last one blank.
    expect([plan.endBlanks, plan.pageCount]).toEqual([1, 16])
    const folios = folioLabels(openings, plan.starts)
    expect([...folios.values()].map((folio) => folio.label)).toEqual(['vii', '1', '5', '7'])
  })

  it('next-page openings: only the introduction and the first chapter wait for a right-hand page', () => {
    const measured = new Map([['introduction', 5], ['ch-a', 7], ['ch-b', 10], ['careers-at-a-glance', 13]])
    const plan = planFillers(openings, measured, 14, 'next-page')
    expect([...plan.fillers]).toEqual(['introduction'])
    expect([...plan.starts.values()]).toEqual([6, 8, 11, 14])
    // 14 measured + 1 filler = 15, odd: one blank page. An even count still gets two, so that the last page is blank.
    expect([plan.endBlanks, plan.pageCount]).toEqual([1, 16])
    expect(planFillers(openings, measured, 13, 'next-page').endBlanks).toBe(2)
    const folios = folioLabels(openings, plan.starts)
    expect([...folios.values()].map((folio) => folio.label)).toEqual(['vii', '1', '4', '7'])
  })

  it('roman numerals', () => {
    expect([1, 4, 9, 14, 40, 90, 2026].map(toRoman)).toEqual(['i', 'iv', 'ix', 'xiv', 'xl', 'xc', 'mmxxvi'])
  })

  it('running heads: literal titles, and an empty head on the opening folio only', () => {
    const css = pageRules({ layout: interiorLayout('6x9', false, 40), bookTitle: 'Book "One"', documents: openings, openings: new Map([['ch-a', 1]]) })
    expect(css).toContain('@counter-style p-ch-a-head { system: cyclic; symbols: "A"; }')
    expect(css).toContain('@counter-style p-ch-a-opening { system: fixed 1; symbols: ""; fallback: p-ch-a-head; }')
    // An opening on a left-hand page has no book title over it either.
    expect(css).toContain('@counter-style p-ch-a-opening-left { system: fixed 1; symbols: ""; fallback: p-ch-a-book; }')
    expect(css).toContain('@counter-style p-ch-a-book { system: cyclic; symbols: "Book \\"One\\""; }')
    expect(css).toContain('@page { size: 6in 9in;')
    expect(cssString('a\\b\nc')).toBe('"a\\\\b c"')
  })
})

describe('hyphenation', () => {
  const hyphenate = hyphenatorFor('en-US')!

  it('inserts soft hyphens with at least 2 letters before and 3 after', () => {
    const result = hyphenateText('pharmacology and physiology', hyphenate)
    expect(result.replaceAll(softHyphen, '')).toBe('pharmacology and physiology')
    for (const word of result.split(' ')) {
      const parts = word.split(softHyphen)
      if (parts.length > 1) {
        expect(parts[0]!.length).toBeGreaterThanOrEqual(2)
        expect(parts.at(-1)!.length).toBeGreaterThanOrEqual(3)
      }
    }
    expect(result).toContain(softHyphen)
  })

  it('leaves addresses, numbers, acronyms, headings and links alone', () => {
    expect(hyphenateText('www.bls.gov/ooh/healthcare HIPAA 2024', hyphenate)).toBe('www.bls.gov/ooh/healthcare HIPAA 2024')
    const html = preparePrintHtml('<h2>Responsibilities</h2><p>Responsibilities <a href="https://example.org/">Organization</a></p>', { language: 'en-US', printUrls: true })
    expect(html).toContain('<h2>Responsibilities</h2>')
    expect(html).toContain('>Organization</a>')
    expect(html).toMatch(/<p>Re.*\u00ADsi/)
    expect(html).toContain('<span class="print-url"> example.<wbr />org</span>')
  })

  it('has no patterns for languages it does not know, and then hyphenates nothing', () => {
    expect(hyphenatorFor('xx')).toBeUndefined()
  })
})

describe('same-length rewrites of Chromium PDFs', () => {
  const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <</MediaBox [0 0 888.95996 666]>>\n<</CreationDate (D:20261126215442+00\'00\')\n/ModDate (D:20261126215442+00\'00\')>>\nxref')

  it('dates from the build, no byte offset moved', () => {
    const out = setPdfDates(pdf, new Date('2026-02-23T00:00:00Z'))
    expect(out.length).toBe(pdf.length)
    expect(new TextDecoder().decode(out)).toContain("/CreationDate (D:20260223000000+00'00')")
    expect(new TextDecoder().decode(out)).toContain("/ModDate (D:20260223000000+00'00')")
  })

  it('the exact page size, padded to the same length', () => {
    const out = setPageSize(pdf, { width: 12.342332, height: 9.25 })
    expect(out.length).toBe(pdf.length)
    // 888.648 pt exactly (to 0.0001), padded with a space that PDF ignores inside the array.
    expect(new TextDecoder().decode(out)).toContain('/MediaBox [0 0 888.6479  666]')
  })
})

describe('block markers read back from a print', () => {
  it('a marker painted on several pages (a table header row repeated) counts on the first', async () => {
    const document = await PDFDocument.create()
    const pages = [document.addPage([432, 648]), document.addPage([432, 648])]
    const link = (page: number, uri: string, top: number) => {
      const annotation = document.context.register(
        document.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [72, top - 1, 73, top], A: { S: 'URI', URI: PDFString.of(uri) } }),
      )
      pages[page]!.node.addAnnot(annotation)
    }
    link(0, 'https://page-block.invalid/7', 100)
    link(1, 'https://page-block.invalid/7', 600)
    link(1, 'https://page-block.invalid/3', 500)
    link(1, 'https://example.org/not-a-marker', 400)
    const marks = await linkMarks(await document.save(), 'https://page-block.invalid/')
    expect([...marks.keys()].sort()).toEqual([3, 7])
    expect(marks.get(7)).toEqual({ page: 0, x: 72, top: 100 })
    expect(marks.get(3)).toEqual({ page: 1, x: 72, top: 500 })
  })
})

describe('the print stylesheets', () => {
  // The interior is measured (line breaks, page-count estimate) in a screen layout one text block wide, and
  // is hidden on screen otherwise: both hold only while no style depends on the medium beyond that one rule.
  it('have no media-dependent rules but the one that hides the book on screen', async () => {
    const dir = path.join(projectRoot, 'templates', 'print')
    for (const name of (await readdir(dir)).filter((file) => /\.(css|ejs)$/.test(file))) {
      const text = await readFile(path.join(dir, name), 'utf8')
      const media = text.match(/@media[^{]*\{[^}]*\}/g) ?? []
      expect(media, name).toEqual(name === 'book.html.ejs' ? ['@media screen { body { display: none; }'] : [])
    }
  })
})
