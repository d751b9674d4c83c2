/**
 * Issue 15 without a browser: the stores' limits as positioned config
 * messages, the listing and its shipped JSON schema, the store editions'
 * links, the lines a handout takes from its chapter, and the description
 * a volume carries when the config gives none.
 */
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { Ajv } from 'ajv'
import JSZip from 'jszip'
import { afterAll, describe, expect, it } from 'vitest'
import { buildBook, lintBook } from '../src/build.ts'
import { resolveVolumes, type Volume } from '../src/config/index.ts'
import { listingSchemaPath, makeListing } from '../src/package/listing.ts'
import { storeEditions } from '../src/package/volume-epub.ts'
import { careerLines, splitSentences } from '../src/render/career-lines.ts'
import { volumeDescription } from '../src/render/index.ts'
import { makeBook, validChapter, validConfig } from './helpers/book.ts'
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

const keywords = (count: number) => `keywords:\n${Array.from({ length: count }, (_, i) => `  - career keyword ${i + 1}\n`).join('')}`
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

describe('check: the stores\' limits', () => {
  it('flags a description over 4,000 characters (c-007) and an 8th keyword (c-008), each where it is written', async () => {
    const description = `${'Careers in health care, profile by profile. '.repeat(91).trim()}`
    expect(description.length).toBeGreaterThan(4000)
    const config = `${validConfig}description: ${description}\n${keywords(8)}`
    const root = await book(config)
    const run = await runCli(['check', '--no-layout', '--root', root, '--format', 'json'])
    expect(run.code).toBe(1)
    const messages = JSON.parse(run.stdout) as { file: string; line: number; column: number; rule: string; message: string }[]
    expect(messages.map((message) => message.rule).sort()).toEqual(['c-007', 'c-008'])
    const tooLong = messages.find((message) => message.rule === 'c-007')!
    expect(tooLong).toMatchObject({ file: 'springboard.yaml', ...positionOf(config, 'Careers in health care, profile') })
    expect(tooLong.message).toMatch(/4,0\d\d characters; the stores take at most 4,000/)
    const eighth = messages.find((message) => message.rule === 'c-008')!
    expect(eighth).toMatchObject({ file: 'springboard.yaml', ...positionOf(config, 'career keyword 8') })
    expect(eighth.message).toMatch(/Keyword 8 .*at most 7 keywords/)
  })

  it('takes exactly 4,000 characters and 7 keywords of 50 characters', async () => {
    const description = 'x'.repeat(4000)
    const root = await book(`${validConfig}description: ${description}\nkeywords:\n${Array.from({ length: 7 }, (_, i) => `  - ${String.fromCharCode(97 + i).repeat(50)}\n`).join('')}`)
    const run = await runCli(['check', '--no-layout', '--root', root, '--format', 'json'])
    expect(JSON.parse(run.stdout)).toEqual([])
    expect(run.code).toBe(0)
  })

  it('names the store and the volume it does not know (c-011), at the volume\'s key', async () => {
    const config = `${validConfig}${stores.replace("'2026'", "'2027'")}`
    const run = await runCli(['check', '--no-layout', '--root', await book(config), '--format', 'json'])
    const messages = JSON.parse(run.stdout) as { rule: string; line: number; message: string }[]
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ rule: 'c-011', line: positionOf(config, "'2027'").line })
    expect(messages[0]!.message).toMatch(/Store `kindle` lists volume `2027`.*`2026`, `complete`/)
  })

  it('release needs a description and a subject (c-012); check does not, and release needs --volume (exit 2)', async () => {
    const root = await book(validConfig)
    expect((await runCli(['check', '--no-layout', '--root', root])).code).toBe(0)
    const release = await runCli(['release', '--root', root, '--volume', 'complete'])
    expect(release.code).toBe(1)
    expect(release.stderr).toMatch(/springboard\.yaml:1:1: error Volume `complete` cannot be released: the store listing needs `description` and `subjects` \(BISAC codes\) \[c-012\]/)
    expect((await runCli(['release', '--root', root])).code).toBe(2)
  })
})

describe('the listing', () => {
  const schema = async () => new Ajv({ allErrors: true }).compile(JSON.parse(await readFile(listingSchemaPath, 'utf8')))

  it('is valid against the shipped schema, which rejects what the stores would', async () => {
    const root = await book(`${validConfig}description: Every career in one book, with the pay and outlook of each.\n${keywords(7)}subjects:\n  - BUS012000\n  - MED000000\n`)
    const lint = await lintBook(root)
    const volume = resolveVolumes(lint.config!, lint.chapters.map((transformed) => transformed.chapter)).find((candidate) => candidate.id === '2026')!
    const listing = makeListing({ config: lint.config!, volume, stores: [{ id: 'kindle', name: 'Kindle', epub: 'kindle/a.epub', cover: 'kindle/cover.jpg' }] })
    const validate = await schema()
    expect(validate(listing), JSON.stringify(validate.errors)).toBe(true)
    expect(listing.series).toEqual({ name: 'Test Careers', number: 1 })
    expect(listing.subjects[0]).toEqual({ scheme: 'BISAC', code: 'BUS012000', heading: 'BUSINESS & ECONOMICS / Careers / General' })
    expect(validate({ ...listing, keywords: [...listing.keywords, 'an eighth'] })).toBe(false)
    expect(validate({ ...listing, description: 'x'.repeat(4001) })).toBe(false)
    expect(validate({ ...listing, subjects: [] })).toBe(false)
  })
})

describe('the store editions', () => {
  it('link each to the other volumes on their own store only', async () => {
    const root = await book(`${validConfig}${stores}`)
    const lint = await lintBook(root)
    const volumes = resolveVolumes(lint.config!, lint.chapters.map((transformed) => transformed.chapter))
    const complete = volumes.find((volume) => volume.id === 'complete')!
    const editions = storeEditions(lint.config!, complete, volumes)
    expect(editions.map((edition) => [edition.id, edition.coverPage, edition.links.map((link) => link.url)])).toEqual([
      ['kindle', false, ['https://www.amazon.com/dp/B0VOLUME26']],
      ['nook', true, ['https://www.barnesandnoble.com/w/volume-2026/1100000026']],
    ])
    // The 2026 volume: Kindle sells the complete book too; Nook sells nothing else.
    const year = storeEditions(lint.config!, volumes.find((volume) => volume.id === '2026')!, volumes)
    expect(year.map((edition) => edition.links.map((link) => link.title))).toEqual([['Test Careers'], []])
  })
})

describe('what a handout and the OPF take from the text', () => {
  it('the opening of Description, Salary and Outlook, without footnote numbers, keeping "U.S." inside a sentence', () => {
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
    // Intl.Segmenter alone breaks after "U.S." and "Dr.": a handout would stop mid-sentence at its length limit.
    expect(splitSentences('Data from the U.S. Bureau of Labor Statistics. Ask Dr. Smith. Next.', 'en-US')).toEqual(['Data from the U.S. Bureau of Labor Statistics.', 'Ask Dr. Smith.', 'Next.'])
  })

  it('the print ISBN is the EPUB\'s dc:source (cover art given: no browser)', async () => {
    const chart = await readFile(path.join(import.meta.dirname, 'fixtures/chart.png'))
    const root = await book(`${validConfig}cover: assets/cover.png\nisbn:\n  print: 978-0-306-40615-7\n`, undefined, { 'assets/cover.png': chart })
    const result = await buildBook({ root, formats: ['epub'], volume: 'complete' })
    expect(result.ok).toBe(true)
    const zip = await JSZip.loadAsync(await readFile(path.join(root, 'dist/complete/test-careers.epub')))
    expect(await zip.file('OEBPS/content.opf')!.async('string')).toContain('<dc:source>urn:isbn:9780306406157</dc:source>')
  })

  it('a volume without a configured description still gets one of 20 words or more', () => {
    const volume = { id: 'week', title: 'Nurse', chapters: [{ meta: { title: 'Nurse' } }], isbn: {} } as unknown as Volume
    expect(volumeDescription(volume).split(/\s+/).length).toBeGreaterThanOrEqual(20)
    expect(volumeDescription({ ...volume, description: 'Given.' })).toBe('Given.')
  })
})
