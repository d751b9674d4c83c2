/**
 * A `published` date far from the others (m-031, issue 21): which dates are stray, and that the
 * copyright year, the edition's month and `dc:date` come from the volume's own dates (or the config),
 * never from one chapter dated by a typo.
 */
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, describe, expect, it } from 'vitest'
import { buildBook } from '../src/build.ts'
import { settledDate, strayDates } from '../src/dates.ts'
import { makeBook, validChapter, validConfig } from './helpers/book.ts'

const weekly = ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26']

describe('strayDates', () => {
  it('finds the newest date when it is more than four weeks after the newest other one', () => {
    expect(strayDates([...weekly, '2027-01-26'])).toEqual([{ index: 4, nearest: 3, newest: true, aloneInYear: true }])
    expect(strayDates([...weekly, '2026-02-24'])).toEqual([{ index: 4, nearest: 3, newest: true, aloneInYear: false }])
    // Four weeks exactly is a pause the weekly feature can take.
    expect(strayDates([...weekly, '2026-02-23'])).toEqual([])
  })

  it('finds a date alone in its year and far from every other, before the others too', () => {
    expect(strayDates(['2025-02-23', ...weekly])).toEqual([{ index: 0, nearest: 1, newest: false, aloneInYear: true }])
  })

  it('leaves a new year’s first chapter alone when it follows the last by a week', () => {
    expect(strayDates(['2026-12-14', '2026-12-21', '2026-12-28', '2027-01-04'])).toEqual([])
    expect(strayDates(['2025-12-29', ...weekly])).toEqual([])
  })

  it('needs two dates to compare', () => {
    expect(strayDates(['2027-02-23'])).toEqual([])
    expect(strayDates([])).toEqual([])
  })

  it('gives the newest date that is not stray as the date of the set', () => {
    expect(settledDate([...weekly, '2027-02-23'])).toBe('2026-01-26')
    expect(settledDate(['2025-02-23', ...weekly])).toBe('2026-01-26')
    expect(settledDate(weekly)).toBe('2026-01-26')
    expect(settledDate(['2027-02-23'])).toBe('2027-02-23')
  })
})

describe('a book with one chapter dated by a typo', () => {
  const roots: string[] = []
  afterAll(async () => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))))

  async function completeEpub(config = validConfig): Promise<{ opf: string; copyright: string }> {
    const chapters = Object.fromEntries(
      [...weekly.map((date, index) => [date, `Career ${index + 1}`]), ['2027-02-02', 'Dental Hygienist']].map(([date, title]) => [
        `${date}-${title!.toLowerCase().replace(/ /g, '-')}.md`,
        validChapter({ title, published: date }),
      ]),
    )
    const root = await makeBook(chapters, { config })
    roots.push(root)
    const result = await buildBook({ root, formats: ['epub'] })
    expect(result.files.flatMap((file) => file.messages.map((message) => message.ruleId))).toContain('m-031')
    const zip = await JSZip.loadAsync(await readFile(path.join(root, 'dist', 'complete', 'test-careers.epub')))
    const opf = await zip.file('OEBPS/content.opf')!.async('string')
    const pages = await Promise.all(Object.values(zip.files).filter((entry) => entry.name.endsWith('.xhtml')).map((entry) => entry.async('string')))
    return { opf, copyright: pages.find((page) => page.includes('epub:type="copyright-page"'))! }
  }

  it('keeps the complete volume’s copyright year, edition and dc:date on the volume’s own dates', async () => {
    const { opf, copyright } = await completeEpub()
    expect(opf).toMatch(/<dc:date>2026-01-26<\/dc:date>/)
    expect(copyright).toMatch(/Copyright © 2026 Test Press/)
    expect(copyright).toMatch(/First edition, January 2026/)
    expect(copyright).not.toMatch(/Copyright © 2027/)
    // The chapter is still in the book, and the copyright page still says when the chapters ran.
    expect(copyright).toMatch(/between January 5, 2026 and February 2, 2027/)
  }, 120_000)

  it('takes the copyright year from the config when it sets one', async () => {
    const { copyright } = await completeEpub(`${validConfig}copyrightYear: 2025\n`)
    expect(copyright).toMatch(/Copyright © 2025 Test Press/)
  }, 120_000)
})
