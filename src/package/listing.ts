/**
 * The package stage (the store listing): what a volume's store pages need,
 * as `listing.json` (checked against listing.schema.json, shipped beside
 * this file) and as `listing.md`, laid out to copy field by field into the
 * stores' forms.
 */
import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import { bisacSubjects } from '../config/bisac.ts'
import { listingLimits, type BookConfig, type Volume } from '../config/index.ts'

export interface Listing {
  volume: string
  title: string
  subtitle?: string
  series?: { name: string; number: number }
  contributors: { name: string; role: 'editor' | 'author' }[]
  publisher: string
  language: string
  isbn: { ebook?: string; print?: string }
  description: string
  keywords: string[]
  subjects: { scheme: 'BISAC'; code: string; heading: string }[]
  stores: { id: string; name: string; url?: string; epub: string; cover: string }[]
  print?: { interior: string; cover: string }
}

export const listingSchemaPath = new URL('./listing.schema.json', import.meta.url)

let validator: ReturnType<Ajv['compile']> | undefined

/** The schema's complaints about `value`, one line each; empty when it is a valid listing. */
export function listingProblems(value: unknown): string[] {
  validator ??= new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(listingSchemaPath, 'utf8')))
  if (validator(value)) return []
  return (validator.errors ?? []).map((error) => `${error.instancePath || '(listing)'} ${error.message ?? 'is not valid'}`)
}

export function makeListing(input: {
  config: BookConfig
  volume: Volume
  /** Paths inside the release folder. */
  stores: Listing['stores']
  print?: Listing['print']
}): Listing {
  const { config, volume } = input
  const listing: Listing = {
    volume: volume.id,
    title: volume.title,
    ...(volume.subtitle ? { subtitle: volume.subtitle } : {}),
    ...(volume.series ? { series: { name: volume.series.name, number: volume.series.position } } : {}),
    contributors: config.editors.map((name) => ({ name, role: 'editor' as const })),
    publisher: config.publisher,
    language: config.language,
    isbn: { ...(volume.isbn.ebook ? { ebook: volume.isbn.ebook } : {}), ...(volume.isbn.print ? { print: volume.isbn.print } : {}) },
    description: volume.description ?? '',
    keywords: config.keywords,
    subjects: config.subjects.map((code) => ({ scheme: 'BISAC' as const, code, heading: bisacSubjects.get(code) ?? code })),
    stores: input.stores,
    ...(input.print ? { print: input.print } : {}),
  }
  const problems = listingProblems(listing)
  // The config was checked against the same limits (c-007 to c-012): a listing that fails here is a bug.
  if (problems.length > 0) throw new Error(`The listing of ${volume.id} does not match listing.schema.json: ${problems.join('; ')}`)
  return listing
}

/** The listing as Markdown, a section per form field. */
export function listingMarkdown(listing: Listing): string {
  const row = (field: string, value: string) => `| ${field} | ${value.replace(/\|/g, '\\|')} |`
  const lines = [
    `# Store listing: ${listing.title}`,
    '',
    'Copy each field into the store\'s form. `listing.json` has the same fields for tools.',
    '',
    '| Field | Value |',
    '| --- | --- |',
    row('Title', listing.title),
    ...(listing.subtitle ? [row('Subtitle', listing.subtitle)] : []),
    ...(listing.series ? [row('Series', `${listing.series.name}, number ${listing.series.number}`)] : []),
    row('Contributors', listing.contributors.map((contributor) => `${contributor.name} (${contributor.role})`).join('; ')),
    row('Publisher', listing.publisher),
    row('Language', listing.language),
    row('ISBN, e-book', listing.isbn.ebook ?? 'none: the store assigns its own identifier (an ASIN on Kindle)'),
    row('ISBN, paperback', listing.isbn.print ?? 'none configured'),
    '',
    `## Description (${[...listing.description].length.toLocaleString('en-US')} of ${listingLimits.description.toLocaleString('en-US')} characters)`,
    '',
    listing.description,
    '',
    `## Keywords (${listing.keywords.length} of ${listingLimits.keywords})`,
    '',
    ...(listing.keywords.length > 0 ? listing.keywords.map((keyword, index) => `${index + 1}. ${keyword}`) : ['None configured: add `keywords:` to springboard.yaml.']),
    '',
    '## Categories (BISAC)',
    '',
    ...listing.subjects.map((subject) => `- ${subject.code}: ${subject.heading}`),
    '',
    '## Stores',
    '',
    ...listing.stores.map((store) => `- ${store.name}: ${store.url ?? 'not on sale yet'} (e-book \`${store.epub}\`, cover \`${store.cover}\`)`),
    ...(listing.print ? ['', '## Paperback', '', `- Interior: \`${listing.print.interior}\``, `- Cover: \`${listing.print.cover}\``] : []),
    '',
  ]
  return lines.join('\n')
}
