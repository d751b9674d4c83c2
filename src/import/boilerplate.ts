/**
 * What belongs to the newsletter or the book, not to the career: series
 * blurbs, newsletter headers, store lines, © footers, e-mail headers,
 * greetings and sign-offs, datelines and bylines. Recognised by their
 * wording, by what the book says of itself (its description, title,
 * publisher and stores), and by recurring in several features of one import.
 */

import { loadConfig } from '../config/index.ts'

export interface BookWords {
  /** springboard.yaml's title, subtitle, publisher and description. */
  texts: string[]
  /** The stores' names (Kindle, Nook …). */
  stores: string[]
}

export interface BoilerplateContext {
  book: BookWords
  /** Paragraphs found in more than one feature of the import (normalized by `recurringKey`). */
  recurring: ReadonlySet<string>
}

const stopWords = new Set(
  'a an and are as at be by for from has have in is it its of on one or our the their this to was we what where who with you your each every more find out how'.split(' '),
)

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\d'\u2019]+/gu) ?? [])
    .map((word) => word.replace(/['\u2019]s$/, '').replace(/(?<=\w{3})s$/, ''))
    .filter((word) => word.length > 2 && !stopWords.has(word))
}

/** What springboard.yaml says of the book; nothing when it does not load (check reports why). */
export async function bookWords(root: string): Promise<BookWords> {
  const { config } = await loadConfig(root)
  if (!config) return { texts: [], stores: [] }
  return {
    texts: [config.title, config.subtitle ?? '', config.publisher, config.description ?? ''],
    stores: Object.values(config.stores).map((store) => store.name),
  }
}

/** A paragraph as the same in every feature it recurs in: lower case, letters and digits. */
export function recurringKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\d]+/gu, ' ').trim()
}

/**
 * The paragraphs that more than one of `features` has (each feature's
 * units given as texts). A feature that shares most of its paragraphs with
 * one before it is the same feature twice, and does not count.
 */
export function recurringTexts(features: readonly (readonly string[])[]): Set<string> {
  const seen = new Map<string, number>()
  const counted: Set<string>[] = []
  for (const texts of features) {
    const keys = new Set(texts.map(recurringKey).filter((key) => key.length >= 12))
    if (counted.some((other) => [...keys].filter((key) => other.has(key)).length * 2 > keys.size)) continue
    counted.push(keys)
    for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1)
  }
  return new Set([...seen].filter(([, count]) => count > 1).map(([key]) => key))
}

/** Wording that gives boilerplate away; `short`: only on a line that stands alone, never in a paragraph. */
const patterns: { pattern: RegExp; why: string; short?: boolean }[] = [
  { pattern: /^(?:from|to|cc|sent|date|reply-to|subject):\s/i, why: 'e-mail header', short: true },
  { pattern: /(?:^|\s)\u00A9|\bcopyright\s*(?:\u00A9|\(c\)|\d{4})|\ball rights reserved\b/i, why: '\u00A9 footer' },
  {
    pattern:
      /\bunsubscribe\b|\bupdate (?:your )?preferences\b|\bview (?:this (?:e-?mail|newsletter) |it )?in (?:your|a) browser\b|\bforward (?:this|it) to a friend\b|\byou(?: are|'re)? receiv(?:ed|ing) this\b|\bsigned up (?:at|for)\b|\bmailing list\b/i,
    why: 'newsletter footer',
  },
  {
    pattern: /^(?:buy|order|get|download)\b.{0,60}\b(?:now|today|book|collection|copy|kindle|nook)\b|\b(?:available|out) (?:now )?(?:on|at|from|in)\b.{0,80}\b(?:kindle|nook|amazon|apple books|kobo|bookstores?)\b/i,
    why: 'store line',
  },
  { pattern: /^(?:hi|hello|hey|dear|greetings)\b[^.!?]{0,40}[,!:]?$/i, why: 'greeting', short: true },
  { pattern: /^(?:thanks|thank you|cheers|best|regards|warmly|see you|until next week|happy reading)\b/i, why: 'sign-off', short: true },
  { pattern: /^(?:the\s+)?[\w ]{0,30}\bteam$/i, why: 'sign-off', short: true },
  { pattern: /^(?:by|posted|written|filed|published)\s+(?:by\s+|in\s+|on\s+)?\S/i, why: 'byline', short: true },
  { pattern: /^(?:tags|category|categories|filed under|share this|share|follow us|like us)\s*:/i, why: 'page furniture', short: true },
  { pattern: /^(?:#[\p{L}\d_]+[\s,]*)+$/u, why: 'hashtags', short: true },
  { pattern: /^(?:next week|coming (?:up )?next week|in next week's issue|last week)\b/i, why: "the series' next or last issue", short: true },
]

/** A date alone on its line: "March 4, 2019", "2019-05-06", "Mon, 8 Jul 2019". */
const dateLine = /^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{2,4})\b.{0,20}$/i

/** The newsletter's own masthead: "SpringBoard Careers Weekly — Issue 212", "Vol. 3, No. 18", "Week of March 11". */
const masthead = /\b(?:issue|vol\.?|volume|no\.)\s*\d+|\bweek of\b|\b(?:newsletter|bulletin|digest|weekly|gazette)\b/i

/** What a series blurb says of itself: every week, one career profiled. */
const seriesWords =
  /\b(?:each|every) (?:week|issue|month)\b.{0,80}\b(?:profiles?|highlights?|features?|spotlights?|looks? at|introduces?|careers?|jobs?)\b|\bweekly (?:feature|column|series|profile)|\b(?:about|in) this (?:weekly )?(?:series|feature|column|newsletter)\b|\bthis feature (?:appeared|ran)\b/i

/**
 * Why `text` is boilerplate, or undefined. `short`: it stands alone as a
 * short line (a masthead or a tagline is one; a paragraph is not). `edge`:
 * it stands above the feature's text or after its lists, where a
 * newsletter puts its header and footer; only there does a paragraph that
 * other features of the import share count as the newsletter's.
 */
export function boilerplateReason(text: string, context: BoilerplateContext, short: boolean, edge = false): string | undefined {
  const plain = text.replace(/^[*_#\s]+|[*_\s]+$/g, '')
  if (edge && context.recurring.has(recurringKey(plain))) return 'in other features of this import too'
  for (const { pattern, why, short: only } of patterns) if ((short || !only) && (pattern.test(plain) || pattern.test(text.trim()))) return why
  const stores = context.book.stores.filter((store) => store.length > 2)
  if (stores.length > 0 && new RegExp(`\\b(?:${stores.map(escape).join('|')})\\b`, 'i').test(plain) && /\b(?:buy|order|get|available|download|collection|book|now)\b/i.test(plain)) {
    return 'store line'
  }
  if (short && dateLine.test(plain)) return 'dateline'
  if (seriesWords.test(plain) && !/\$\s?\d/.test(plain)) return 'series blurb'
  if (short && masthead.test(plain)) return 'newsletter header'
  if (likeTheBook(plain, context.book, short)) return short ? "the book's or the series' name" : "series blurb (like the book's description)"
  return undefined
}

/**
 * Whether the text speaks of the book or the series rather than a career:
 * it names the publisher, or most of its words are the book's own (its
 * description, title, publisher).
 */
function likeTheBook(text: string, book: BookWords, short: boolean): boolean {
  const words = contentWords(text)
  if (words.length === 0) return false
  const own = new Set(book.texts.flatMap(contentWords))
  const shared = words.filter((word) => own.has(word)).length
  // A short line that names the publisher ("A SpringBoard career profile", "SPRINGBOARD HEALTH CAREERS").
  const publisher = contentWords(book.texts[2] ?? '').filter((word) => !/^(?:press|publish\w*|book|media|inc|llc|group|house|editions?)$/.test(word))
  if (short && words.length <= 6 && publisher.some((word) => words.includes(word)) && shared / words.length >= 0.5) return true
  return words.length >= 8 && shared / words.length >= 0.6
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
