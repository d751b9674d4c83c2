import type { Salary } from '../chapter.ts'

// Intl formatters look up locale data when they are made and are cheap to reuse: each is made once.
const numberFormats = new Map<string, Intl.NumberFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * `$80,000–$120,000`: an en dash between the two ends. Yearly pay is in whole units; hourly pay keeps
 * its cents when either end has them (`$23.50–$34.60`, but `$22–$35`). Templates add "a year" or "an hour"
 * from `salary.per`.
 */
export function formatSalaryRange(salary: Pick<Salary, 'min' | 'max' | 'currency'> & { per?: Salary['per'] }, locale: string): string {
  const cents = salary.per === 'hour' && [salary.min, salary.max].some((amount) => !Number.isInteger(amount))
  const format = amountFormat(salary.currency, locale, cents)
  if (salary.min === salary.max) return format.format(salary.min)
  return `${format.format(salary.min)}–${format.format(salary.max)}`
}

function amountFormat(currency: string, locale: string, cents: boolean): Intl.NumberFormat {
  const key = `${locale}\n${currency}\n${cents}`
  let format = numberFormats.get(key)
  if (!format) {
    // With cents, the currency's own minor units (2 for the dollar, 0 for the yen).
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, ...(cents ? {} : { maximumFractionDigits: 0, minimumFractionDigits: 0 }) })
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
