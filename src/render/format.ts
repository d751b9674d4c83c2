import type { Salary } from '../chapter.ts'

// Intl formatters are slow to make (locale data is looked up each time) and cheap to reuse: one per locale and currency.
const numberFormats = new Map<string, Intl.NumberFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

/** `$80,000–$120,000`: whole units, an en dash between. */
export function formatSalaryRange(salary: Salary, locale: string): string {
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
  if (salary.min === salary.max) return format.format(salary.min)
  return `${format.format(salary.min)}–${format.format(salary.max)}`
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
