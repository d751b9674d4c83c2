/**
 * Pay as features write it: "$64,000 to $114,000 a year", "between $39,840
 * and $87,950", "$24k–$47k", "$22 per hour … up to $35 per hour", "the
 * median was $79,120; the lowest 10 percent earned less than $48,840, and
 * the highest 10 percent more than $121,260", "$14.25/hr, or $29,640 a year".
 *
 * What wins: yearly figures over hourly ones (when both are given, the
 * chapter states the yearly); then a range as written, then a low and a
 * high figure ("lowest 10 percent", "start at", "up to"), then a single
 * figure. A median is never a range's end.
 */
import type { SalaryPeriod } from '../chapter.ts'

export interface SalaryReading {
  min: number
  max: number
  per: SalaryPeriod
  /** How the figures were read, for the import report: "a range", "the lowest and highest figures" … */
  how: string
  /** Set when the figures were read on an assumption an editor should confirm. */
  flag?: string
}

type Unit = 'hour' | 'week' | 'month' | 'year'
const perYear: Record<Unit, number> = { hour: 2080, week: 52, month: 12, year: 1 }

interface Mention {
  low: number
  high?: number
  /** As written, for messages. */
  shown: string
  unit?: Unit
  /** Set when no unit is written and the magnitude decided it. */
  assumed?: boolean
  role?: 'low' | 'high' | 'median'
}

const figure = /\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?:\s*(k|K|thousand)\b)?/g
const rangeTail = /^\s*(?:to|-|\u2013|\u2014|and)\s*(\$)?\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?:\s*(k|K|thousand)\b)?/

function dollars(digits: string, cents: string | undefined, thousands: string | undefined): number {
  return (Number(digits.replace(/,/g, '')) + Number(`0.${cents ?? 0}`)) * (thousands ? 1000 : 1)
}

/** "an hour", "per year", "/hr", "hourly", "a year", right after a figure. */
function unitAfter(text: string): Unit | undefined {
  const words: [Unit, string][] = [
    ['hour', 'hour|hr'],
    ['week', 'week|wk'],
    ['month', 'month|mo'],
    ['year', 'year|yr|annum'],
  ]
  for (const [unit, names] of words) {
    if (new RegExp(`^\\s*(?:\\/\\s*|(?:per|an?|each|every)\\s+)(?:${names})\\b`, 'i').test(text)) return unit
  }
  if (/^\s*(?:hourly|an hour)\b/i.test(text)) return 'hour'
  if (/^\s*(?:annually|yearly|a year|per annum)\b/i.test(text)) return 'year'
  return undefined
}

/** "hourly wage", "annual salary" in the words before a figure. */
function unitBefore(text: string): Unit | undefined {
  if (/\b(?:hourly|per hour|an hour)\b/i.test(text)) return 'hour'
  if (/\b(?:annual|annually|yearly|a year|per year)\b/i.test(text)) return 'year'
  return undefined
}

const lowWords = /\b(?:lowest|bottom|least|less than|under|below|start(?:s|ed|ing)?|entry|new(?:ly)?|beginn(?:ing|ers?)|as little as)\b/i
const highWords = /\b(?:highest|top|best|most experienced|experienced|more than|over|above|up to|as much as)\b/i
const medianWords = /\b(?:median|average|mean)\b/i

function mentions(text: string): Mention[] {
  const found: Mention[] = []
  let previousEnd = 0
  for (const match of text.matchAll(figure)) {
    const start = match.index
    if (start < previousEnd) continue
    let low = dollars(match[1]!, match[2], match[3])
    let end = start + match[0].length
    let high: number | undefined
    const tail = rangeTail.exec(text.slice(end))
    if (tail) {
      const second = dollars(tail[2]!, tail[3], tail[4])
      // "$45–60k": the k of the second figure is the first's too.
      if (tail[4] && !match[3] && low < 1000) low *= 1000
      // "$80,000 and 5 years": a bare number after "and" or "to" ends the range only if it could.
      if (tail[1] || second >= low) {
        high = second
        end += tail[0].length
      }
    }
    // The words of this clause before the figure, since the last figure or the sentence's start.
    const clause = text.slice(previousEnd, start).split(/[.;!?]\s|,\s(?:and|but|while)\s/).at(-1)!
    const after = text.slice(end, end + 40)
    const unit = unitAfter(after) ?? unitBefore(clause)
    const role = medianWords.test(clause)
      ? 'median'
      : lowWords.test(clause)
        ? 'low'
        : highWords.test(clause) || /^\s*(?:or more|and up|or higher|\+)/i.test(after)
          ? 'high'
          : undefined
    found.push({ low, high, shown: text.slice(start, end).trim(), unit, role: high === undefined ? role : undefined })
    previousEnd = end
  }
  return found
}

export function readSalary(text: string): SalaryReading | undefined {
  const all = mentions(text)
  if (all.length === 0) return undefined
  // A figure without a unit: big ones are yearly; small ones hourly, to be confirmed.
  for (const mention of all) {
    if (mention.unit) continue
    const top = mention.high ?? mention.low
    mention.unit = top >= 1000 ? 'year' : 'hour'
    mention.assumed = top < 10_000
  }
  const yearly = all.filter((mention) => mention.unit !== 'hour')
  const chosen = yearly.length > 0 ? yearly : all
  const per: SalaryPeriod = yearly.length > 0 ? 'year' : 'hour'
  const scale = (mention: Mention, value: number) => Math.round(per === 'year' ? value * perYear[mention.unit!] : value * 100) / (per === 'year' ? 1 : 100)
  const both = yearly.length > 0 && yearly.length < all.length ? '; hourly figures also given' : ''

  const range = chosen.find((mention) => mention.high !== undefined)
  const lowest = chosen.find((mention) => mention.role === 'low')
  const highest = chosen.findLast((mention) => mention.role === 'high')
  let reading: SalaryReading
  let used: Mention[]
  if (range) {
    reading = { min: scale(range, range.low), max: scale(range, range.high!), per, how: `a range, "${range.shown}"${both}` }
    used = [range]
  } else if (lowest && highest && scale(lowest, lowest.low) <= scale(highest, highest.low)) {
    reading = { min: scale(lowest, lowest.low), max: scale(highest, highest.low), per, how: `the lowest and highest figures, "${lowest.shown}" and "${highest.shown}"${both}` }
    used = [lowest, highest]
  } else {
    const single = chosen.find((mention) => mention.role === 'median') ?? chosen[0]!
    reading = { min: scale(single, single.low), max: scale(single, single.low), per, how: `one figure, "${single.shown}"${single.role === 'median' ? ' (the median)' : ''}${both}` }
    used = [single]
  }
  const assumed = used.find((mention) => mention.assumed)
  if (assumed) {
    reading.flag =
      assumed.unit === 'hour'
        ? `"${assumed.shown}" has no unit; read as an hourly rate: confirm, then delete this comment`
        : `"${assumed.shown}" has no unit; read as a yearly figure: confirm, then delete this comment`
  } else {
    const converted = [...new Set(used.map((mention) => mention.unit).filter((unit) => unit === 'week' || unit === 'month'))]
    if (converted.length > 0) reading.how += ` (${converted.map((unit) => `${unit}ly figures \u00D7 ${perYear[unit!]}`).join(', ')})`
  }
  return reading
}
