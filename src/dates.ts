/**
 * Calendar dates written `YYYY-MM-DD`, as the chapters, the book config and
 * the command line give them. Shared by config, validate and the commands.
 */
import { z } from 'zod'

/** A real calendar date written `YYYY-MM-DD`. */
export const isoDate = z.string().superRefine((value, ctx) => {
  if (!isRealIsoDate(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `\`${value}\` is not a real date in YYYY-MM-DD form`,
      params: { rule: 'm-007' },
    })
  }
})

export function isRealIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** ISO 8601 week, e.g. `2026-W02`: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(date: string): string {
  const day = new Date(`${date}T00:00:00Z`)
  const weekday = day.getUTCDay() || 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday) // the Thursday of this week decides the year
  const year = day.getUTCFullYear()
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7)
  return `${year}-W${String(week).padStart(2, '0')}`
}
