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

/** How far a chapter's date may be from the others before it looks typed wrong: a few weeks (the feature is weekly). */
export const strayGapDays = 28

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000

/** Days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round(dayNumber(to) - dayNumber(from))
}

export interface StrayDate {
  /** The index of the stray date in the list given. */
  index: number
  /** The index of the nearest other date (for the newest: the newest other one). */
  nearest: number
  /** Whether it is the newest date, more than a few weeks after the newest other one. */
  newest: boolean
  /** Whether no other date shares its year. */
  aloneInYear: boolean
}

/**
 * Dates far from the others, as a typo makes them (`2027-02-23` for `2026-02-23`): the newest, when it
 * is more than `strayGapDays` after the newest other one; or one that is alone in its year and more than
 * `strayGapDays` from every other. A new year's first chapter, a week after the last, is not stray.
 */
export function strayDates(dates: readonly string[]): StrayDate[] {
  if (dates.length < 2) return []
  const order = dates.map((_, index) => index).sort((a, b) => (dates[a]! < dates[b]! ? -1 : dates[a]! > dates[b]! ? 1 : a - b))
  const strays: StrayDate[] = []
  const yearCount = new Map<string, number>()
  for (const date of dates) yearCount.set(date.slice(0, 4), (yearCount.get(date.slice(0, 4)) ?? 0) + 1)
  order.forEach((index, rank) => {
    const date = dates[index]!
    const previous = order[rank - 1]
    const next = order[rank + 1]
    const gaps = [previous, next].filter((other) => other !== undefined).map((other) => ({ other: other!, days: Math.abs(daysBetween(date, dates[other!]!)) }))
    const nearest = gaps.reduce((best, gap) => (gap.days < best.days ? gap : best))
    const aloneInYear = yearCount.get(date.slice(0, 4)) === 1
    const newest = next === undefined && daysBetween(dates[previous!]!, date) > strayGapDays
    if (newest) strays.push({ index, nearest: previous!, newest, aloneInYear })
    else if (aloneInYear && nearest.days > strayGapDays) strays.push({ index, nearest: nearest.other, newest, aloneInYear })
  })
  return strays
}

/**
 * The date a set of chapters stands for (the copyright year, `dc:date`, the edition's month): the newest
 * of their dates that is not stray, so one chapter dated by a typo does not move the book into its year.
 */
export function settledDate(dates: readonly string[]): string | undefined {
  const strays = new Set(strayDates(dates).map((stray) => stray.index))
  const settled = dates.filter((_, index) => !strays.has(index))
  return [...(settled.length > 0 ? settled : dates)].sort().at(-1)
}
