import type { Salary } from '../chapter.ts'

// Intl formatters are slow to make (locale data is looked up each time) and cheap to reuse: one per locale and currency.
const numberFormats = new Map<string, Intl.NumberFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

/** `$80,000–$120,000`: whole units, an en dash between. */
export function formatSalaryRange(salary: Salary, locale: string): string {
  const format = amountFormat(salary, locale)
  if (salary.min === salary.max) return format(salary.min)
  return `${format(salary.min)}–${format(salary.max)}`
}

/** Writes one amount in `salary`'s currency: directly where that is exact (below), else with a reused Intl format. */
function amountFormat(salary: Salary, locale: string): (amount: number) => string {
  const symbol = usCurrencySymbols.get(salary.currency)
  if (isUsEnglish(locale) && symbol !== undefined && isPlainAmount(salary.min) && isPlainAmount(salary.max)) {
    return (amount) => `${symbol}${String(amount).replace(/\B(?=(\d{3})+$)/g, ',')}`
  }
  const key = `${locale}\n${salary.currency}`
  let format = numberFormats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: salary.currency,
      maximumFractionDigits: 0,
      minimumFractionDigits: 0,
    })
    numberFormats.set(key, format)
  }
  return format.format
}

/** The languages whose dates and amounts this module writes without Intl (see below). */
function isUsEnglish(locale: string): boolean {
  return locale === 'en-US' || locale === 'en'
}

/**
 * What the en-US currency `Intl.NumberFormat` in amountFormat writes for a whole amount (`$80,000`, `€80,000`): the symbol,
 * then the digits in threes. Written directly for these currencies because making the first number format of a
 * process takes ~20 ms (ICU's locale and currency data). test/format.test.ts checks each against Intl; other
 * currencies, other languages and fractions go to Intl.
 */
const usCurrencySymbols: ReadonlyMap<string, string> = new Map([
  ['USD', '$'],
  ['EUR', '€'],
  ['GBP', '£'],
  ['CAD', 'CA$'],
  ['AUD', 'A$'],
])

/** Not negative, whole, well within a double's exact integers: what the fast path above writes exactly. */
function isPlainAmount(amount: number): boolean {
  return Number.isInteger(amount) && amount >= 0 && amount < 1e15
}

/** `January 5, 2026` for an ISO date, independent of the machine's time zone. */
export function formatDate(isoDate: string, locale: string): string {
  if (isUsEnglish(locale)) return formatUsDate(isoDate)
  let format = dateFormats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })
    dateFormats.set(locale, format)
  }
  return format.format(new Date(`${isoDate}T00:00:00Z`))
}

const usMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/**
 * What `Intl.DateTimeFormat('en-US', { dateStyle: 'long' })` writes, without making one: making the first
 * date format of a process takes 20-35 ms (ICU loads its calendar and pattern data), a few percent of a
 * 52-chapter build. test/format.test.ts checks it against Intl for every day of two centuries.
 */
function formatUsDate(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`)
  return `${usMonths[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`
}
