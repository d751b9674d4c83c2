import type { Salary } from '../chapter.ts'

/** `$80,000–$120,000`: whole units, an en dash between. */
export function formatSalaryRange(salary: Salary, locale: string): string {
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: salary.currency,
    maximumFractionDigits: 0,
    minimumFractionDigits: 0,
  })
  if (salary.min === salary.max) return format.format(salary.min)
  return `${format.format(salary.min)}–${format.format(salary.max)}`
}

/** `January 5, 2026` for an ISO date, independent of the machine's time zone. */
export function formatDate(isoDate: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`))
}
