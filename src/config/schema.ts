/** The book config (`springboard.yaml`): one validated file at the book root. */
import { z } from 'zod'
import { isoDate } from '../dates.ts'

const text = z.string().trim().min(1)

/** An ISBN-13 with a correct check digit; hyphens and spaces are allowed and dropped. */
export const isbn13 = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const digits = String(value).replace(/[-\s]/g, '')
  if (!isValidIsbn13(digits)) {
    ctx.addIssue({ code: 'custom', message: `\`${value}\` is not a valid ISBN-13`, params: { rule: 'c-006' } })
    return z.NEVER
  }
  return digits
})

export function isValidIsbn13(digits: string): boolean {
  if (!/^97[89]\d{10}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3)
  return (10 - (sum % 10)) % 10 === Number(digits[12])
}

const isbns = z.strictObject({ ebook: isbn13.optional(), print: isbn13.optional() })

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
})

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
    })
    .prefault({}),
  volumes: z.array(volume).min(1).optional(),
})

export type BookConfig = z.output<typeof bookConfigSchema>
export type VolumeConfig = z.output<typeof volume>
