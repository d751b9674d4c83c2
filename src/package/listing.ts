/**
 * The package stage (the store listing): what a volume's store pages need,
 * as `listing.json` (its shape is `listingSchema` below, with the stores'
 * limits; listing.schema.json beside this file is generated from it for
 * other tools, and a test keeps the two the same) and as `listing.md`, a
 * section per store form in the stores' order, each field as the form names
 * it, to copy field by field.
 */
import { z } from 'zod'
import { bisacSubjects, maxSubjects } from '../config/bisac.ts'
import { bookContributors } from '../config/contributors.ts'
import { listingLimits, trimSizes, type BookConfig, type Volume } from '../config/index.ts'
import { aiAnswers, audienceKinds, currencies, grades } from '../config/listing.ts'
import { formIsbn, formPrices, storeForms } from '../config/store-forms.ts'
import { volumeDescription } from '../render/index.ts'
import { typeset } from '../transform/plugins/typography.ts'

const text = z.string().min(1)
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
const isbn = z.string().regex(/^97[89][0-9]{10}$/)
const prices = z.partialRecord(z.enum(currencies), z.number().nonnegative()).describe('List prices by ISO 4217 currency; each applies to every territory of its currency.')
const path = text.describe("A path inside the release folder.")

export const listingSchema = z
  .strictObject({
    volume: id.describe("The volume's id, as its folder in dist/ is named."),
    title: text,
    subtitle: text.optional(),
    series: z.strictObject({ name: text, number: z.number().int().min(1) }).optional().describe('For the yearly volumes: the series they form and this volume\'s number in it.'),
    contributors: z
      .array(
        z.strictObject({
          name: text,
          roles: z.array(z.enum(['author', 'editor'])).min(1),
          primary: z.boolean().describe('Shown as the author (KDP\'s "Primary author or contributor"; `dc:creator` in the role `aut`).'),
          bio: text.optional(),
        }),
      )
      .min(1),
    publisher: text,
    language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).describe('BCP 47 language tag.'),
    isbn: z
      .strictObject({ ebook: isbn.optional(), print: isbn.optional(), ingramspark: isbn.optional() })
      .describe('ISBN-13s without hyphens, per format: the e-book, the KDP paperback (print), the IngramSpark paperback; absent where the store assigns its own identifier.'),
    description: z.string().min(1).max(listingLimits.description),
    keywords: z.array(z.string().min(1).max(listingLimits.keywordLength)).max(listingLimits.keywords),
    subjects: z.array(z.strictObject({ scheme: z.literal('BISAC'), code: z.string().regex(/^[A-Z]{3}[0-9]{6}$/), heading: text })).min(1).max(maxSubjects).describe('BISAC subject headings.'),
    onSale: z.iso.date().optional(),
    territories: z.union([z.literal('worldwide'), z.array(z.string().regex(/^[A-Z]{2}$/)).min(1)]).optional(),
    publishingRights: z.enum(['own', 'public-domain']).optional(),
    audience: z
      .strictObject({
        kind: z.enum(audienceKinds).optional(),
        ages: z.strictObject({ from: z.number().int().min(0).max(18).optional(), to: z.number().int().min(0).max(18).optional() }).optional(),
        grades: z.strictObject({ from: z.enum(grades).optional(), to: z.enum(grades).optional() }).optional(),
      })
      .optional(),
    aiGenerated: z.strictObject({ text: z.enum(aiAnswers), images: z.enum(aiAnswers), translations: z.enum(aiAnswers) }).optional(),
    drm: z.boolean().optional(),
    kdpSelect: z.boolean().optional(),
    stores: z.array(
      z.strictObject({
        id,
        name: text,
        form: text.describe('The store form listing.md fills in.'),
        url: z.string().regex(/^https?:\/\//).optional().describe("The volume's page on the store, once it is on sale."),
        epub: path.describe("The edition's path inside the release folder."),
        cover: path.describe("The marketing cover's path inside the release folder."),
        prices,
      }),
    ),
    print: z
      .strictObject({
        trim: z.strictObject({ name: z.enum(Object.keys(trimSizes) as [string, ...string[]]), width: z.number().positive(), height: z.number().positive() }),
        paper: z.enum(['white', 'cream']),
        bleed: z.boolean(),
        coverFinish: z.enum(['matte', 'gloss']),
        kdp: z.strictObject({ isbn: isbn.optional(), interior: path, cover: path, prices }),
        ingramspark: z.strictObject({ isbn, interior: path, cover: path, prices }),
      })
      .optional()
      .describe("The paperbacks: one interior and trim, KDP's files and IngramSpark's PDF/X files."),
  })
  .describe(
    "What a volume's store pages need, written by `springboard release` as listing.json. The limits are the stores' (KDP's): a description of at most 4,000 characters, at most 7 keywords of at most 50 characters, at most 3 BISAC subjects.",
  )

export type Listing = z.output<typeof listingSchema>

/** listing.schema.json, as generated from `listingSchema` (test/release.test.ts keeps the committed file current). */
export function listingJsonSchema(): string {
  const schema = z.toJSONSchema(listingSchema, { target: 'draft-2020-12' })
  return `${JSON.stringify({ ...schema, $id: 'listing.schema.json', title: 'SpringBoard store listing' }, null, 2)}\n`
}

export const listingSchemaPath = new URL('./listing.schema.json', import.meta.url)

/** The schema's complaints about `value`, one line each; empty when it is a valid listing. */
export function listingProblems(value: unknown): string[] {
  const result = listingSchema.safeParse(value)
  if (result.success) return []
  return result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(listing)'}: ${issue.message}`)
}

export function makeListing(input: {
  config: BookConfig
  volume: Volume
  /** Paths inside the release folder. */
  stores: { id: string; name: string; url?: string; epub: string; cover: string }[]
  print?: { kdp: { interior: string; cover: string }; ingramspark: { interior: string; cover: string } }
}): Listing {
  const { config, volume } = input
  const listing = volume.listing ?? {}
  const { primary, others } = bookContributors(config)
  const roles = { aut: 'author', edt: 'editor' } as const
  const forms = storeForms(config)
  const pricesOf = (formId: string) => {
    const form = forms.find((candidate) => candidate.id === formId)
    return form ? formPrices(volume, form).prices : {}
  }
  const optional = <T,>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value })
  const isbns = { ...optional('ebook', volume.isbn.ebook), ...optional('print', volume.isbn.print), ...optional('ingramspark', formIsbn(volume, 'ingramspark')) }
  const trim = trimSizes[config.print.trim]
  const value: Listing = {
    volume: volume.id,
    title: volume.title,
    ...optional('subtitle', volume.subtitle),
    ...(volume.series ? { series: { name: volume.series.name, number: volume.series.position } } : {}),
    contributors: [...primary, ...others].map((contributor) => ({
      name: contributor.name,
      roles: contributor.roles.map((role) => roles[role]),
      primary: primary.includes(contributor),
      ...optional('bio', contributor.bio && typeset(contributor.bio)),
    })),
    publisher: config.publisher,
    language: config.language,
    isbn: isbns,
    description: volumeDescription(volume),
    keywords: config.keywords,
    subjects: config.subjects.map((code) => ({ scheme: 'BISAC' as const, code, heading: bisacSubjects.get(code) ?? code })),
    ...optional('onSale', listing.onSale),
    ...optional('territories', listing.territories),
    ...optional('publishingRights', listing.publishingRights),
    ...optional('audience', listing.audience),
    ...optional('aiGenerated', listing.aiGenerated),
    ...optional('drm', listing.drm),
    ...optional('kdpSelect', listing.kdpSelect),
    stores: input.stores.map((store) => ({ ...store, form: forms.find((form) => form.id === store.id)?.name ?? store.name, prices: pricesOf(store.id) })),
    ...(input.print
      ? {
          print: {
            trim: { name: config.print.trim, width: trim.width, height: trim.height },
            paper: config.print.paper,
            bleed: config.print.bleed,
            coverFinish: listing.coverFinish ?? 'matte',
            kdp: { ...optional('isbn', volume.isbn.print), ...input.print.kdp, prices: pricesOf('kdp-paperback') },
            ingramspark: { isbn: formIsbn(volume, 'ingramspark') ?? '', ...input.print.ingramspark, prices: pricesOf('ingramspark') },
          },
        }
      : {}),
  }
  const problems = listingProblems(value)
  // The config was checked against the same limits (c-007 to c-012, c-034 to c-037): a listing that fails here is a bug.
  if (problems.length > 0) throw new Error(`The listing of ${volume.id} does not match its schema: ${problems.join('; ')}`)
  return value
}
