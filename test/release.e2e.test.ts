/**
 * Issue 15 end to end: `springboard release --volume complete` on the
 * sample book (its springboard.yaml sells on Kindle and Nook), run as an
 * editor runs it. The store editions judged by EPUBCheck 5.1.0 and 4.2.6
 * and Ace (all real) and read for other stores' addresses; the pack's
 * listing checked against the shipped schema with ajv; the covers, the
 * handouts and the fair pack read back with sharp and poppler.
 */
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { Ajv } from 'ajv'
import JSZip from 'jszip'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, type BookConfig } from '../src/config/index.ts'
import { listingSchemaPath } from '../src/package/listing.ts'
import { pdfInfo, pdfPageTexts, runAce, runEpubcheck } from '../src/verify/index.ts'
import { verifyHandoutPacks, verifyReleasePacks, verifyStoreEditions } from '../src/verify/release.ts'
import { projectRoot } from './helpers/book.ts'

const run = promisify(execFile)
let root: string
let out: string
let stdout: string
let config: BookConfig
const volumeDir = () => path.join(out, 'complete')
const pack = () => path.join(out, 'complete', 'release')
const editions = ['kindle', 'nook'].map((store) => ({ store, file: `careers-in-health-care-${store}.epub` }))

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'springboard-release-book-'))
  out = await mkdtemp(path.join(os.tmpdir(), 'springboard-release-out-'))
  for (const part of ['chapters', 'assets', 'springboard.yaml']) await cp(path.join(projectRoot, part), path.join(root, part), { recursive: true })
  config = (await loadConfig(root)).config!
  expect(Object.keys(config.stores)).toEqual(['kindle', 'nook'])
  // The README's command, as an editor runs it: the package's own bin through npx.
  ;({ stdout } = await run('npx', ['--no-install', 'springboard', 'release', '--volume', 'complete', '--root', root, '--out', out], { cwd: projectRoot }))
}, 300_000)

afterAll(async () => {
  await Promise.all([root, out].map((dir) => rm(dir, { recursive: true, force: true })))
})

describe('springboard release --volume complete', () => {
  it('prints the checklist: each store\'s EPUB and cover, the paperback', () => {
    expect(stdout).toMatch(/^Release pack: .*complete\/release\//m)
    expect(stdout).toMatch(/^Kindle: upload to Amazon KDP/m)
    expect(stdout).toMatch(/^ {2}\[ \] e-book: kindle\/careers-in-health-care-kindle\.epub/m)
    expect(stdout).toMatch(/^ {2}\[ \] cover: kindle\/cover\.jpg \(1600 × 2560 px/m)
    expect(stdout).toMatch(/^Nook: upload to Barnes & Noble Press/m)
    expect(stdout).toMatch(/^ {2}\[ \] cover: nook\/cover\.jpg/m)
    expect(stdout).toMatch(/^ {2}\[ \] interior: print\/careers-in-health-care-print\.pdf/m)
  })

  it('writes the pack: per store its edition and cover, the print interior and cover, listing and checklist', async () => {
    const files = (await readdir(pack(), { recursive: true })).map(String).filter((name) => /\.\w+$/.test(name)).sort()
    expect(files).toEqual([
      'checklist.md',
      'kindle/careers-in-health-care-kindle.epub',
      'kindle/cover.jpg',
      'listing.json',
      'listing.md',
      'nook/careers-in-health-care-nook.epub',
      'nook/cover.jpg',
      'print/careers-in-health-care-cover.pdf',
      'print/careers-in-health-care-print.pdf',
    ])
    for (const { store, file } of editions) expect((await readFile(path.join(pack(), store, file))).equals(await readFile(path.join(volumeDir(), file))), file).toBe(true)
  })

  it('listing.json is valid against the shipped schema and carries the config\'s listing', async () => {
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(await readFile(listingSchemaPath, 'utf8')))
    const listing = JSON.parse(await readFile(path.join(pack(), 'listing.json'), 'utf8'))
    expect(validate(listing), JSON.stringify(validate.errors)).toBe(true)
    expect(listing).toMatchObject({ volume: 'complete', title: 'Careers in Health Care', language: 'en-US', description: config.description, keywords: config.keywords })
    expect(listing.subjects.map((subject: { code: string }) => subject.code)).toEqual(config.subjects)
    expect(listing.stores.map((store: { id: string; url: string }) => [store.id, store.url])).toEqual([
      ['kindle', config.stores.kindle!.volumes.complete],
      ['nook', config.stores.nook!.volumes.complete],
    ])
    const markdown = await readFile(path.join(pack(), 'listing.md'), 'utf8')
    expect(markdown).toContain(config.description!)
    expect(markdown).toMatch(/## Keywords \(7 of 7\)/)
  })

  it('the covers are RGB JPEGs at each store\'s size: Kindle 1600 × 2560 (h:w 1.6) under 50 MB, Nook under 2 MB', async () => {
    for (const [store, width, height, limit] of [['kindle', 1600, 2560, 50], ['nook', 1400, 2240, 2]] as const) {
      const data = await readFile(path.join(pack(), store, 'cover.jpg'))
      const meta = await sharp(data).metadata()
      expect([meta.format, meta.width, meta.height, meta.space, meta.channels], store).toEqual(['jpeg', width, height, 'srgb', 3])
      expect(data.byteLength).toBeLessThan(limit * 1024 * 1024)
    }
  })
})

describe('the store editions', () => {
  const results: Record<string, { v5: Awaited<ReturnType<typeof runEpubcheck>>; v4: Awaited<ReturnType<typeof runEpubcheck>>; ace: Awaited<ReturnType<typeof runAce>> }> = {}

  beforeAll(async () => {
    for (const { store, file } of editions) {
      const epub = path.join(volumeDir(), file)
      const [v5, v4] = await Promise.all([runEpubcheck(epub, '5.1.0'), runEpubcheck(epub, '4.2.6')])
      results[store] = { v5, v4, ace: await runAce(epub) }
    }
  }, 400_000)

  for (const { store } of editions) {
    it(`${store}: EPUBCheck 5.1.0 and 4.2.6 report 0 fatals, errors and warnings; Ace finds no violation`, () => {
      const { v5, v4, ace } = results[store]!
      expect(v5.version).toMatch(/^5\.1\.0/)
      expect(v4.version).toMatch(/^4\.2\.6/)
      for (const result of [v5, v4]) {
        expect(result.messages).toEqual([])
        expect([result.fatals, result.errors, result.warnings]).toEqual([0, 0, 0])
      }
      expect(ace.violations).toEqual([])
      expect(ace.outcome).toBe('pass')
    })
  }

  it('no document of an edition names another store or its address; the "More from" page links to its own store', async () => {
    for (const { store, file } of editions) {
      const zip = await JSZip.loadAsync(await readFile(path.join(volumeDir(), file)))
      const others = Object.entries(config.stores).filter(([id]) => id !== store)
      const forbidden = others.flatMap(([, other]) => [other.name, ...Object.values(other.volumes).map((url) => new URL(url).hostname)])
      const documents = Object.keys(zip.files).filter((name) => /\.(xhtml|opf|ncx|css)$/.test(name))
      expect(documents.length).toBeGreaterThan(10)
      for (const name of documents) {
        const text = await zip.file(name)!.async('string')
        for (const needle of forbidden) expect(text.includes(needle), `${store} edition, ${name}: ${needle}`).toBe(false)
      }
      const more = await zip.file('OEBPS/more-from.xhtml')!.async('string')
      expect(more).toContain('<h1 id="more-from-title">More from SpringBoard Press</h1>')
      expect(more).toContain(`href="${config.stores[store]!.volumes['2026']}"`)
    }
  })

  it('Kindle\'s edition has no cover page (Kindle shows the cover itself); Nook\'s has one, with its landmark', async () => {
    const kindle = await JSZip.loadAsync(await readFile(path.join(volumeDir(), editions[0]!.file)))
    const nook = await JSZip.loadAsync(await readFile(path.join(volumeDir(), editions[1]!.file)))
    expect(kindle.file('OEBPS/cover.xhtml')).toBeNull()
    expect(await nook.file('OEBPS/toc.xhtml')!.async('string')).toContain('<a epub:type="cover" href="cover.xhtml">')
  })
})

describe('the handouts', () => {
  it('every one is one Letter page with the Buy-now block naming both stores, the longest chapter\'s too', async () => {
    const chapters = await readdir(path.join(root, 'chapters'))
    const words = await Promise.all(chapters.map(async (name) => [name, (await readFile(path.join(root, 'chapters', name), 'utf8')).split(/\s+/).length] as const))
    const longest = words.sort((a, b) => b[1] - a[1])[0]![0].replace(/^\d{4}-\d{2}-\d{2}-|\.md$/g, '')
    const handouts = (await readdir(path.join(volumeDir(), 'handouts'))).sort()
    expect(handouts).toHaveLength(chapters.length)
    expect(handouts).toContain(`${longest}.pdf`)
    for (const name of handouts) {
      const file = path.join(volumeDir(), 'handouts', name)
      const info = await pdfInfo(file)
      expect([info.pages, info.width, info.height], name).toEqual([1, 612, 792])
      const text = (await pdfPageTexts(file))[0]!.replace(/\s+/g, ' ')
      expect(text, name).toContain('Buy now on the Kindle or Nook!')
      expect(text, name).toContain('springboard.example.org/careers')
      // The chapter's own lines under their headings (letter-spaced, so read without spaces): the job, pay, outlook.
      expect(text.replace(/\s/g, ''), name).toMatch(/THEJOB.+PAY.*OUTLOOK.+CORECOMPETENCIES/)
    }
  })

  it('the fair pack has every handout in one PDF, and two up on half as many landscape sheets', async () => {
    const fair = await pdfInfo(path.join(volumeDir(), 'careers-in-health-care-handouts.pdf'))
    expect([fair.pages, fair.width, fair.height]).toEqual([8, 612, 792])
    const twoUp = await pdfInfo(path.join(volumeDir(), 'careers-in-health-care-handouts-2up.pdf'))
    expect([twoUp.pages, twoUp.width, twoUp.height]).toEqual([4, 792, 612])
    const sheet = (await pdfPageTexts(path.join(volumeDir(), 'careers-in-health-care-handouts-2up.pdf')))[0]!
    expect(sheet).toContain('Director of Medical Records')
    expect(sheet).toContain('Registered Nurse')
  })
})

describe('springboard verify, on what release wrote', () => {
  it('passes the store editions, the release pack and the handouts', async () => {
    const files = (await readdir(out, { recursive: true })).map((name) => path.join(out, String(name)))
    const lines = [...(await verifyStoreEditions(files, config)), ...(await verifyReleasePacks(out, config)), ...(await verifyHandoutPacks(out, config))]
    expect(lines.filter((line) => !line.ok)).toEqual([])
    const checks = new Set(lines.map((line) => line.check))
    for (const check of ['links to Kindle only', 'links to Nook only', 'listing schema', 'store cover', 'same as the build', 'Buy-now block', 'fair pack', 'fair pack, two up']) expect(checks).toContain(check)
  })

  it('fails a listing with an 8th keyword and an edition that links to the other store', async () => {
    const damaged = await mkdtemp(path.join(os.tmpdir(), 'springboard-release-damaged-'))
    try {
      await cp(out, damaged, { recursive: true })
      const listingFile = path.join(damaged, 'complete/release/listing.json')
      const listing = JSON.parse(await readFile(listingFile, 'utf8'))
      await writeFile(listingFile, JSON.stringify({ ...listing, keywords: [...listing.keywords, 'an eighth keyword'] }))
      const kindle = path.join(damaged, 'complete', editions[0]!.file)
      const zip = await JSZip.loadAsync(await readFile(kindle))
      const more = 'OEBPS/more-from.xhtml'
      zip.file(more, (await zip.file(more)!.async('string')).replace('</ul>', `<li><a href="${config.stores.nook!.volumes['2026']}">On Nook</a></li></ul>`))
      await writeFile(kindle, await zip.generateAsync({ type: 'nodebuffer' }))
      const files = (await readdir(damaged, { recursive: true })).map((name) => path.join(damaged, String(name)))
      const failed = [...(await verifyStoreEditions(files, config)), ...(await verifyReleasePacks(damaged, config))].filter((line) => !line.ok)
      expect(failed.map((line) => line.check).sort()).toEqual(['links to Kindle only', 'listing schema', 'same as the build'])
      expect(failed.find((line) => line.check === 'listing schema')!.detail).toMatch(/keywords must NOT have more than 7 items/)
    } finally {
      await rm(damaged, { recursive: true, force: true })
    }
  })
})
