/**
 * Issue 2 end to end: the sample volume, built as an editor builds it,
 * judged by EPUBCheck 5.1.0, EPUBCheck 4.2.6 and Ace by DAISY (all real),
 * then opened and read as a reading system would.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { imageSize } from 'image-size'
import JSZip from 'jszip'
import { SaxesParser } from 'saxes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBook } from '../src/build.ts'
import { runAce, runEpubcheck, type AceResult, type EpubcheckResult } from '../src/verify/index.ts'
import { projectRoot } from './helpers/book.ts'

const run = promisify(execFile)
const epubName = 'complete/careers-in-health-care.epub'
let out: string
let epub: Buffer
let zip: JSZip
const text = (name: string) => zip.file(name)!.async('string')

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'springboard-e2e-'))
  // The README's command, as an editor runs it: the package's own bin through npx.
  const { stdout } = await run('npx', ['--no-install', 'springboard', 'build', '--format', 'epub', '--out', out], { cwd: projectRoot })
  expect(stdout).toMatch(/Wrote .*careers-in-health-care\.epub/)
  epub = await readFile(path.join(out, epubName))
  zip = await JSZip.loadAsync(epub)
}, 180_000)

afterAll(async () => {
  await rm(out, { recursive: true, force: true })
})

describe('the validators', () => {
  let results: EpubcheckResult[]
  let ace: AceResult

  beforeAll(async () => {
    results = await Promise.all([runEpubcheck(path.join(out, epubName), '5.1.0'), runEpubcheck(path.join(out, epubName), '4.2.6')])
    ace = await runAce(path.join(out, epubName))
  }, 300_000)

  it('EPUBCheck 5.1.0 reports 0 fatals, 0 errors, 0 warnings', () => {
    const [v5] = results
    expect(v5!.version).toMatch(/^5\.1\.0/)
    expect(v5!.messages).toEqual([])
    expect([v5!.fatals, v5!.errors, v5!.warnings]).toEqual([0, 0, 0])
  })

  it('EPUBCheck 4.2.6 reports 0 fatals, 0 errors, 0 warnings', () => {
    const v4 = results[1]!
    expect(v4.version).toMatch(/^4\.2\.6/)
    expect(v4.messages).toEqual([])
    expect([v4.fatals, v4.errors, v4.warnings]).toEqual([0, 0, 0])
  })

  it('Ace by DAISY finds no critical or serious violation', () => {
    const grave = ace.violations.filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
    expect(grave).toEqual([])
    expect(ace.outcome).toBe('pass')
  })
})

describe('the package', () => {
  it('starts with an uncompressed mimetype entry', () => {
    expect(epub.subarray(30, 38).toString()).toBe('mimetype')
    expect(epub.readUInt16LE(8)).toBe(0) // compression method: stored
    expect(epub.subarray(38, 58).toString()).toBe('application/epub+zip')
  })

  it('has xml:lang on the package and on every content document, and every document is well-formed XML', async () => {
    const opf = await text('OEBPS/content.opf')
    expect(opf).toMatch(/<package [^>]*xml:lang="en-US"/)
    const documents = Object.keys(zip.files).filter((name) => name.endsWith('.xhtml'))
    expect(documents.length).toBe(8 + 6) // chapters, cover page, title page, copyright, introduction, appendix, nav
    for (const name of documents) {
      const xhtml = await text(name)
      expect(xhtml, name).toMatch(/<html [^>]*xml:lang="en-US"[^>]* lang="en-US"/)
      expect(() => parseXml(xhtml), name).not.toThrow()
    }
  })

  it('declares EPUB 3 with an NCX, a cover image, and the nav document', async () => {
    const opf = await text('OEBPS/content.opf')
    expect(opf).toContain('version="3.0"')
    expect(opf).toMatch(/<item id="ncx" href="toc\.ncx" media-type="application\/x-dtbncx\+xml"/)
    expect(opf).toContain('<spine toc="ncx">')
    expect(opf).toMatch(/<item id="cover-image" href="cover\.jpeg" media-type="image\/jpeg" properties="cover-image"/)
    expect(opf).toMatch(/<item id="nav" href="toc\.xhtml" media-type="application\/xhtml\+xml" properties="nav"/)
    const cover = await zip.file('OEBPS/cover.jpeg')!.async('nodebuffer')
    // JPEG SOF0 frame: height then width, KDP's recommended 1600 × 2560.
    const sof = cover.indexOf(Buffer.from([0xff, 0xc0]))
    expect([cover.readUInt16BE(sof + 7), cover.readUInt16BE(sof + 5)]).toEqual([1600, 2560])
    const ncx = await text('OEBPS/toc.ncx')
    // Everything in the spine but the title page: copyright, contents, introduction, 8 chapters, appendix.
    expect(ncx.match(/<navPoint /g)).toHaveLength(12)
  })

  it('carries EPUB Accessibility 1.1 metadata with a conformance claim', async () => {
    const opf = await text('OEBPS/content.opf')
    for (const property of ['schema:accessMode', 'schema:accessModeSufficient', 'schema:accessibilityFeature', 'schema:accessibilityHazard', 'schema:accessibilitySummary', 'a11y:certifiedBy']) {
      expect(opf, property).toContain(`<meta property="${property}">`)
    }
    expect(opf).toContain('<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>')
    expect(opf).toContain('<meta property="schema:accessibilityFeature">alternativeText</meta>')
    expect(opf).toContain('<meta property="schema:accessMode">visual</meta>')
  })

  it('is dated by the newest chapter and identified by a stable UUID', async () => {
    const opf = await text('OEBPS/content.opf')
    expect(opf).toContain('<meta property="dcterms:modified">2026-02-23T00:00:00Z</meta>')
    expect(opf).toMatch(/<dc:identifier id="book-id">urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}<\/dc:identifier>/)
  })

  it('has a nav with the table of contents in spine order and landmarks', async () => {
    const nav = await text('OEBPS/toc.xhtml')
    expect(nav).toMatch(/<nav id="toc" epub:type="toc" role="doc-toc"/)
    expect(nav).toMatch(/<nav id="landmarks" epub:type="landmarks"/)
    expect(nav).toContain('<a epub:type="bodymatter" href="ch-director-of-medical-records.xhtml">')
    const opf = await text('OEBPS/content.opf')
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((match) => match[1])
    const hrefs = new Map([...opf.matchAll(/<item id="([^"]+)" href="([^"]+)"/g)].map((match) => [match[1], match[2]]))
    const tocOrder = [...nav.split('<nav id="landmarks"')[0]!.matchAll(/<a href="([^"]+)"/g)].map((match) => match[1])
    const spineOrder = spine.map((id) => hrefs.get(id)).filter((href) => tocOrder.includes(href!))
    expect(tocOrder).toEqual(spineOrder)
    expect(spine.slice(0, 2)).toEqual(['cover', 'titlepage'])
  })

  it('has a cover page, and the cover, title page and copyright landmarks', async () => {
    const nav = await text('OEBPS/toc.xhtml')
    expect(nav).toContain('<a epub:type="cover" href="cover.xhtml">Cover</a>')
    expect(nav).toContain('<a epub:type="titlepage" href="titlepage.xhtml">Title page</a>')
    expect(nav).toContain('<a epub:type="copyright-page" href="copyright.xhtml">Copyright</a>')
    const cover = await text('OEBPS/cover.xhtml')
    expect(cover).toMatch(/<img class="cover-image" src="cover\.jpeg" alt="Cover: Careers in Health Care, [^"]+" epub:type="cover" role="doc-cover" \/>/)
  })

  it('describes itself for stores: a description of 20 words or more and BISAC subjects with their authority', async () => {
    const opf = await text('OEBPS/content.opf')
    const description = /<dc:description>([^<]+)<\/dc:description>/.exec(opf)![1]!
    expect(description.split(/\s+/).length).toBeGreaterThanOrEqual(20)
    expect(description).toContain('Careers in Health Care collects the profiles')
    expect(opf).toContain('<dc:subject id="subject-1">BUSINESS &amp; ECONOMICS / Careers / General</dc:subject>')
    expect(opf).toContain('<meta refines="#subject-1" property="authority">BISAC</meta>')
    expect(opf).toContain('<meta refines="#subject-1" property="term">BUS012000</meta>')
    // The complete book is the omnibus, not a volume of the yearly series.
    expect(opf).not.toContain('belongs-to-collection')
  })

  it('is the one volume of a book of one year: no year volume of the same chapters', async () => {
    const { readdir } = await import('node:fs/promises')
    expect(await readdir(out)).toEqual(['complete'])
  })

  it('names the editorial team as the author (role aut) and keeps it editor; the description in literal characters', async () => {
    const opf = await text('OEBPS/content.opf')
    expect(opf).toContain('<dc:creator id="creator-1">SpringBoard Editorial Team</dc:creator>\n    <meta refines="#creator-1" property="role" scheme="marc:relators">aut</meta>\n    <meta refines="#creator-1" property="role" scheme="marc:relators">edt</meta>')
    const description = /<dc:description>([^<]+)<\/dc:description>/.exec(opf)![1]!
    expect(description).toContain('SpringBoard’s weekly career feature')
    expect(description).not.toMatch(/&#\d+;|&#x|'/)
  })

  it('writes an edition per configured store beside the generic EPUB', async () => {
    for (const store of ['kindle', 'nook', 'apple', 'kobo']) expect(await readFile(path.join(out, `complete/careers-in-health-care-${store}.epub`))).toBeDefined()
  })

  it('renders the first chapter with its at-a-glance box, sections, competencies and resources', async () => {
    const xhtml = await text('OEBPS/ch-director-of-medical-records.xhtml')
    // KindleGen warns about <header> (W29004): the heading block is a div.
    expect(xhtml).not.toContain('<header')
    expect(xhtml).toContain('<div class="chapter-header">')
    expect(xhtml).toMatch(/<section id="ch-director-of-medical-records" class="chapter" epub:type="chapter" role="doc-chapter"/)
    expect(xhtml).toContain('<dd>$80,000–$120,000 a year</dd>')
    // Typography: the front matter's straight apostrophe is printed curly.
    expect(xhtml).toContain('<dd>Bachelor’s degree</dd>')
    expect(xhtml).toContain('<dd>Registered Health Information Administrator (RHIA)</dd>')
    for (const section of ['Description', 'Education', 'Salary', 'Outlook']) expect(xhtml).toContain(`>${section}</h2>`)
    const competencies = xhtml.split('Core competencies</h2>')[1]!.split('</ul>')[0]!
    expect(competencies.match(/<li>/g)).toHaveLength(7)
    expect(xhtml).toContain('<a href="https://www.ahima.org/">American Health Information Management Association (AHIMA)</a>')
  })

  it('makes footnotes Kindle pop-ups: a noteref link and a backlink-first aside', async () => {
    const xhtml = await text('OEBPS/ch-director-of-medical-records.xhtml')
    const noteref = /<a href="#([^"]+)" id="([^"]+)" epub:type="noteref" role="doc-noteref" class="noteref">1<\/a>/.exec(xhtml)
    expect(noteref).not.toBeNull()
    const aside = new RegExp(`<aside id="${noteref![1]}" epub:type="footnote" role="doc-footnote" class="footnote"><p><a href="#${noteref![2]}" role="doc-backlink" class="footnote-number">1\\.</a> `)
    expect(xhtml).toMatch(aside)
  })

  it('copies local images in under stable names, with their alt text, large ones at most 1,600 px on the long side', async () => {
    const opf = await text('OEBPS/content.opf')
    const item = /<item id="image-(img-[0-9a-f]{16})" href="images\/(img-[0-9a-f]{16})\.png" media-type="image\/png"/.exec(opf)
    expect(item).not.toBeNull()
    const png = await zip.file(`OEBPS/images/${item![2]}.png`)!.async('nodebuffer')
    // The sample's chart is 2400 × 760 px: the EPUB carries a copy resampled to 1600 px wide, same proportions.
    expect(imageSize(await readFile(path.join(projectRoot, 'assets/dental-hygienist-pay.png')))).toMatchObject({ width: 2400, height: 760 })
    expect(imageSize(png)).toMatchObject({ type: 'png', width: 1600, height: 507 })
    const chapter = await text('OEBPS/ch-dental-hygienist.xhtml')
    expect(chapter).toMatch(new RegExp(`<img src="images/${item![2]}\\.png" alt="Bar chart of the median annual wage`))
  })

  it('ends with a "Careers at a glance" table linking every chapter', async () => {
    const xhtml = await text('OEBPS/careers-at-a-glance.xhtml')
    expect(xhtml).toMatch(/epub:type="appendix" role="doc-appendix"/)
    const rows = [...xhtml.matchAll(/<td><a href="(ch-[a-z-]+\.xhtml)">([^<]+)<\/a><\/td>/g)]
    expect(rows).toHaveLength(8)
    for (const [, href] of rows) expect(zip.file(`OEBPS/${href}`), href).not.toBeNull()
    expect(rows[0]![2]).toBe('Director of Medical Records')
  })
})

describe('typography', () => {
  it('prints curly quotes and apostrophes in the chapters, and keeps URLs as written', async () => {
    const xhtml = await text('OEBPS/ch-director-of-medical-records.xhtml')
    const prose = xhtml.replace(/<[^>]*>/g, '')
    expect(prose).toContain('ends up in the patient’s record')
    expect(prose).toContain('A master’s degree is not required')
    // No straight apostrophe or double quote is left in the text (attributes are outside it).
    expect(prose).not.toMatch(/['"]/)
    expect(xhtml).toContain('href="https://www.bls.gov/ooh/management/medical-and-health-services-managers.htm"')
    const all = (await Promise.all(Object.keys(zip.files).filter((name) => /ch-.*\.xhtml$/.test(name)).map(text))).join('')
    expect(all).toMatch(/“[^”<]+”/)
  })
})

describe('reproducibility', () => {
  it('gives byte-identical EPUBs for two builds of the same sources', async () => {
    const second = await mkdtemp(path.join(os.tmpdir(), 'springboard-e2e-again-'))
    try {
      const result = await buildBook({ root: projectRoot, out: second, formats: ['epub'] })
      expect(result.ok).toBe(true)
      const again = await readFile(path.join(second, epubName))
      expect(createHash('sha256').update(again).digest('hex')).toBe(createHash('sha256').update(epub).digest('hex'))
    } finally {
      await rm(second, { recursive: true, force: true })
    }
  }, 120_000)

  it('takes its dates from SOURCE_DATE_EPOCH when it is set', async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), 'springboard-e2e-epoch-'))
    try {
      const result = await buildBook({ root: projectRoot, out: other, formats: ['epub'], env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' } })
      expect(result.ok).toBe(true)
      const book = await JSZip.loadAsync(await readFile(path.join(other, epubName)))
      expect(await book.file('OEBPS/content.opf')!.async('string')).toContain('<meta property="dcterms:modified">2026-01-01T00:00:00Z</meta>')
      expect(book.file('mimetype')!.date.toISOString()).toBe('2026-01-01T00:00:00.000Z')
    } finally {
      await rm(other, { recursive: true, force: true })
    }
  }, 120_000)
})

function parseXml(xml: string): void {
  const parser = new SaxesParser({ xmlns: true })
  parser.on('error', (error) => {
    throw error
  })
  parser.write(xml).close()
}
