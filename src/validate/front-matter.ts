/** The chapter contract's front matter, as a zod schema with our rule codes. */
import { z } from 'zod'
import type { ChapterMeta } from '../chapter.ts'
import { isoDate } from '../dates.ts'
import { checkWebUrl } from '../text/urls.ts'

const text = z.string().trim().min(1)

const webUrl = z.string().superRefine((value, ctx) => {
  const problem = checkWebUrl(value)
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { rule: problem.rule, hint: problem.hint } })
})

const currency = z.string().superRefine((value, ctx) => {
  if (!isCurrencyCode(value)) {
    ctx.addIssue({ code: 'custom', message: `\`${value}\` is not an ISO 4217 currency code`, params: { rule: 'm-009' } })
  }
})

/** Built on first use: `Intl.supportedValuesOf` makes a new array of ~300 codes on every call. */
let currencyCodes: Set<string> | undefined

export function isCurrencyCode(value: string): boolean {
  return /^[A-Z]{3}$/.test(value) && (currencyCodes ??= new Set(Intl.supportedValuesOf('currency'))).has(value)
}

/** The highest figure that is read as hourly pay when it is given as yearly pay. */
const hourlyLooking = 1000

const salary = z
  .strictObject({
    min: z.number().nonnegative(),
    max: z.number().nonnegative(),
    currency: currency.default('USD'),
    per: z.enum(['year', 'hour']).default('year'),
  })
  .superRefine((value, ctx) => {
    // No yearly pay is under 1,000 in any currency: such figures are hourly ones, or thousands written short.
    if (value.per === 'year' && value.max > 0 && value.max < hourlyLooking) {
      ctx.addIssue({
        code: 'custom',
        path: ['max'],
        message: `The salary (${value.min}–${value.max} a year) is too low for a yearly salary: it looks like an hourly rate`,
        params: { rule: 'm-030' },
      })
    }
    if (value.min > value.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['min'],
        message: `The salary minimum (${value.min}) is greater than the maximum (${value.max})`,
        params: { rule: 'm-006' },
      })
    }
  })

export const chapterMetaSchema = z.strictObject({
  title: text,
  published: isoDate,
  summary: text,
  category: text.optional(),
  degree: text,
  certifications: z.array(text).default([]),
  salary,
  competencies: z.array(text).min(1),
  resources: z.array(z.strictObject({ name: text, url: webUrl })).min(1),
}) satisfies z.ZodType<ChapterMeta, unknown>
