import type { Salary } from '../chapter.ts'

// Intl formatters look up locale data when they are made and are cheap to reuse: each is made once.
const numberFormats = new Map<string, Intl.NumberFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

/** `$80,000–$120,000`: whole units, an en dash between. */
export function formatSalaryRange(salary: Salary, locale: string): string {
  const format = amountFormat(salary.currency, locale)
  if (salary.min === salary.max) return format.format(salary.min)
  return `${format.format(salary.min)}–${format.format(salary.max)}`
}

function amountFormat(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}\n${currency}`
  let format = numberFormats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 })
    numberFormats.set(key, format)
  }
  return format
}

/** `January 5, 2026` for an ISO date, independent of the machine's time zone. */
export function formatDate(isoDate: string, locale: string): string {
  let format = dateFormats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })
    dateFormats.set(locale, format)
  }
  return format.format(new Date(`${isoDate}T00:00:00Z`))
}
