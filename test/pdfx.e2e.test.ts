/**
 * Issue 16 end to end: the sample book built with EPUB, print PDFs and
 * PDF/X in one run (real Chromium and Ghostscript), judged as a prepress
 * operator and a reading system would: Ghostscript's inkcov, bitcmyk and
 * bbox devices, pdfinfo -box, qpdf (its checks, and its JSON for where each
 * bookmark leads), pdftotext page by page, EPUBCheck 5.1.0 and 4.2.6 and Ace.
 */
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBook } from '../src/build.ts'
import { loadConfig } from '../src/config/index.ts'
import { formatMessages } from '../src/report/messages.ts'
import type { Progress } from '../src/report/progress.ts'
import { verifyCoverBarcode } from '../src/verify/barcode.ts'
import { digitalPdfFacts } from '../src/verify/digital.ts'
import { runAce, runEpubcheck, verifyOutputs } from '../src/verify/index.ts'
import { coverDifference, maxCoverDeltaE, verifyCoverImages } from '../src/verify/print-book.ts'
import { explicitBoxes, inkCoverage, markedAreas, maxTotalInk, pdfBoxes } from '../src/verify/pdfx.ts'
import { pdfFonts, pdfInfo, pdfPageTexts } from '../src/verify/pdf.ts'
import { projectRoot } from './helpers/book.ts'

const run = promisify(execFile)
const isbn = '9780306406157'
let root: string
let out: string
const dirs: string[] = []
const file = (suffix: string) => path.join(out, 'complete', `careers-in-health-care${suffix}`)
let zip: JSZip
let printPages: string[]
let labels: string[]

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix))
  dirs.push(dir)
  return dir
}

beforeAll(async () => {
  root = await tempDir('springboard-pdfx-book-')
  await cp(path.join(projectRoot, 'chapters'), path.join(root, 'chapters'), { recursive: true })
  await cp(path.join(projectRoot, 'assets'), path.join(root, 'assets'), { recursive: true })
  const config = await readFile(path.join(projectRoot, 'springboard.yaml'), 'utf8')
  // The sample config as one volume (its stores list the year volume too: not here), with a print ISBN for the barcode.
  const oneVolume = config.replace(/^volumes:[\s\S]*$/m, '').replace(/^ +'2026': .*\n/gm, '').replace(/^isbn:\n(?: .*\n)+/m, '')
  await writeFile(path.join(root, 'springboard.yaml'), `${oneVolume}\nisbn:\n  print: ${isbn}\nvolumes:\n  - id: complete\n`)
  out = await tempDir('springboard-pdfx-out-')
  const result = await buildBook({ root, out, formats: ['epub', 'pdf', 'pdfx'], env: { ...process.env, SOURCE_DATE_EPOCH: undefined } })
  expect(result.ok, formatMessages(result.files, root)).toBe(true)
  zip = await JSZip.loadAsync(await readFile(file('.epub')))
  printPages = await pdfPageTexts(file('-print.pdf'))
  labels = (await digitalPdfFacts(file('-digital.pdf'))).pageLabels!
}, 300_000)

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

const words = (text: string) => text.replace(/[\u00AD]/g, '').toLowerCase().split(/\s+/).filter(Boolean)
const squeeze = (text: string) => words(text).join('').replace(/-/g, '')

/** The page list's entries and every marker in the book, from the EPUB as a reading system reads it. */
async function pageList(epub: JSZip): Promise<{ entries: { href: string; label: string }[]; markers: { file: string; label: string; after: string }[] }> {
  const nav = await epub.file('OEBPS/toc.xhtml')!.async('string')
  const list = /<nav[^>]*epub:type="page-list"[^>]*>([\s\S]*?)<\/nav>/.exec(nav)?.[1] ?? ''
  const entries = [...list.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((match) => ({ href: match[1]!, label: match[2]! }))
  const markers: { file: string; label: string; after: string }[] = []
  for (const name of Object.keys(epub.files).filter((name) => name.endsWith('.xhtml')).sort()) {
    const xhtml = await epub.file(name)!.async('string')
    for (const match of xhtml.matchAll(/<span epub:type="pagebreak" role="doc-pagebreak" id="page-([^"]+)" aria-label="\1"><\/span>/g)) {
      const after = xhtml.slice(match.index! + match[0].length, match.index! + match[0].length + 600).replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#x27;|&apos;/g, "'")
      markers.push({ file: name.replace(/^OEBPS\//, ''), label: match[1]!, after })
    }
  }
  return { entries, markers }
}

describe('the EPUB page list', () => {
  it('lists the print pages, every entry resolving to a marker, in reading order', async () => {
    const { entries, markers } = await pageList(zip)
    expect(entries.length).toBeGreaterThanOrEqual(20)
    // One entry per marker, one marker per entry.
    expect(entries.map((entry) => entry.href).sort()).toEqual(markers.map((marker) => `${marker.file}#page-${marker.label}`).sort())
    for (const entry of entries) {
      const [name, id] = entry.href.split('#')
      const xhtml = await zip.file(`OEBPS/${name}`)!.async('string')
      expect(xhtml, entry.href).toContain(`id="${id}"`)
    }
    // In the order of the print book's pages.
    const pages = entries.map((entry) => labels.indexOf(entry.label))
    expect(pages.every((page) => page >= 0)).toBe(true)
    expect([...pages].sort((a, b) => a - b)).toEqual(pages)
    expect(entries.map((entry) => entry.label)).toContain('1')
    expect(entries.map((entry) => entry.label)).toContain('vii')
  })

  it('for each marker, the text after it is on that page of the print PDF (pdftotext -f N -l N)', async () => {
    const { markers } = await pageList(zip)
    for (const marker of markers) {
      const page = labels.indexOf(marker.label) + 1
      expect(page, `page labelled ${marker.label}`).toBeGreaterThan(0)
      const { stdout } = await run('pdftotext', ['-f', String(page), '-l', String(page), '-enc', 'UTF-8', file('-print.pdf'), '-'])
      const first = words(marker.after).slice(0, 3).join('').replace(/-/g, '')
      expect(squeeze(stdout), `marker ${marker.label} in ${marker.file}: "${words(marker.after).slice(0, 3).join(' ')}"`).toContain(first)
    }
  })

  it('the store editions have the same page list', async () => {
    const kindle = await JSZip.loadAsync(await readFile(file('-kindle.epub')))
    expect((await pageList(kindle)).entries).toEqual((await pageList(zip)).entries)
  })

  it('declares the page markers, the page navigation and the print edition they come from', async () => {
    const opf = await zip.file('OEBPS/content.opf')!.async('string')
    expect(opf).toContain('<meta property="schema:accessibilityFeature">pageBreakMarkers</meta>')
    expect(opf).toContain('<meta property="schema:accessibilityFeature">pageNavigation</meta>')
    expect(opf).toContain(`<dc:source id="page-source">urn:isbn:${isbn}</dc:source>`)
    expect(opf).toContain('<meta refines="#page-source" property="source-of">pagination</meta>')
  })

  it('EPUBCheck 5.1.0 and 4.2.6 report nothing, and Ace nothing critical or serious', async () => {
    const [v5, v4] = await Promise.all([runEpubcheck(file('.epub'), '5.1.0'), runEpubcheck(file('.epub'), '4.2.6')])
    for (const result of [v5!, v4!]) {
      expect(result.messages, result.version).toEqual([])
      expect([result.fatals, result.errors, result.warnings]).toEqual([0, 0, 0])
    }
    const ace = await runAce(file('.epub'))
    expect(ace.violations.filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')).toEqual([])
  }, 300_000)

  it('an EPUB built alone keeps the page list of the print beside it while the content is the same, and says so when it is not', async () => {
    const env = { ...process.env, SOURCE_DATE_EPOCH: undefined }
    // The print's page map is in its dist/ (complete/page-map.json): the EPUB-only builds go to copies of it.
    const again = await tempDir('springboard-pdfx-epub-')
    await cp(out, again, { recursive: true })
    expect((await buildBook({ root, out: again, formats: ['epub'], env })).ok).toBe(true)
    const same = await pageList(await JSZip.loadAsync(await readFile(path.join(again, 'complete/careers-in-health-care.epub'))))
    expect(same).toEqual(await pageList(zip))

    const chapter = path.join(root, 'chapters', (await readdir(path.join(root, 'chapters'))).find((name) => name.endsWith('.md'))!)
    const original = await readFile(chapter, 'utf8')
    const said: string[] = []
    const progress: Progress = { stage: (name, detail) => void said.push(`${name} ${detail}`), loop: () => ({ tick() {}, done() {} }), detail() {} }
    const edited = await tempDir('springboard-pdfx-edited-')
    await cp(out, edited, { recursive: true })
    try {
      await writeFile(chapter, `${original}\nOne more paragraph, written after the book was printed.\n`)
      expect((await buildBook({ root, out: edited, formats: ['epub'], progress, env })).ok).toBe(true)
    } finally {
      await writeFile(chapter, original)
    }
    const none = await pageList(await JSZip.loadAsync(await readFile(path.join(edited, 'complete/careers-in-health-care.epub'))))
    expect(none.entries).toEqual([])
    expect(none.markers).toEqual([])
    expect(said.join('\n')).toMatch(/^pages complete: no page list/m)
  }, 180_000)
})

describe('the PDF/X interior', () => {
  it('Ghostscript inkcov: C = M = Y = 0 on every page, and there is black', async () => {
    const ink = await inkCoverage(file('-print-pdfx.pdf'))
    expect(ink).toHaveLength((await pdfInfo(file('-print-pdfx.pdf'))).pages)
    for (const [index, [c, m, y]] of ink.entries()) expect([c, m, y], `page ${index + 1}`).toEqual([0, 0, 0])
    expect(ink.some(([, , , k]) => k > 0.01)).toBe(true)
  })

  it('pdfinfo -box: a TrimBox and a BleedBox on every page, the trim 6 × 9 in; a PDF/X output intent', async () => {
    const { stdout } = await run('pdfinfo', ['-box', '-f', '1', '-l', '1000', file('-print-pdfx.pdf')])
    const pages = (await pdfInfo(file('-print-pdfx.pdf'))).pages
    expect(stdout.match(/^Page\s+\d+ TrimBox:\s+0\.00\s+0\.00\s+432\.00\s+648\.00$/gm)).toHaveLength(pages)
    expect(stdout.match(/^Page\s+\d+ BleedBox:/gm)).toHaveLength(pages)
    expect((await explicitBoxes(file('-print-pdfx.pdf'))).every((page) => page.trim && page.bleed)).toBe(true)
    expect(stdout).toMatch(/^PDF subtype:\s+PDF\/X-3:2002$/m)
    const { stdout: qdf } = await run('qpdf', ['--qdf', '--object-streams=disable', file('-print-pdfx.pdf'), '-'], { maxBuffer: 64 * 1024 * 1024, encoding: 'latin1' })
    expect(qdf).toMatch(/\/OutputIntents/)
    expect(qdf).toMatch(/\/S \/GTS_PDFX/)
  })

  it('every mark at least 0.5 in inside the trim (Ghostscript bbox), running heads and folios included', async () => {
    const areas = await markedAreas(file('-print-pdfx.pdf'))
    const boxes = await pdfBoxes(file('-print-pdfx.pdf'))
    let nearest = Infinity
    for (const [index, area] of areas.entries()) {
      if (!area) continue
      const trim = boxes[index]!['TrimBox']!
      nearest = Math.min(nearest, area.x0 - trim.x0, area.y0 - trim.y0, trim.x1 - area.x1, trim.y1 - area.y1)
    }
    expect(nearest).toBeGreaterThanOrEqual(36)
    // The KDP PDF's heads sit nearer: the same check fails there.
    const kdp = (await markedAreas(file('-print.pdf'))).filter((area) => area !== undefined)
    expect(Math.min(...kdp.map((area) => Math.min(area.y0, 648 - area.y1)))).toBeLessThan(36)
  })

  it('an even page count, the last page blank; the KDP pages, word for word, and as many', async () => {
    const pdfx = await pdfPageTexts(file('-print-pdfx.pdf'))
    expect(pdfx.length % 2).toBe(0)
    expect(pdfx.length).toBe(printPages.length)
    expect(pdfx.at(-1)!.trim()).toBe('')
    expect((await markedAreas(file('-print-pdfx.pdf'))).at(-1)).toBeUndefined()
    // Ghostscript rewrites the fonts' Unicode maps: ligatures, apostrophes and line-end hyphens copy out
    // differently (the glyphs print the same). The words without any of those must match page for page.
    const plain = (text: string) =>
      words(text)
        .map((word) => word.replace(/[^\p{L}\p{N}]|\p{Lm}/gu, ''))
        .filter((word) => word.length > 0 && /^[a-z0-9]+$/.test(word) && !/f[filt]/.test(word))
        .sort()
    let compared = 0
    for (const [index, page] of printPages.entries()) {
      expect(plain(pdfx[index]!), `page ${index + 1}`).toEqual(plain(page))
      compared += plain(page).length
    }
    expect(compared).toBeGreaterThan(4000)
  })

  it('every font embedded', async () => {
    const fonts = await pdfFonts(file('-print-pdfx.pdf'))
    expect(fonts.length).toBeGreaterThan(0)
    expect(fonts.every((font) => font.embedded)).toBe(true)
  })
})

describe('the PDF/X cover', () => {
  it('CMYK with at most 240 % ink at any point (bitcmyk render, per pixel); the RGB cover goes over', async () => {
    expect(await maxTotalInk(file('-cover-pdfx.pdf'))).toBeLessThanOrEqual(240)
    // Ghostscript's default conversion of the RGB cover: the same measure finds what the issue found.
    expect(await maxTotalInk(file('-cover.pdf'))).toBeGreaterThan(240)
  })

  it('trim and bleed boxes: the trim is back, spine and front, 0.125 in inside the page; a PDF/X output intent', async () => {
    const { stdout } = await run('pdfinfo', ['-box', file('-cover-pdfx.pdf')])
    const media = /^MediaBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$/m.exec(stdout)!.slice(1).map(Number)
    const trim = /^TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$/m.exec(stdout)!.slice(1).map(Number)
    const bleed = /^BleedBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$/m.exec(stdout)!.slice(1).map(Number)
    expect(trim).toEqual([9, 9, media[2]! - 9, media[3]! - 9])
    expect(bleed).toEqual(media)
    const pages = (await pdfInfo(file('-print-pdfx.pdf'))).pages
    expect((media[2]! - 18) / 72).toBeCloseTo(12 + pages * 0.002252, 2)
    expect(stdout).toMatch(/^PDF subtype:\s+PDF\/X-3:2002$/m)
    const { stdout: qdf } = await run('qpdf', ['--qdf', '--object-streams=disable', file('-cover-pdfx.pdf'), '-'], { maxBuffer: 64 * 1024 * 1024, encoding: 'latin1' })
    expect(qdf).toMatch(/\/S \/GTS_PDFX/)
  })

  it('vector art: no raster image (pdfimages -list), the gradient a DeviceCMYK shading; its colour within ΔE00 2 of the RGB cover', async () => {
    const images = await verifyCoverImages(file('-cover-pdfx.pdf'))
    expect(images.detail).toBe('no raster images (vector art)')
    const { stdout: qdf } = await run('qpdf', ['--qdf', '--object-streams=disable', file('-cover-pdfx.pdf'), '-'], { maxBuffer: 64 * 1024 * 1024, encoding: 'latin1' })
    expect(qdf).toMatch(/\/ShadingType 2/)
    expect(qdf).not.toMatch(/\/DeviceRGB/)
    const { median } = await coverDifference(file('-cover.pdf'), file('-cover-pdfx.pdf'))
    expect(median).toBeLessThanOrEqual(maxCoverDeltaE)
  })

  it('carries the ISBN and its barcode (read by zbarimg, with the price add-on), every font embedded', async () => {
    expect((await pdfPageTexts(file('-cover-pdfx.pdf')))[0]).toContain(`ISBN ${isbn}`)
    const line = await verifyCoverBarcode(file('-cover-pdfx.pdf'), out, (await loadConfig(root)).config!)
    expect([line.ok, line.detail]).toEqual([true, `EAN-13 ${isbn}, EAN-5 51999; expected ${isbn} 51999`])
    expect((await pdfFonts(file('-cover-pdfx.pdf'))).every((font) => font.embedded)).toBe(true)
  })
})

describe('the digital PDF', () => {
  it('bookmarks from our headings: each once, each chapter with its sections', async () => {
    const facts = await digitalPdfFacts(file('-digital.pdf'))
    expect(facts.bookmarks).toContain('Contents')
    expect(facts.bookmarks).toContain('Careers at a glance')
    expect(facts.bookmarks.filter((title) => /^(.{3,})\1$/.test(title))).toEqual([])
    expect(facts.bookmarks.filter((title) => title === 'Education').length).toBe(8)
  })

  it('each bookmark opens the page its heading is printed on', async () => {
    // qpdf resolves each bookmark's destination to a page: a reader other than the one that wrote them (pdf-lib).
    const { stdout } = await run('qpdf', ['--json', '--json-key=outlines', file('-digital.pdf')], { maxBuffer: 64 * 1024 * 1024 })
    type Outline = { title: string; destpageposfrom1: number; kids: Outline[] }
    let checked = 0
    const walk = (items: Outline[]) => {
      for (const item of items) {
        const page = item.destpageposfrom1 - 1
        expect(squeeze(printPages[page]!), `${item.title} on page ${page + 1}`).toContain(squeeze(item.title))
        checked++
        walk(item.kids)
      }
    }
    walk((JSON.parse(stdout) as { outlines: Outline[] }).outlines)
    expect(checked).toBeGreaterThan(60)
  })

  it('page labels as printed: roman front matter, then arabic from the first chapter, matching each printed folio', () => {
    expect(labels).toHaveLength(printPages.length)
    expect(labels.slice(0, 3)).toEqual(['i', 'ii', 'iii'])
    const first = printPages.findIndex((page) => page.trim().startsWith('CAREER 1'))
    expect(labels[first]).toBe('1')
    let checked = 0
    for (const [index, page] of printPages.entries()) {
      const last = page.trim().split('\n').at(-1)!.trim()
      if (/^(\d+|[ivxl]+)$/.test(last)) {
        expect(labels[index], `page ${index + 1}`).toBe(last)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(20)
  })

  it('XMP metadata with the title, the editors and the language; every link described', async () => {
    const { stdout } = await run('pdfinfo', ['-meta', file('-digital.pdf')])
    expect(stdout).toMatch(/<dc:title>[\s\S]*Careers in Health Care[\s\S]*<\/dc:title>/)
    expect(stdout).toMatch(/<dc:creator>[\s\S]*SpringBoard Editorial Team[\s\S]*<\/dc:creator>/)
    expect(stdout).toMatch(/<dc:language>[\s\S]*en-US[\s\S]*<\/dc:language>/)
    const facts = await digitalPdfFacts(file('-digital.pdf'))
    expect(facts.links).toBeGreaterThan(16)
    expect(facts.describedLinks).toBe(facts.links)
  })

  it('qpdf --check finds nothing', async () => {
    const { stdout, stderr } = await run('qpdf', ['--check', file('-digital.pdf')])
    expect(stdout).toMatch(/No syntax or stream encoding errors found/)
    expect(stderr).toBe('')
  })
})

describe('reproducible', () => {
  it('a second build gives the same bytes: PDF/X (Ghostscript\'s /ID comes from the file), print and digital PDFs', async () => {
    const again = await tempDir('springboard-pdfx-again-')
    expect((await buildBook({ root, out: again, formats: ['pdf', 'pdfx'], cache: false, env: { ...process.env, SOURCE_DATE_EPOCH: undefined } })).ok).toBe(true)
    for (const suffix of ['-print.pdf', '-digital.pdf', '-print-pdfx.pdf', '-cover-pdfx.pdf']) {
      const [a, b] = await Promise.all([readFile(file(suffix)), readFile(path.join(again, 'complete', `careers-in-health-care${suffix}`))])
      expect(a.equals(b), suffix).toBe(true)
    }
  }, 180_000)
})

describe('springboard verify', () => {
  it('passes these PDFs, and fails a PDF/X and a digital PDF that are not', async () => {
    const { config } = await loadConfig(root)
    const good = await tempDir('springboard-pdfx-verify-')
    await mkdir(path.join(good, 'complete'))
    for (const suffix of ['-print.pdf', '-digital.pdf', '-print-pdfx.pdf', '-cover.pdf', '-cover-pdfx.pdf']) await cp(file(suffix), path.join(good, 'complete', `book${suffix}`))
    const lines = await verifyOutputs(good, config!)
    expect(lines.filter((line) => !line.ok)).toEqual([])
    expect(lines.map((line) => line.check)).toEqual(
      expect.arrayContaining(['PDF/X output intent', 'TrimBox and BleedBox', 'black only (inkcov)', 'marks 0.5 in inside the trim', 'total ink ≤ 240 %', 'bookmarks', 'page labels as printed', 'XMP metadata', 'qpdf --check', 'barcode']),
    )
    expect(lines.map((line) => line.check)).toEqual(expect.arrayContaining(['even page count', 'the same pages as the KDP interior', 'no hyphen at a page turn', 'images ≥ 300 ppi', 'colour as the RGB cover']))

    const bad = await tempDir('springboard-pdfx-verify-bad-')
    await mkdir(path.join(bad, 'complete'))
    await cp(file('-print.pdf'), path.join(bad, 'complete', 'book-print-pdfx.pdf'))
    await cp(file('-cover.pdf'), path.join(bad, 'complete', 'book-cover-pdfx.pdf'))
    await cp(file('-print.pdf'), path.join(bad, 'complete', 'book-digital.pdf'))
    const failed = (await verifyOutputs(bad, config!)).filter((line) => !line.ok).map((line) => `${path.basename(line.file)}: ${line.check}`)
    expect(failed).toEqual(
      expect.arrayContaining([
        'book-print-pdfx.pdf: PDF/X output intent',
        'book-print-pdfx.pdf: TrimBox and BleedBox',
        'book-print-pdfx.pdf: marks 0.5 in inside the trim',
        'book-cover-pdfx.pdf: total ink ≤ 240 %',
        'book-digital.pdf: bookmarks',
        'book-digital.pdf: page labels as printed',
        'book-digital.pdf: XMP metadata',
      ]),
    )
  }, 120_000)
})

describe('without Ghostscript', () => {
  it('asking for PDF/X stops before printing, with exit code 2 and how to install it', async () => {
    const bin = await tempDir('springboard-no-gs-')
    const error = await run(process.execPath, [path.join(projectRoot, 'scripts/springboard.js'), 'build', '--format', 'pdfx', '--root', root, '--out', path.join(bin, 'dist')], {
      env: { ...process.env, PATH: bin },
    }).catch((failure: { code: number; stderr: string }) => failure)
    expect('code' in error ? error.code : 0).toBe(2)
    expect('stderr' in error ? error.stderr : '').toMatch(/Ghostscript \(`gs`\) is not installed[\s\S]*apt-get install ghostscript/)
  }, 60_000)
})
