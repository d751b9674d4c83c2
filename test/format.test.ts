import { describe, expect, it } from 'vitest'
import { formatDate, formatSalaryRange } from '../src/render/format.ts'

describe('formatDate', () => {
  it('writes US English dates exactly as Intl does, for every day from 1900 to 2099', () => {
    const intl = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' })
    let checked = 0
    for (let time = Date.UTC(1900, 0, 1); time < Date.UTC(2100, 0, 1); time += 86_400_000) {
      const iso = new Date(time).toISOString().slice(0, 10)
      const expected = intl.format(new Date(time))
      // One assertion per day would be 73,000 in the report: compare, and fail on the first difference.
      if (formatDate(iso, 'en-US') !== expected) expect(formatDate(iso, 'en-US')).toBe(expected)
      if (formatDate(iso, 'en') !== expected) expect(formatDate(iso, 'en')).toBe(expected)
      checked++
    }
    expect(checked).toBe(73_049)
  })

  it('leaves other languages to Intl', () => {
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
  const intl = (currency: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 })
  const one = (amount: number, currency = 'USD', locale = 'en-US') => formatSalaryRange({ min: amount, max: amount, currency }, locale)

  it('writes whole amounts in the currencies it knows exactly as Intl does', () => {
    const amounts: number[] = []
    for (let amount = 0; amount <= 200_000; amount++) amounts.push(amount)
    // Deterministic spread up to the fast path's limit, every length of digits.
    for (let digits = 6; digits <= 15; digits++) {
      for (let step = 1; step <= 500; step++) amounts.push(Math.floor(10 ** (digits - 1) + ((10 ** digits - 10 ** (digits - 1)) * step) / 501))
    }
    expect(amounts.length).toBe(200_001 + 10 * 500)
    for (const currency of ['USD', 'EUR', 'GBP', 'CAD', 'AUD']) {
      const format = intl(currency)
      for (const amount of amounts) {
        // One assertion per amount would flood the report: compare, and fail on the first difference.
        if (one(amount, currency) !== format.format(amount)) expect(one(amount, currency)).toBe(format.format(amount))
      }
    }
    expect(one(1_234_567)).toBe('$1,234,567')
    expect(one(80_000, 'EUR')).toBe('€80,000')
    expect(one(80_000, 'CAD', 'en')).toBe('CA$80,000')
  })

  it('writes a range with an en dash, and one amount when both ends agree', () => {
    expect(formatSalaryRange({ min: 80000, max: 120000, currency: 'USD' }, 'en-US')).toBe('$80,000–$120,000')
    expect(formatSalaryRange({ min: 50000, max: 50000, currency: 'USD' }, 'en')).toBe('$50,000')
  })

  it('leaves fractions, other currencies and other languages to Intl', () => {
    expect(one(80_000.5)).toBe('$80,001')
    expect(one(1e15)).toBe(intl('USD').format(1e15))
    expect(one(80_000, 'CHF')).toBe(intl('CHF').format(80_000))
    expect(one(80_000, 'JPY')).toBe('¥80,000')
    expect(formatSalaryRange({ min: 80000, max: 90000, currency: 'USD' }, 'en-GB')).toBe('US$80,000–US$90,000')
    expect(formatSalaryRange({ min: 80000, max: 90000, currency: 'EUR' }, 'de-DE')).toBe('80.000\u00a0€–90.000\u00a0€')
  })
})
