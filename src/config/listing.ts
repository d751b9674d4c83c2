/**
 * The book config's release fields (issue 26): who the stores show as the
 * author, and what a store's form asks beyond the blurb, keywords and
 * subjects: the on-sale date, territories and rights, the audience, KDP's
 * AI-content answer, DRM and KDP Select, and prices per store and currency.
 * Where a store states a limit it is checked here; the sources are in
 * docs/store-rules.md.
 */
import { z } from 'zod'
import { isoDate } from '../dates.ts'

const text = z.string().trim().min(1)

/** The primary contributor the stores show as the author (KDP's "Primary author or contributor"). */
export const authorConfig = z.strictObject({
  name: text,
  /** A short biography for the stores that ask for one (Barnes & Noble's "About the author", IngramSpark's contributor biography). */
  bio: text.optional(),
})

/** KDP's question, asked for the text, the images and the translations each. */
export const aiAnswers = ['none', 'some-minimal-editing', 'some-extensive-editing', 'entire-minimal-editing', 'entire-extensive-editing'] as const
const aiAnswer = z.enum(aiAnswers)

/** The currencies the stores price in (ISO 4217); a price applies to every territory of its currency. */
export const currencies = ['USD', 'GBP', 'EUR', 'CAD', 'AUD', 'NZD', 'JPY', 'INR', 'BRL', 'MXN'] as const
export type Currency = (typeof currencies)[number]

const price = z.number().nonnegative().refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, {
  message: 'A price has at most two decimals',
  params: { rule: 'c-003' },
})

/** Prices by currency: `USD: 9.99`. */
const priceList = z.partialRecord(z.enum(currencies), price)

/**
 * What is priced: `ebook` (every e-book store), `print` (both paperbacks), a
 * store's key from `stores:` (its own price), `kdp-paperback` or `ingramspark`.
 */
const priceKey = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use `ebook`, `print`, a store key, `kdp-paperback` or `ingramspark`')

/** ISO 3166-1 alpha-2 country codes, upper case (`US`, `GB`). */
const country = z.string().regex(/^[A-Z]{2}$/, 'use two-letter country codes such as `US`, `GB`, `CA`')

/** Ages in years, 0 to 18 (18 is "18 and up"), as KDP's reading age and Apple's interest age. */
const age = z.number().int().min(0).max(18)
/** School grades as KDP's US grade range: `pre-k`, `k`, then 1 to 12. */
export const grades = ['pre-k', 'k', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'] as const
const grade = z.union([z.enum(grades), z.number().int().min(1).max(12).transform(String)]).pipe(z.enum(grades))

function ordered<T extends { from?: unknown; to?: unknown }>(rank: (value: NonNullable<T['from']>) => number) {
  return (range: T, ctx: z.RefinementCtx) => {
    if (range.from === undefined || range.to === undefined) return
    if (rank(range.from as NonNullable<T['from']>) > rank(range.to as NonNullable<T['from']>)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `The range ends (${String(range.to)}) before it starts (${String(range.from)})`, params: { rule: 'c-003' } })
    }
  }
}

export const audienceKinds = ['general', 'young-adult', 'juvenile', 'professional', 'scholarly'] as const

const audience = z.strictObject({
  /** IngramSpark's audience: general (adult trade), young adult, juvenile, professional, scholarly. */
  kind: z.enum(audienceKinds).optional(),
  ages: z.strictObject({ from: age.optional(), to: age.optional() }).superRefine(ordered<{ from?: number; to?: number }>((value) => value)),
  grades: z.strictObject({ from: grade.optional(), to: grade.optional() }).superRefine(ordered<{ from?: string; to?: string }>((value) => grades.indexOf(value as (typeof grades)[number]))),
}).partial()

/** The listing fields beyond the blurb: book-wide, and a volume may set its own (its on-sale date, its prices). */
export const listingConfig = z.strictObject({
  /** The edition, 1 unless the volume was published before with other content: the copyright page's edition line, the forms' edition number. */
  edition: z.number().int().min(1).optional(),
  /** The day the volume goes on sale (pre-orders until then): `YYYY-MM-DD`. */
  onSale: isoDate.optional(),
  /** Where it is sold: `worldwide`, or a list of country codes. */
  territories: z.union([z.literal('worldwide'), z.array(country).min(1)]).optional(),
  /** KDP's publishing rights: `own` (you hold the copyright or the rights) or `public-domain`. */
  publishingRights: z.enum(['own', 'public-domain']).optional(),
  audience: audience.optional(),
  /** KDP asks whether AI made any of the text, the images or the translations (none, or how much and how edited). */
  aiGenerated: z.strictObject({ text: aiAnswer, images: aiAnswer, translations: aiAnswer }).optional(),
  /** Digital rights management on the e-book, where the store offers the choice (KDP, Kobo). */
  drm: z.boolean().optional(),
  /** KDP Select: the Kindle e-book exclusive to Amazon for 90-day terms (no other e-book store). */
  kdpSelect: z.boolean().optional(),
  /** The paperback cover's finish (KDP's cover finish, IngramSpark's laminate). */
  coverFinish: z.enum(['matte', 'gloss']).optional(),
  /** List prices by what is priced (`ebook`, `print`, a store) and currency. */
  prices: z.record(priceKey, priceList).optional(),
})

export type ListingConfig = z.output<typeof listingConfig>
export type AuthorConfig = z.output<typeof authorConfig>
