import { describe, expect, it } from 'vitest'
import { formatDate, formatSalaryRange } from '../src/render/format.ts'

describe('formatDate', () => {
  it('writes a long date in the book language', () => {
    expect(formatDate('2026-01-05', 'en-US')).toBe('January 5, 2026')
    expect(formatDate('2026-01-05', 'en-GB')).toBe('5 January 2026')
    expect(formatDate('2026-01-05', 'de-DE')).toBe('5. Januar 2026')
    expect(formatDate('2026-12-31', 'fr-FR')).toBe('31 décembre 2026')
  })

  it('keeps the day in a time zone west of UTC', () => {
    // Node re-reads TZ when it is assigned. At midnight UTC it is still the day before in Los Angeles, so
    // a formatter reading local fields would write December 31, 2025 here.
    const zone = process.env.TZ
    process.env.TZ = 'America/Los_Angeles'
    try {
      expect(new Date('2026-01-01T00:00:00Z').getDate()).toBe(31)
      expect(formatDate('2026-01-01', 'en-US')).toBe('January 1, 2026')
      expect(formatDate('2026-01-01', 'en-GB')).toBe('1 January 2026')
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })
})

describe('formatSalaryRange', () => {
  it('writes a range in whole units with an en dash, and one amount when both ends agree', () => {
    expect(formatSalaryRange({ min: 80000, max: 120000, currency: 'USD' }, 'en-US')).toBe('$80,000–$120,000')
    expect(formatSalaryRange({ min: 50000, max: 50000, currency: 'USD' }, 'en')).toBe('$50,000')
    expect(formatSalaryRange({ min: 80000.5, max: 80000.5, currency: 'USD' }, 'en-US')).toBe('$80,001')
  })

  it('writes the currency and the grouping of the book language', () => {
    expect(formatSalaryRange({ min: 80000, max: 80000, currency: 'CAD' }, 'en')).toBe('CA$80,000')
    expect(formatSalaryRange({ min: 80000, max: 90000, currency: 'USD' }, 'en-GB')).toBe('US$80,000–US$90,000')
    expect(formatSalaryRange({ min: 80000, max: 90000, currency: 'EUR' }, 'de-DE')).toBe('80.000\u00a0€–90.000\u00a0€')
    expect(formatSalaryRange({ min: 80000, max: 80000, currency: 'JPY' }, 'en-US')).toBe('¥80,000')
  })
})
