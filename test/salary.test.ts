/**
 * Hourly pay (issue 21): `salary: { min, max, per: hour }` prints as an hourly rate with its cents,
 * yearly pay says "a year", and yearly figures under 1,000 are refused as m-030 (golden fixture).
 */
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, describe, expect, it } from 'vitest'
import { buildBook } from '../src/build.ts'
import { formatSalaryRange } from '../src/render/format.ts'
import { makeBook, validChapter, validFrontMatter } from './helpers/book.ts'

const roots: string[] = []
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
})

describe('formatSalaryRange with a period', () => {
  it('keeps the cents of hourly pay, and whole units when both ends are whole', () => {
    expect(formatSalaryRange({ min: 23.5, max: 34.6, currency: 'USD', per: 'hour' }, 'en-US')).toBe('$23.50–$34.60')
    expect(formatSalaryRange({ min: 22, max: 35, currency: 'USD', per: 'hour' }, 'en-US')).toBe('$22–$35')
    expect(formatSalaryRange({ min: 1500, max: 1500.5, currency: 'JPY', per: 'hour' }, 'en-US')).toBe('¥1,500–¥1,501')
    expect(formatSalaryRange({ min: 80000.5, max: 90000, currency: 'USD', per: 'year' }, 'en-US')).toBe('$80,001–$90,000')
  })
})

describe('a chapter paid by the hour', () => {
  it('builds, and the at-a-glance box says "an hour" or "a year", and the appendix marks hourly pay', async () => {
    const hourly = validFrontMatter({ title: 'Medical Assistant', published: '2026-01-12' }).replace(/salary:\n  min: \d+\n  max: \d+\n/, 'salary:\n  min: 23.50\n  max: 34.60\n  per: hour\n')
    expect(hourly).toContain('per: hour')
    const root = await makeBook({
      '2026-01-05-medical-records-director.md': validChapter(),
      '2026-01-12-medical-assistant.md': validChapter({ frontMatter: hourly }),
    })
    roots.push(root)
    const result = await buildBook({ root, formats: ['epub'], cache: false })
    expect(result.files.flatMap((file) => file.messages.map(String))).toEqual([])
    expect(result.ok).toBe(true)
    const epub = result.written.find((file) => file.path.endsWith(path.join('complete', 'test-careers.epub')))!
    const zip = await JSZip.loadAsync(await readFile(epub.path))
    const text = async (name: string) => zip.file(new RegExp(`${name}\\.xhtml$`))[0]!.async('string')
    expect(await text('ch-medical-assistant')).toContain('<dd>$23.50–$34.60 an hour</dd>')
    expect(await text('ch-medical-records-director')).toContain('<dd>$80,000–$120,000 a year</dd>')
    const appendix = await text('careers-at-a-glance')
    // The table's plain figure is a year's salary; hourly pay says so, kept on one line.
    expect(appendix).toContain('<td class="salary">$23.50–$34.60&#160;an&#160;hour</td>')
    expect(appendix).toContain('<td class="salary">$80,000–$120,000</td>')
  })
})
