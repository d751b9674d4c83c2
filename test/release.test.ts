/**
 * Issues 15, 26 and 27 without a browser: the stores' limits and the
 * placeholders as positioned config messages, what each store's form still
 * needs at a release, the volumes of a book (none the same as another), the
 * store editions' links, the listing and its generated JSON schema, the
 * EPUB's creators and description, the copyright page's ISBNs and edition,
 * and the barcode's price add-on.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, describe, expect, it } from 'vitest'
import { buildBook, lintBook } from '../src/build.ts'
import { resolveVolumes, type Volume } from '../src/config/index.ts'
import { listingMarkdown } from '../src/package/listing-md.ts'
import { listingJsonSchema, listingProblems, listingSchemaPath, makeListing } from '../src/package/listing.ts'
import { storeEditions } from '../src/package/volume-epub.ts'
import { careerLines, splitSentences } from '../src/render/career-lines.ts'
import { volumeDescription } from '../src/render/index.ts'
import { priceAddOn } from '../src/text/isbn.ts'
import { findPlaceholders, isAsin, isIsbn10 } from '../src/text/placeholders.ts'
import { namesHost } from '../src/verify/release.ts'
import { makeBook, projectRoot, validChapter, validConfig } from './helpers/book.ts'
import { positionOf, runCli } from './helpers/cli.ts'

const roots: string[] = []
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
})
async function book(config: string, chapters: Record<string, string> = { '2026-01-05-medical-records-director.md': validChapter() }, files: Record<string, Uint8Array> = {}) {
  const root = await makeBook(chapters, { config, files })
  roots.push(root)
  return root
}
const chart = await readFile(path.join(import.meta.dirname, 'fixtures/chart.png'))
type Message = { file: string; line: number; column: number; rule: string; message: string; severity: string }
const messagesOf = (run: { stdout: string }) => JSON.parse(run.stdout) as Message[]

const keywords = (count: number) => `keywords:\n${Array.from({ length: count }, (_, i) => `  - career keyword ${i + 1}\n`).join('')}`
/** Two years of chapters: a 2025 volume, a 2026 volume and the complete one. */
const twoYears = {
  '2025-12-29-medical-records-director.md': validChapter({ published: '2025-12-29' }),
  '2026-01-05-nurse.md': validChapter({ published: '2026-01-05', title: 'Nurse' }),
}
const stores = `stores:
  kindle:
    name: Kindle
    volumes:
      complete: https://www.amazon.com/dp/B0COMPLETE
      '2026': https://www.amazon.com/dp/B0VOLUME26
  nook:
    name: Nook
    volumes:
      '2026': https://www.barnesandnoble.com/w/volume-2026/1100000026
`
/** Everything every form asks for, as the release fixture has it. */
const completeListing = `description: Every career in one book, with the pay and outlook of each, for students and career changers.
subjects:
  - MED000000
isbn:
  print: 979-8-9876543-1-6
listing:
  onSale: 2026-03-02
  territories: worldwide
  publishingRights: own
  audience: { kind: general }
  aiGenerated: { text: none, images: none, translations: none }
  drm: false
  kdpSelect: false
  prices:
    ebook: { USD: 4.99 }
    print: { USD: 12.99 }
`

describe('check: the stores\' limits', () => {
  it('flags a description over 4,000 characters (c-007) and an 8th keyword (c-008), each where it is written', async () => {
    const description = `${'Careers in health care, profile by profile. '.repeat(91).trim()}`
    expect(description.length).toBeGreaterThan(4000)
    const config = `${validConfig}description: ${description}\n${keywords(8)}`
    const run = await runCli(['check', '--no-layout', '--root', await book(config), '--format', 'json'])
    expect(run.code).toBe(1)
    const messages = messagesOf(run)
    expect(messages.map((message) => message.rule).sort()).toEqual(['c-007', 'c-008'])
    expect(messages.find((message) => message.rule === 'c-007')).toMatchObject({ file: 'springboard.yaml', ...positionOf(config, 'Careers in health care, profile') })
    expect(messages.find((message) => message.rule === 'c-008')).toMatchObject({ file: 'springboard.yaml', ...positionOf(config, 'career keyword 8') })
  })

  it('takes exactly 4,000 characters and 7 keywords of 50 characters', async () => {
    const root = await book(`${validConfig}description: ${'x'.repeat(4000)}\nkeywords:\n${Array.from({ length: 7 }, (_, i) => `  - ${String.fromCharCode(97 + i).repeat(50)}\n`).join('')}`)
    const run = await runCli(['check', '--no-layout', '--root', root, '--format', 'json'])
    expect(messagesOf(run)).toEqual([])
    expect(run.code).toBe(0)
  })

  it('names the store and the volume it does not know (c-011), at the volume\'s key', async () => {
    const config = `${validConfig}${stores.replace("'2026'", "'2027'")}`
    const messages = messagesOf(await runCli(['check', '--no-layout', '--root', await book(config, twoYears), '--format', 'json']))
    expect(messages.map((message) => [message.rule, message.line])).toEqual([['c-011', positionOf(config, "'2027'").line]])
    expect(messages[0]!.message).toMatch(/Store `kindle` lists volume `2027`.*`2025`, `2026`, `complete`/)
  })

  it('a Kindle price outside KDP\'s 0.99 to 200 USD (c-034), and KDP Select beside another e-book store (c-035), at their values', async () => {
    const config = `${validConfig}listing:\n  kdpSelect: true\n  prices:\n    ebook: { USD: 250 }\n    kindle: { GBP: 3 }\n${stores}`
    const messages = messagesOf(await runCli(['check', '--no-layout', '--root', await book(config, twoYears), '--format', 'json']))
    expect(messages.map((message) => [message.rule, message.line, message.column])).toEqual([
      ['c-035', positionOf(config, 'true').line, positionOf(config, 'true').column],
      ['c-034', positionOf(config, '250').line, positionOf(config, '250').column],
    ])
    expect(messages[1]!.message).toBe("KDP e-book: the list price 250.00 USD is outside the store's 0.99 to 200.00 USD")
    expect(messages[0]!.message).toMatch(/KDP Select .* also sells it at Nook/)
  })
})

describe('placeholders: build warns, release refuses, at the config line', () => {
  const config = `${validConfig}url: https://springboard.example.org/careers
${completeListing.replace('979-8-9876543-1-6', '978-0-306-40615-7')}stores:
  kindle:
    name: Kindle
    volumes:
      complete: https://www.amazon.com/dp/B0SPR-TODO
  nook:
    name: Nook
    volumes:
      complete: https://www.barnesandnoble.com/w/careers/1146000001?ean=9781234567890
`

  it('check: one warning per placeholder, each at its place, exit 0', async () => {
    const run = await runCli(['check', '--no-layout', '--root', await book(config), '--format', 'json'])
    expect(run.code).toBe(0)
    expect(messagesOf(run).map((message) => [message.rule, message.severity, message.line, message.column])).toEqual([
      ['c-030', 'warning', positionOf(config, 'springboard.example.org').line, positionOf(config, 'springboard.example.org').column],
      ['c-032', 'warning', positionOf(config, '978-0-306').line, positionOf(config, '978-0-306').column],
      ['c-032', 'warning', positionOf(config, 'B0SPR-TODO').line, positionOf(config, 'B0SPR-TODO').column],
      ['c-031', 'warning', positionOf(config, 'TODO').line, positionOf(config, 'TODO').column],
      ['c-032', 'warning', positionOf(config, '9781234567890').line, positionOf(config, '9781234567890').column],
    ])
  })

  it('release: the same places as c-033 errors, exit 1, nothing written', async () => {
    const root = await book(config)
    const run = await runCli(['release', '--root', root, '--volume', 'complete'])
    expect(run.code).toBe(1)
    const errors = run.stderr.split('\n').filter((line) => / error .*\[c-033\]$/.test(line))
    expect(errors).toHaveLength(5)
    expect(run.stderr).not.toMatch(/\[c-03[012]\]/)
    expect(errors[0]).toMatch(new RegExp(`^springboard\\.yaml:${positionOf(config, 'springboard.example.org').line}:\\d+: error \`url\`: .*example.*\\(a release cannot carry a placeholder\\)`))
    expect(run.stderr).toContain('Nothing was written')
  })

  it('the sample book: `check` has warnings and no errors; `release --volume complete` exits 1 naming its placeholders at their lines', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'springboard-sample-'))
    roots.push(root)
    for (const part of ['chapters', 'assets', 'springboard.yaml']) await cp(path.join(projectRoot, part), path.join(root, part), { recursive: true })
    const sample = await readFile(path.join(root, 'springboard.yaml'), 'utf8')
    const check = await runCli(['check', '--no-layout', '--root', root, '--format', 'json'])
    expect(check.code).toBe(0)
    expect(messagesOf(check).every((message) => message.severity === 'warning')).toBe(true)
    const release = await runCli(['release', '--root', root, '--volume', 'complete'])
    expect(release.code).toBe(1)
    expect(release.stderr.match(/\[c-033\]/g)).toHaveLength(2)
    expect(release.stderr).toContain(`springboard.yaml:${positionOf(sample, 'https://springboard.example.org').line}:`)
    expect(release.stderr).toContain(`springboard.yaml:${positionOf(sample, 'print: 978-0-306-40615-7').line}:`)
  }, 60_000)

  it('finds reserved hosts, TODOs, impossible ASINs and ISBNs; takes real-looking ones', () => {
    expect(findPlaceholders('see https://a.example.com/x, http://localhost:8080/ and mail@site.test').map((found) => found.kind)).toEqual(['domain', 'domain', 'domain'])
    expect(findPlaceholders('https://www.example.org.uk/ https://www.exampleco.com/ https://www.amazon.com/dp/B0DTESTBK1 https://www.amazon.co.uk/dp/0306406152')).toEqual([])
    expect(findPlaceholders('https://www.amazon.com/dp/0306406153').map((found) => found.needle)).toEqual(['0306406153'])
    expect(isAsin('B0SPRBOARD')).toBe(true)
    expect(isAsin('B0spr12345')).toBe(false)
    expect(isIsbn10('080442957X')).toBe(true)
    expect(findPlaceholders('TODOS and TODO.').map((found) => found.index)).toEqual([10])
  })
})

describe('release: what each store\'s form still needs', () => {
  it('one c-036 per store, at the store, listing every missing field; c-037 for IngramSpark without a print ISBN', async () => {
    const config = `${validConfig}description: Every career in one book.\nsubjects:\n  - MED000000\nstores:\n  kindle:\n    name: Kindle\n  apple:\n    name: Apple Books\n`
    const run = await runCli(['release', '--root', await book(config), '--volume', 'complete'])
    expect(run.code).toBe(1)
    const lines = run.stderr.split('\n').filter((line) => /^springboard\.yaml:\d+:\d+: error/.test(line))
    expect(lines.map((line) => /\[(c-\d+)\]$/.exec(line)![1])).toEqual(['c-036', 'c-036', 'c-037', 'c-036', 'c-036'])
    const kindle = lines.find((line) => line.includes('KDP e-book'))!
    expect(kindle).toMatch(new RegExp(`^springboard\\.yaml:${positionOf(config, '  kindle:').line + 1}:`))
    for (const field of ['`listing.publishingRights`', '`listing.aiGenerated`', '`listing.drm`', '`listing.kdpSelect`', '`listing.territories`', '`listing.prices.ebook`']) expect(kindle).toContain(field)
    expect(lines.find((line) => line.includes('Apple Books'))).toContain('a description of at least 50 characters')
    expect(lines.find((line) => line.includes('[c-037]'))).toContain('IngramSpark: volume `complete` has no print ISBN')
    expect(lines.find((line) => line.includes('IngramSpark paperback'))).toContain('`listing.audience.kind`')
  })

  it('a complete config passes the forms\' checks (the build then needs a browser: test/release.e2e.test.ts)', async () => {
    const root = await book(`${validConfig}${completeListing}stores:\n  kindle:\n    name: Kindle\n  kobo:\n    name: Kobo\n`)
    const lint = await lintBook(root)
    const { checkStoreForms } = await import('../src/config/listing-checks.ts')
    const volume = resolveVolumes(lint.config!, lint.chapters.map((transformed) => transformed.chapter))[0]!
    checkStoreForms(lint.files[0]!, lint.config!, volume, lint.placeOf!)
    expect(lint.files[0]!.messages).toEqual([])
  })
})

describe('volumes that earn their place', () => {
  it('a book of one year is one volume, `complete`; of two years, a volume per year and the complete one', async () => {
    const one = await lintBook(await book(validConfig))
    expect(resolveVolumes(one.config!, one.chapters.map((transformed) => transformed.chapter)).map((volume) => volume.id)).toEqual(['complete'])
    const two = await lintBook(await book(validConfig, twoYears))
    expect(resolveVolumes(two.config!, two.chapters.map((transformed) => transformed.chapter)).map((volume) => [volume.id, volume.chapters.length])).toEqual([['2025', 1], ['2026', 1], ['complete', 2]])
  })

  it('a configured volume with the same chapters as another is v-010 at its id, naming the one to drop', async () => {
    const config = `${validConfig}volumes:\n  - id: complete\n  - id: year-2026\n    year: 2026\n`
    const messages = messagesOf(await runCli(['check', '--no-layout', '--root', await book(config), '--format', 'json']))
    expect(messages.map((message) => [message.rule, message.severity, message.line, message.column])).toEqual([['v-010', 'warning', ...Object.values(positionOf(config, 'year-2026'))]])
    expect(messages[0]!.message).toBe('Volume `year-2026` has the same chapter as volume `complete`: drop `year-2026` from `volumes:`, or give it other dates')
  })

  it('a store edition links to the other volumes of its own store, never to one whose chapters it has', async () => {
    const lint = await lintBook(await book(`${validConfig}${stores}`, twoYears))
    const volumes = resolveVolumes(lint.config!, lint.chapters.map((transformed) => transformed.chapter))
    const links = (id: string) => storeEditions(lint.config!, volumes.find((volume) => volume.id === id)!, volumes).map((edition) => [edition.id, edition.links.map((link) => link.url)])
    // The complete volume holds the 2026 chapters: it advertises no volume.
    expect(links('complete')).toEqual([['kindle', []], ['nook', []]])
    // The 2025 volume: the 2026 one on each store, and the complete one on Kindle.
    expect(links('2025')).toEqual([
      ['kindle', ['https://www.amazon.com/dp/B0VOLUME26', 'https://www.amazon.com/dp/B0COMPLETE']],
      ['nook', ['https://www.barnesandnoble.com/w/volume-2026/1100000026']],
    ])
    expect(storeEditions(lint.config!, volumes[0]!, volumes).map((edition) => edition.coverPage)).toEqual([false, true])
  })
})

describe('the listing', () => {
  it('is valid against its schema, which rejects what the stores would; listing.schema.json is generated from it and current', async () => {
    expect(await readFile(listingSchemaPath, 'utf8')).toBe(listingJsonSchema())
    const lint = await lintBook(await book(`${validConfig}${keywords(7)}${completeListing}author:\n  name: Pat Doe\n  bio: Pat's the editor-in-chief.\nstores:\n  kindle:\n    name: Kindle\n`, twoYears))
    const volume = resolveVolumes(lint.config!, lint.chapters.map((transformed) => transformed.chapter)).find((candidate) => candidate.id === '2026')!
    const print = { kdp: { interior: 'kdp-paperback/a.pdf', cover: 'kdp-paperback/b.pdf' }, ingramspark: { interior: 'ingramspark/a.pdf', cover: 'ingramspark/b.pdf' } }
    const listing = makeListing({ config: lint.config!, volume: { ...volume, isbn: { print: '9798987654316' } }, stores: [{ id: 'kindle', name: 'Kindle', epub: 'kindle/a.epub', cover: 'kindle/cover.jpg' }], print })
    expect(listingProblems(listing)).toEqual([])
    expect(listing.series).toEqual({ name: 'Test Careers', number: 2 })
    expect(listing.contributors).toEqual([
      { name: 'Pat Doe', roles: ['author'], primary: true, bio: 'Pat’s the editor-in-chief.' },
      { name: 'Test Editor', roles: ['editor'], primary: false },
    ])
    expect(listing.print!.ingramspark).toMatchObject({ isbn: '9798987654316', prices: { USD: 12.99 } })
    expect(listing.stores[0]).toMatchObject({ form: 'KDP e-book', prices: { USD: 4.99 } })
    expect(listingProblems({ ...listing, keywords: [...listing.keywords, 'an eighth'] })).toEqual(['keywords: Too big: expected array to have <=7 items'])
    expect(listingProblems({ ...listing, description: 'x'.repeat(4001) })).toHaveLength(1)
    expect(listingProblems({ ...listing, subjects: [] })).toHaveLength(1)

    const markdown = listingMarkdown(listing)
    const sections = [...markdown.matchAll(/^## (.+)$/gm)].map((match) => match[1])
    expect(sections).toEqual(['KDP e-book (kdp.amazon.com: Kindle eBook)', 'KDP paperback (kdp.amazon.com: Paperback)', 'IngramSpark paperback (ingramspark.com)', 'Description (93 of 4,000 characters)', 'Keywords (7 of 7)'])
    expect(markdown).toContain('| Primary author or contributor | Pat Doe |')
    expect(markdown).toContain('| List price | Amazon.com: 4.99 USD; royalty plan: 70 % possible (the price is within 2.99 to 9.99 USD); marketplaces not listed: KDP converts from the primary one |')
    expect(markdown).toContain("| ISBN | 9798987654316 (the KDP paperback's too: one ISBN for both printings of the same book, owned by your imprint) |")
  })
})

describe('what the EPUB and the copyright page say (cover art given: no browser)', () => {
  it('the primary contributor is a creator in the role aut, editors keep edt; the description is literal and typeset; every ISBN and the edition on the copyright page', async () => {
    const config = `${validConfig}cover: assets/cover.png\nauthor:\n  name: Pat Doe\ndescription: It's the "whole" book -- every career & more, <all> of it.\nisbn:\n  ebook: 979-8-9876543-0-9\n  print: 978-0-306-40615-7\n  ingramspark: 979-8-9876543-1-6\nlisting:\n  edition: 2\n`
    const root = await book(config, undefined, { 'assets/cover.png': chart })
    const result = await buildBook({ root, formats: ['epub'], volume: 'complete' })
    expect(result.ok).toBe(true)
    const zip = await JSZip.loadAsync(await readFile(path.join(root, 'dist/complete/test-careers.epub')))
    const opf = await zip.file('OEBPS/content.opf')!.async('string')
    expect(opf).toContain('<dc:creator id="creator-1">Pat Doe</dc:creator>\n    <meta refines="#creator-1" property="role" scheme="marc:relators">aut</meta>\n    <dc:contributor id="contributor-1">Test Editor</dc:contributor>\n    <meta refines="#contributor-1" property="role" scheme="marc:relators">edt</meta>')
    expect(opf).toContain('<dc:description>It’s the “whole” book – every career &amp; more, &lt;all&gt; of it.</dc:description>')
    expect(opf).toContain('<dc:source>urn:isbn:9780306406157</dc:source>')
    const copyright = await zip.file('OEBPS/copyright.xhtml')!.async('string')
    expect(copyright).toContain('<p>Second edition, January 2026</p>')
    expect([...copyright.matchAll(/<p>ISBN (\d+) \(([^)]+)\)<\/p>/g)].map((match) => [match[1], match[2]])).toEqual([
      ['9798987654309', 'e-book'],
      ['9780306406157', 'paperback, Amazon'],
      ['9798987654316', 'paperback'],
    ])
  })

  it('a yearly volume of the series says so; the complete one does not', async () => {
    const root = await book(`${validConfig}cover: assets/cover.png\nvolumes:\n  - id: complete\n  - id: '2026'\n    year: 2026\n`, twoYears, { 'assets/cover.png': chart })
    expect((await buildBook({ root, formats: ['epub'] })).ok).toBe(true)
    const opf = async (file: string) => (await JSZip.loadAsync(await readFile(path.join(root, 'dist', file)))).file('OEBPS/content.opf')!.async('string')
    expect(await opf('2026/test-careers.epub')).toContain('<meta refines="#series" property="group-position">1</meta>')
    expect(await opf('complete/test-careers.epub')).not.toContain('belongs-to-collection')
  })
})

describe('small rules', () => {
  it('the price add-on: 5 and the US price in cents, 59999 from 99.99, 90000 without', () => {
    expect([priceAddOn(19.99), priceAddOn(5), priceAddOn(99.98), priceAddOn(99.99), priceAddOn(150), priceAddOn(undefined)]).toEqual(['51999', '50500', '59998', '59999', '59999', '90000'])
  })

  it('a store host is found in a text as a host or a subdomain, not inside another name', () => {
    expect(namesHost('<a href="https://www.bn.com/w/x">', 'bn.com')).toBe(true)
    expect(namesHost('https://www.abn.com/', 'bn.com')).toBe(false)
    expect(namesHost('kobo.com.example', 'kobo.com')).toBe(false)
  })

  it('the opening of Description, Salary and Outlook for a handout, without footnote numbers, keeping "U.S."', () => {
    const body = {
      html: '<h2 id="d">Description</h2><p>Runs the records office. Works with the U.S. Department of Health on audits.</p><p>Second paragraph.</p>' +
        '<h2 id="s">Salary</h2><p>Pays well.<a href="#n1" class="noteref" epub:type="noteref">1</a> The median was $117,960 in 2024.</p>' +
        '<h2 id="o">Outlook</h2><p>Growing fast. Very fast indeed.</p>',
      notes: '',
    }
    expect(careerLines(body, 'en-US')).toEqual({
      description: 'Runs the records office. Works with the U.S. Department of Health on audits.',
      salary: 'Pays well. The median was $117,960 in 2024.',
      outlook: 'Growing fast. Very fast indeed.',
    })
    expect(splitSentences('Data from the U.S. Bureau of Labor Statistics. Ask Dr. Smith. Next.', 'en-US')).toEqual(['Data from the U.S. Bureau of Labor Statistics.', 'Ask Dr. Smith.', 'Next.'])
  })

  it('a volume without a configured description still gets one of 20 words or more', () => {
    const volume = { id: 'week', title: 'Nurse', chapters: [{ meta: { title: 'Nurse' } }], isbn: {} } as unknown as Volume
    expect(volumeDescription(volume).split(/\s+/).length).toBeGreaterThanOrEqual(20)
    expect(volumeDescription({ ...volume, description: 'Given.' })).toBe('Given.')
  })
})
