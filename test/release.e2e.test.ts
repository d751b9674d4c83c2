/**
 * Issues 15, 26 and 27 end to end: `springboard release --volume complete`
 * run as an editor runs it, on the sample's chapters with a complete config
 * (test/fixtures/release/springboard.yaml: the sample's, with well-formed
 * values where the sample keeps placeholders). The four store editions
 * (Kindle, Nook, Apple Books, Kobo) judged by EPUBCheck 5.1.0 and 4.2.6 and
 * Ace (all real) and read for any other store's address; the pack's listing
 * checked against its schema; the covers, the paperbacks' files, the
 * barcodes (zbarimg) and the handouts read back with sharp and poppler.
 */
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import JSZip from 'jszip'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, type BookConfig } from '../src/config/index.ts'
import { listingProblems } from '../src/package/listing.ts'
import { storeSpec } from '../src/package/store-specs.ts'
import { verifyCoverBarcode } from '../src/verify/barcode.ts'
import { pdfInfo, pdfPageTexts, runAce, runEpubcheck } from '../src/verify/index.ts'
import { namesHost, verifyHandoutPacks, verifyReleasePacks, verifyStoreEditions } from '../src/verify/release.ts'
import { projectRoot } from './helpers/book.ts'

const run = promisify(execFile)
let root: string
let out: string
let stdout: string
let config: BookConfig
const volumeDir = () => path.join(out, 'complete')
const pack = () => path.join(out, 'complete', 'release')
const stores = ['kindle', 'nook', 'apple', 'kobo']
const editions = stores.map((store) => ({ store, file: `careers-in-health-care-${store}.epub` }))

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'springboard-release-book-'))
  out = await mkdtemp(path.join(os.tmpdir(), 'springboard-release-out-'))
  for (const part of ['chapters', 'assets']) await cp(path.join(projectRoot, part), path.join(root, part), { recursive: true })
  await cp(path.join(import.meta.dirname, 'fixtures/release/springboard.yaml'), path.join(root, 'springboard.yaml'))
  config = (await loadConfig(root)).config!
  expect(Object.keys(config.stores)).toEqual(stores)
  // The README's command, as an editor runs it: the package's own bin through npx. It fails (and so the test) on any error.
  ;({ stdout } = await run('npx', ['--no-install', 'springboard', 'release', '--volume', 'complete', '--root', root, '--out', out], { cwd: projectRoot }))
}, 400_000)

afterAll(async () => {
  await Promise.all([root, out].map((dir) => rm(dir, { recursive: true, force: true })))
})

describe('springboard release --volume complete, with a complete config', () => {
  it('prints the checklist, a section per store form in the stores\' order', () => {
    expect(stdout).toMatch(/^Release pack: .*complete\/release\//m)
    const sections = [...stdout.matchAll(/^(\S[^\n]*): upload to /gm)].map((match) => match[1])
    expect(sections).toEqual(['KDP e-book', 'KDP paperback', 'Barnes & Noble Press e-book', 'Apple Books', 'Kobo Writing Life', 'IngramSpark paperback'])
    expect(stdout).toMatch(/^ {2}\[ \] e-book: kindle\/careers-in-health-care-kindle\.epub/m)
    expect(stdout).toMatch(/^ {2}\[ \] cover: apple\/cover\.jpg \(1600 × 2560 px/m)
    expect(stdout).toMatch(/^ {2}\[ \] cover: kobo\/cover\.jpg \(1600 × 2400 px/m)
    expect(stdout).toMatch(/^ {2}\[ \] interior: ingramspark\/careers-in-health-care-print-pdfx\.pdf \(PDF\/X/m)
    expect(stdout).toMatch(/^ {2}\[ \] ISBN: 9798987654316 \(the KDP paperback's too/m)
  })

  it('writes the pack: per store its edition and cover, both paperbacks\' interior and cover, listing and checklist', async () => {
    const files = (await readdir(pack(), { recursive: true })).map(String).filter((name) => /\.\w+$/.test(name)).sort()
    expect(files).toEqual([
      'apple/careers-in-health-care-apple.epub',
      'apple/cover.jpg',
      'checklist.md',
      'ingramspark/careers-in-health-care-cover-pdfx.pdf',
      'ingramspark/careers-in-health-care-print-pdfx.pdf',
      'kdp-paperback/careers-in-health-care-cover.pdf',
      'kdp-paperback/careers-in-health-care-print.pdf',
      'kindle/careers-in-health-care-kindle.epub',
      'kindle/cover.jpg',
      'kobo/careers-in-health-care-kobo.epub',
      'kobo/cover.jpg',
      'listing.json',
      'listing.md',
      'nook/careers-in-health-care-nook.epub',
      'nook/cover.jpg',
    ])
    for (const { store, file } of editions) expect((await readFile(path.join(pack(), store, file))).equals(await readFile(path.join(volumeDir(), file))), file).toBe(true)
    const checklist = await readFile(path.join(pack(), 'checklist.md'), 'utf8')
    expect(checklist.match(/^## /gm)).toHaveLength(6)
    expect(checklist).toContain('## IngramSpark paperback: upload to IngramSpark')
  })

  it('listing.json is valid against the listing schema and carries the config\'s listing; listing.md follows the forms', async () => {
    const listing = JSON.parse(await readFile(path.join(pack(), 'listing.json'), 'utf8'))
    expect(listingProblems(listing)).toEqual([])
    expect(listing).toMatchObject({
      volume: 'complete',
      title: 'Careers in Health Care',
      language: 'en-US',
      keywords: config.keywords,
      onSale: '2026-03-02',
      territories: 'worldwide',
      kdpSelect: false,
      isbn: { ebook: '9798987654309', print: '9798987654316', ingramspark: '9798987654316' },
      contributors: [{ name: 'SpringBoard Editorial Team', roles: ['author', 'editor'], primary: true }],
    })
    expect(listing.description).toContain('SpringBoard’s weekly career feature')
    expect(listing.stores.map((store: { id: string; form: string; prices: object }) => [store.id, store.form, store.prices])).toEqual([
      ['kindle', 'KDP e-book', config.listing.prices!.ebook],
      ['nook', 'Barnes & Noble Press e-book', config.listing.prices!.ebook],
      ['apple', 'Apple Books', config.listing.prices!.ebook],
      ['kobo', 'Kobo Writing Life', config.listing.prices!.ebook],
    ])
    expect(listing.print).toMatchObject({ trim: { name: '6x9' }, paper: 'white', coverFinish: 'matte', ingramspark: { isbn: '9798987654316', interior: 'ingramspark/careers-in-health-care-print-pdfx.pdf' } })
    const markdown = await readFile(path.join(pack(), 'listing.md'), 'utf8')
    expect([...markdown.matchAll(/^## (.+?)(?: \(|$)/gm)].map((match) => match[1])).toEqual(['KDP e-book', 'KDP paperback', 'Barnes & Noble Press', 'Apple Books', 'Kobo Writing Life', 'IngramSpark paperback', 'Description', 'Keywords'])
    expect(markdown).toContain(listing.description)
    expect(markdown).toMatch(/## Keywords \(7 of 7\)/)
  })

  it('the covers are RGB JPEGs at each store\'s size: Kindle and Apple 1600 × 2560, Nook 1400 × 2240 under 2 MB, Kobo within 1600 × 2400', async () => {
    for (const [store, width, height] of [['kindle', 1600, 2560], ['nook', 1400, 2240], ['apple', 1600, 2560], ['kobo', 1500, 2400]] as const) {
      const data = await readFile(path.join(pack(), store, 'cover.jpg'))
      const meta = await sharp(data).metadata()
      expect([meta.format, meta.width, meta.height, meta.space, meta.channels], store).toEqual(['jpeg', width, height, 'srgb', 3])
      expect(data.byteLength).toBeLessThan(storeSpec(store).cover.maxBytes)
    }
  })

  it('both wrap covers carry the paperback ISBN\'s barcode with the price add-on, as zbarimg reads it', async () => {
    for (const file of ['careers-in-health-care-cover.pdf', 'careers-in-health-care-cover-pdfx.pdf']) {
      const line = await verifyCoverBarcode(path.join(volumeDir(), file), out, config)
      expect([file, line.ok, line.detail]).toEqual([file, true, 'EAN-13 9798987654316, EAN-5 51999; expected 9798987654316 51999'])
    }
  })
})

describe('the store editions', () => {
  // Each edition's validators in its own test: on a loaded machine the twelve runs take longer than one hook may.
  for (const { store, file } of editions) {
    it(`${store}: EPUBCheck 5.1.0 and 4.2.6 report 0 fatals, errors and warnings; Ace finds no violation`, async () => {
      const epub = path.join(volumeDir(), file)
      const [v5, v4] = await Promise.all([runEpubcheck(epub, '5.1.0'), runEpubcheck(epub, '4.2.6')])
      expect(v5.version).toMatch(/^5\.1\.0/)
      expect(v4.version).toMatch(/^4\.2\.6/)
      for (const result of [v5, v4]) {
        expect(result.messages).toEqual([])
        expect([result.fatals, result.errors, result.warnings]).toEqual([0, 0, 0])
      }
      const ace = await runAce(epub)
      expect(ace.violations).toEqual([])
      expect(ace.outcome).toBe('pass')
    }, 400_000)
  }

  it('no document of an edition names another store, by name or by any of its hosts', async () => {
    for (const { store, file } of editions) {
      const zip = await JSZip.loadAsync(await readFile(path.join(volumeDir(), file)))
      const others = Object.entries(config.stores).filter(([id]) => id !== store)
      const hosts = others.flatMap(([id, other]) => [...storeSpec(id).hosts, ...Object.values(other.volumes).map((url) => new URL(url).hostname)])
      expect(hosts.length, store).toBeGreaterThanOrEqual(6)
      const documents = Object.keys(zip.files).filter((name) => /\.(xhtml|opf|ncx|css)$/.test(name))
      expect(documents.length).toBeGreaterThan(10)
      for (const name of documents) {
        const text = await zip.file(name)!.async('string')
        for (const [, other] of others) expect(text.includes(other.name), `${store} edition, ${name}: ${other.name}`).toBe(false)
        for (const host of hosts) expect(namesHost(text, host), `${store} edition, ${name}: ${host}`).toBe(false)
      }
    }
  })

  it('Kindle\'s edition has no cover page (Kindle shows the cover itself); the others have one, with its landmark', async () => {
    for (const { store, file } of editions) {
      const zip = await JSZip.loadAsync(await readFile(path.join(volumeDir(), file)))
      if (store === 'kindle') expect(zip.file('OEBPS/cover.xhtml')).toBeNull()
      else expect(await zip.file('OEBPS/toc.xhtml')!.async('string'), store).toContain('<a epub:type="cover" href="cover.xhtml">')
    }
  })
})

describe('the handouts', () => {
  it('every one is one Letter page with the Buy-now block naming every store', async () => {
    const handouts = (await readdir(path.join(volumeDir(), 'handouts'))).sort()
    expect(handouts).toHaveLength((await readdir(path.join(root, 'chapters'))).length)
    for (const name of handouts) {
      const file = path.join(volumeDir(), 'handouts', name)
      const info = await pdfInfo(file)
      expect([info.pages, info.width, info.height], name).toEqual([1, 612, 792])
      const text = (await pdfPageTexts(file))[0]!.replace(/\s+/g, ' ')
      expect(text, name).toContain('Buy now on the Kindle, Nook, Apple Books or Kobo!')
      expect(text, name).toContain('springboardcareers.org/careers')
    }
  })
})

describe('springboard verify, on what release wrote', () => {
  it('passes the store editions, the release pack and the handouts', async () => {
    const files = (await readdir(out, { recursive: true })).map((name) => path.join(out, String(name)))
    const lines = [...(await verifyStoreEditions(files, config)), ...(await verifyReleasePacks(out, config)), ...(await verifyHandoutPacks(out, config))]
    expect(lines.filter((line) => !line.ok)).toEqual([])
    const checks = new Set(lines.map((line) => line.check))
    for (const check of ['links to Kindle only', 'links to Nook only', 'links to Apple Books only', 'links to Kobo only', 'listing schema', 'store cover', 'same as the build', 'Buy-now block', 'fair pack', 'fair pack, two up']) expect(checks).toContain(check)
  })

  it('fails a listing with an 8th keyword and an edition that links to another store', async () => {
    const damaged = await mkdtemp(path.join(os.tmpdir(), 'springboard-release-damaged-'))
    try {
      await cp(out, damaged, { recursive: true })
      const listingFile = path.join(damaged, 'complete/release/listing.json')
      const listing = JSON.parse(await readFile(listingFile, 'utf8'))
      await writeFile(listingFile, JSON.stringify({ ...listing, keywords: [...listing.keywords, 'an eighth keyword'] }))
      const kobo = path.join(damaged, 'complete', 'careers-in-health-care-kobo.epub')
      const zip = await JSZip.loadAsync(await readFile(kobo))
      const chapter = 'OEBPS/ch-pharmacist.xhtml'
      zip.file(chapter, (await zip.file(chapter)!.async('string')).replace('</section>', '<p><a href="https://books.apple.com/us/book/id1">Also on Apple</a></p></section>'))
      await writeFile(kobo, await zip.generateAsync({ type: 'nodebuffer' }))
      const files = (await readdir(damaged, { recursive: true })).map((name) => path.join(damaged, String(name)))
      const failed = [...(await verifyStoreEditions(files, config)), ...(await verifyReleasePacks(damaged, config))].filter((line) => !line.ok)
      expect(failed.map((line) => line.check).sort()).toEqual(['links to Kobo only', 'listing schema', 'same as the build'])
      expect(failed.find((line) => line.check === 'listing schema')!.detail).toMatch(/keywords: Too big: expected array to have <=7 items/)
    } finally {
      await rm(damaged, { recursive: true, force: true })
    }
  })
})
