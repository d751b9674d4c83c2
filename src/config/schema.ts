/** The book config (`springboard.yaml`): one validated file at the book root. */
import { z } from 'zod'
import { isoDate } from '../dates.ts'
import { isValidIsbn13 } from '../text/isbn.ts'
import { checkWebUrl } from '../text/urls.ts'
import { bisacSubjects, maxSubjects } from './bisac.ts'
import { authorConfig, listingConfig } from './listing.ts'

const text = z.string().trim().min(1)

export { isValidIsbn13 }

/** An ISBN-13 with a correct check digit; hyphens and spaces are allowed and dropped. */
export const isbn13 = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const digits = String(value).replace(/[-\s]/g, '')
  if (!isValidIsbn13(digits)) {
    ctx.addIssue({ code: 'custom', message: `\`${value}\` is not a valid ISBN-13`, params: { rule: 'c-006' } })
    return z.NEVER
  }
  return digits
})

/** ISBNs per format: the e-book, the KDP paperback (`print`) and the IngramSpark paperback (the `print` one unless set). */
const isbns = z.strictObject({ ebook: isbn13.optional(), print: isbn13.optional(), ingramspark: isbn13.optional() })

const language = z.string().superRefine((value, ctx) => {
  try {
    if (Intl.getCanonicalLocales(value).length === 1) return
  } catch {
    // fall through to the issue
  }
  ctx.addIssue({ code: 'custom', message: `\`${value}\` is not a language tag such as \`en-US\``, params: { rule: 'c-003' } })
})

export const trimSizes = {
  '6x9': { width: 6, height: 9 },
  '5.5x8.5': { width: 5.5, height: 8.5 },
  '8.5x11': { width: 8.5, height: 11 },
} as const

/** The stores' limits on a listing (KDP's; the others allow as much or more). */
export const listingLimits = { description: 4000, keywords: 7, keywordLength: 50 } as const

const webUrl = z.string().superRefine((value, ctx) => {
  const problem = checkWebUrl(value)
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { rule: problem.rule } })
})

/** The blurb on the store pages and in the EPUB (`dc:description`). */
const description = text.superRefine((value, ctx) => {
  const length = [...value].length
  if (length > listingLimits.description) {
    ctx.addIssue({
      code: 'custom',
      message: `The description has ${length.toLocaleString('en-US')} characters; the stores take at most ${listingLimits.description.toLocaleString('en-US')}`,
      params: { rule: 'c-007' },
    })
  }
})

const keyword = text.superRefine((value, ctx) => {
  const length = [...value].length
  if (length > listingLimits.keywordLength) {
    ctx.addIssue({ code: 'custom', message: `The keyword \`${value}\` has ${length} characters; the stores take at most ${listingLimits.keywordLength}`, params: { rule: 'c-009' } })
  }
})

const keywords = z.array(keyword).superRefine((list, ctx) => {
  for (let index = listingLimits.keywords; index < list.length; index++) {
    ctx.addIssue({
      code: 'custom',
      path: [index],
      message: `Keyword ${index + 1} (\`${list[index]}\`) is one too many: the stores take at most ${listingLimits.keywords} keywords`,
      params: { rule: 'c-008' },
    })
  }
})

const bisacCode = z.string().superRefine((value, ctx) => {
  if (!bisacSubjects.has(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `\`${value}\` is not one of the BISAC subjects SpringBoard knows`,
      params: { rule: 'c-010', hint: `Use one of ${[...bisacSubjects.keys()].map((code) => `\`${code}\``).join(', ')} (docs/release.md), or add the heading to src/config/bisac.ts.` },
    })
  }
})

/** A store the volumes are sold on: the name readers know it by, and each volume's page there (once it is on sale). */
const store = z.strictObject({
  name: text,
  /** Volume id → the volume's page on this store. */
  volumes: z.record(z.string(), webUrl).default({}),
})

/** Store keys name the edition files (`<name>-<store>.epub`). */
const storeId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and hyphens')

const volume = z.strictObject({
  /** Folder name under `dist/`: lower case letters, digits and hyphens. */
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and hyphens'),
  title: text.optional(),
  subtitle: text.optional(),
  /** First and last `published` date included (both optional). */
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Shorthand for from YEAR-01-01 to YEAR-12-31. */
  year: z.number().int().min(1900).max(2999).optional(),
  isbn: isbns.optional(),
  cover: text.optional(),
  /** This volume's own blurb; the book's `description` otherwise. */
  description: description.optional(),
  // The release (src/config/listing.ts): this volume's own listing fields, over the book's.
  listing: listingConfig.optional(),
})

// How the print interior is set (issue 27), apart from its trim and paper above.
const printTypesetting = {
  /**
   * Where a chapter (after the first) and the appendix open: `next-page` (default: a book of
   * three-page profiles would otherwise have a blank page before most of them) or `right-hand`
   * (a blank left-hand page before a chapter that would open on one).
   */
  chapterOpening: z.enum(['next-page', 'right-hand']).default('next-page'),
}

export const bookConfigSchema = z.strictObject({
  title: text,
  subtitle: text.optional(),
  /** Authors or editors, as they appear on the title page. */
  editors: z.array(text).min(1),
  publisher: text,
  /** BCP 47 language tag of the text, e.g. `en-US`. */
  language,
  rights: text.default('All rights reserved.'),
  /** Year on the copyright page; defaults to the year of the newest chapter. */
  copyrightYear: z.number().int().min(1900).max(2999).optional(),
  /** A stable identifier when there is no e-book ISBN, e.g. `urn:uuid:…`. */
  identifier: text.optional(),
  isbn: isbns.optional(),
  /** Cover art (JPEG or PNG, 1600×2560 recommended); when absent one is drawn from templates/cover.svg.ejs. */
  cover: text.optional(),
  /** Where readers learn more: printed on the copyright page and the handouts. */
  url: z.string().url().optional(),
  print: z
    .strictObject({
      trim: z.enum(Object.keys(trimSizes) as [keyof typeof trimSizes, ...(keyof typeof trimSizes)[]]).default('6x9'),
      bleed: z.boolean().default(false),
      paper: z.enum(['white', 'cream']).default('white'),
      ...printTypesetting,
    })
    .prefault({}),
  volumes: z.array(volume).min(1).optional(),
  /** The blurb for the stores and the EPUB's `dc:description` (at most 4,000 characters). */
  description: description.optional(),
  /** Search keywords for the store listings: at most 7, each at most 50 characters. */
  keywords: keywords.default([]),
  /** BISAC subject codes (src/config/bisac.ts), at most three. */
  subjects: z.array(bisacCode).max(maxSubjects).default([]),
  /** Where the volumes are sold: one EPUB edition per store, each linking to that store only. */
  stores: z.record(storeId, store).default({}),
  handouts: z
    .strictObject({
      /** Also write the fair pack two-up: two half-size handouts on each landscape Letter sheet. */
      twoUp: z.boolean().default(false),
    })
    .prefault({}),

  // The release (src/config/listing.ts, README "Releasing a volume").
  /** The primary contributor the stores show as the author; by default the editors (the editorial team). */
  author: authorConfig.optional(),
  /** The store forms' fields beyond the blurb: on-sale date, territories, rights, audience, AI answer, DRM, KDP Select, prices. */
  listing: listingConfig.prefault({}),
})

export type BookConfig = z.output<typeof bookConfigSchema>
export type VolumeConfig = z.output<typeof volume>
