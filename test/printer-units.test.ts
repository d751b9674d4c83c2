/**
 * Issue 16, the arithmetic and the string work: printers' profiles, the
 * page map and its markers, the PDF/X cover's inks, the same-length /ID,
 * and the rules the verify checks apply.
 */
import { describe, expect, it } from 'vitest'
import { blankPagesToAdd, coverLayout, ingramSparkProfile, interiorLayout, kdpProfile } from '../src/config/print-layout.ts'
import { deltaE2000, labFromRgb, totalInk, type Lab } from '../src/print/colour.ts'
import { buildPageMap } from '../src/print/page-map.ts'
import { pageRules } from '../src/print/page-rules.ts'
import { stableId } from '../src/print/pdfx.ts'
import type { OpeningDocument } from '../src/print/plan.ts'
import { applyPageMap, countPageBlocks, insertPageBreaks } from '../src/render/page-breaks.ts'
import { isDoubled, labelsAsPrinted } from '../src/verify/digital.ts'
import { runCli } from './helpers/cli.ts'

describe('printer profiles', () => {
  const layout = interiorLayout('6x9', false, 40)
  const documents = [{ id: 'ch-a', title: 'A', front: false }]

  it("KDP's running heads and folios sit where they always have", () => {
    const css = pageRules({ layout, bookTitle: 'Book', documents })
    expect(css).toContain('vertical-align: bottom; padding-bottom: 0.35in')
    expect(css).toContain('vertical-align: top; padding-top: 0.2in')
  })

  it("IngramSpark's line boxes end 0.5 in inside the trim, with and without bleed", () => {
    expect(pageRules({ layout, bookTitle: 'Book', documents, profile: ingramSparkProfile })).toContain('vertical-align: top; padding-top: 0.5in')
    expect(pageRules({ layout, bookTitle: 'Book', documents, profile: ingramSparkProfile })).toContain('vertical-align: bottom; padding-bottom: 0.5in')
    const bled = interiorLayout('6x9', true, 40)
    expect(pageRules({ layout: bled, bookTitle: 'Book', documents, profile: ingramSparkProfile })).toContain('padding-top: 0.625in')
  })

  it('spine text: KDP from 80 pages, IngramSpark from 48 when the spine leaves room inside both folds', () => {
    expect(coverLayout('6x9', 'white', 79).spineText).toBe(false)
    expect(coverLayout('6x9', 'white', 80).spineText).toBe(true)
    expect(coverLayout('6x9', 'white', 47, ingramSparkProfile).spineText).toBe(false)
    // 48 pages of white paper make a 0.108 in spine: less than the two 1/16 in fold clearances.
    expect(coverLayout('6x9', 'white', 48, ingramSparkProfile).spineText).toBe(false)
    expect(coverLayout('6x9', 'cream', 60, ingramSparkProfile).spineText).toBe(true)
    expect(coverLayout('6x9', 'white', 60, kdpProfile).spineText).toBe(false)
  })

  it('every interior ends on an added blank page with an even count', () => {
    expect([41, 42, 1, 2].map((pages) => pages + blankPagesToAdd(pages))).toEqual([42, 44, 2, 4])
  })
})

describe('colour differences (print/colour.ts)', () => {
  it('CIEDE2000 agrees with Sharma, Wu and Dalal\'s test pairs to four decimals', () => {
    // Pairs 1, 7, 13, 17, 22 and 34 of the paper's table 1: Lab, Lab, ΔE00.
    const pairs: [Lab, Lab, number][] = [
      [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
      [[50, 0, 0], [50, -1, 2], 2.3669],
      [[50, 2.49, -0.001], [50, -2.49, 0.0011], 7.2195],
      [[50, 2.5, 0], [73, 25, -18], 27.1492],
      [[50, 2.5, 0], [50, 3.1736, 0.5854], 1.0],
      [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
    ]
    for (const [first, second, expected] of pairs) expect(deltaE2000(first, second)).toBeCloseTo(expected, 4)
  })

  it('sRGB to Lab: white, black and the cover\'s teal', () => {
    labFromRgb([1, 1, 1]).forEach((value, index) => expect(value).toBeCloseTo([100, 0, 0][index]!, 3))
    expect(labFromRgb([0, 0, 0])[0]).toBeCloseTo(0, 6)
    const [l, a, b] = labFromRgb([0x0e / 255, 0x4b / 255, 0x5a / 255])
    expect([Math.round(l), Math.round(a), Math.round(b)]).toEqual([29, -13, -14])
  })

  it('total ink in percent', () => {
    expect(totalInk([0.5, 0.4, 0.3, 0.2])).toBeCloseTo(140, 6)
  })
})

describe('page markers in the EPUB', () => {
  const html =
    '<section id="ch-a" class="chapter"><p class="n">Career 1</p><h1 id="t">Title</h1><ul><li>one</li><li>two</li></ul>' +
    '<table><thead><tr><th>Head</th></tr></thead><tbody><tr><td class="x">Cell</td></tr></tbody></table><p>Last <br/>line</p></section>'

  it('counts the blocks the print side counts, in document order', () => {
    expect(countPageBlocks(html)).toBe(7)
  })

  it('puts each marker at the start of its block; a row\'s into its first cell', () => {
    const marked = insertPageBreaks(html, [
      { block: 0, label: '1' },
      { block: 3, label: '2' },
      { block: 5, label: '3' },
    ])
    const marker = (label: string) => `<span epub:type="pagebreak" role="doc-pagebreak" id="page-${label}" aria-label="${label}"></span>`
    expect(marked).toContain(`<p class="n">${marker('1')}Career 1</p>`)
    expect(marked).toContain(`<li>${marker('2')}two</li>`)
    expect(marked).toContain(`<tr><td class="x">${marker('3')}Cell</td></tr>`)
    expect(marked.replace(/<span epub:type="pagebreak"[^>]*><\/span>/g, '')).toBe(html)
  })

  it('a document counted differently keeps only its first marker', () => {
    const { documents, pageList } = applyPageMap([{ id: 'ch-a', html }], { pageCount: 3, documents: { 'ch-a': { blocks: 8, starts: [{ block: 0, label: '1' }, { block: 3, label: '2' }] } } })
    expect(pageList).toEqual([{ document: 'ch-a', label: '1' }])
    expect(documents[0]!.html).not.toContain('page-2')
  })

  it('the page map: first block of each page, moved by the fillers before its document, labelled as printed', () => {
    const openings: OpeningDocument[] = [
      { id: 'introduction', kind: 'introduction', title: 'Introduction', front: true },
      { id: 'ch-a', kind: 'chapter', title: 'A', front: false },
    ]
    // Named destinations of the openings, and the block markers' pages, as the first pass printed them.
    const measured = new Map([['introduction', 5], ['ch-a', 7]])
    const at = (page: number) => ({ page, x: 72, top: 600 })
    const marks = new Map([[0, at(2)], [1, at(5)], [2, at(5)], [3, at(6)], [4, at(7)], [5, at(7)], [6, at(8)]])
    const plan = { fillers: new Set(['introduction', 'ch-a']), starts: new Map([['introduction', 6], ['ch-a', 8]]), endBlanks: 2, pageCount: 10 }
    const map = buildPageMap({
      documents: [{ id: 'titlepage', marks: [0] }, { id: 'introduction', marks: [1, 2, 3] }, { id: 'ch-a', marks: [4, -1, 5, 6] }],
      openings,
      measured,
      marks,
      plan,
      arabicStart: 8,
      pageCount: 10,
    })
    expect(map.documents['titlepage']!.starts).toEqual([{ block: 0, label: 'iii' }])
    expect(map.documents['introduction']!.starts).toEqual([{ block: 0, label: 'vii' }, { block: 2, label: 'viii' }])
    // Block 1 has no marker (an image paragraph): block 3 begins page 2.
    expect(map.documents['ch-a']!.starts).toEqual([{ block: 0, label: '1' }, { block: 3, label: '2' }])
    expect(map.documents['ch-a']!.blocks).toBe(4)
  })
})

describe('what verify checks', () => {
  it('doubled bookmark titles', () => {
    expect(['EducationEducation', 'OutlookOutlook'].every(isDoubled)).toBe(true)
    expect(['Education', 'Walla Walla', 'Director of Medical Records'].some(isDoubled)).toBe(false)
  })

  it('page labels: roman, then arabic from 1', () => {
    expect(labelsAsPrinted(['i', 'ii', 'iii', '1', '2', '3'])).toBe(true)
    expect(labelsAsPrinted(['1', '2', '3', '4'])).toBe(true)
    expect(labelsAsPrinted(['1', '2', '3', '4'].map((_, index) => String(index + 2)))).toBe(false)
    expect(labelsAsPrinted(['i', '1', 'ii'])).toBe(false)
  })

  it("Ghostscript's /ID: replaced at the same length by a hash of the rest", () => {
    const file = (id: string) => new TextEncoder().encode(`%PDF-1.3\ntrailer\n<< /Size 3 /ID [<${id}><${id}>] >>\nstartxref\n9\n%%EOF\n`)
    const [a, b] = [stableId(file('0397D0D428258168FAF3CDDA8054DCB4')), stableId(file('B4087136C3C2E927FCD9BD30DF6E1195'))]
    expect(Buffer.from(a!).equals(Buffer.from(b!))).toBe(true)
    expect(a!.length).toBe(file('0397D0D428258168FAF3CDDA8054DCB4').length)
    // A file without one is left to the caller, which reports it as a bug with the file's end.
    expect(stableId(new TextEncoder().encode('%PDF-1.3\ntrailer\n<< /Size 3 >>\n%%EOF\n'))).toBeUndefined()
  })

  it("Ghostscript's /ID as literal strings (as in a CI run): read with their escapes, and replaced by the same hex /ID", () => {
    const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'))
    const head = '%PDF-1.3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'
    const file = (id: string) => latin1(`${head}xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R\n/ID [${id}${id}]\n>>\nstartxref\n${head.length}\n%%EOF\n`)
    const literal = '(\\276j6Yf+{-0zF \\344P|\\263)'
    const escapes = '(\\(\\)\\\\\\n\\001123456789ab)'
    const hex = '<0397D0D428258168FAF3CDDA8054DCB4>'
    const [fromLiteral, fromEscapes, fromHex] = [stableId(file(literal)), stableId(file(escapes)), stableId(file(hex))]
    expect(fromLiteral).toBeDefined()
    expect(Buffer.from(fromLiteral!).equals(Buffer.from(fromHex!))).toBe(true)
    expect(Buffer.from(fromEscapes!).equals(Buffer.from(fromHex!))).toBe(true)
    expect(Buffer.from(fromLiteral!).toString('latin1')).toMatch(/\/ID \[<([0-9A-F]{32})><\1>\]\n>>\nstartxref\n\d+\n%%EOF\n$/)
    // A string of another length is no /ID of Ghostscript's.
    expect(stableId(file('(too short)'))).toBeUndefined()
    // Before the cross-reference table a longer /ID would move the offsets after it: left to the caller.
    const early = latin1(`%PDF-1.3\n<< /ID [${literal}${literal}] >>\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 >>\nstartxref\n48\n%%EOF\n`)
    expect(stableId(early)).toBeUndefined()
  })
})

describe('--format', () => {
  it('takes several formats joined by commas, and names the ones it knows', async () => {
    const run = await runCli(['build', '--format', 'all,pdfz', '--root', '/nonexistent'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Unknown format `pdfz`/)
    expect(run.stderr).toMatch(/epub, pdf, handouts, pdfx, all/)
  })
})
