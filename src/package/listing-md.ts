/**
 * The package stage (listing.md): the listing laid out as the stores' forms
 * ask for it, a section per form in the stores' order (KDP e-book, KDP
 * paperback, Barnes & Noble Press, Apple Books, Kobo Writing Life,
 * IngramSpark), each field under the name the form gives it, in the form's
 * order, so that the production manager copies it field by field. The
 * description and keywords, the same everywhere, come once at the end.
 */
import { listingLimits } from '../config/index.ts'
import type { Currency } from '../config/listing.ts'
import type { Listing } from './listing.ts'

type Row = [field: string, value: string]

/** The marketplaces a currency's price goes to: KDP's Amazon sites, IngramSpark's markets. */
const amazonSites: Record<Currency, string> = {
  USD: 'Amazon.com',
  GBP: 'Amazon.co.uk',
  EUR: 'Amazon.de, .fr, .es, .it, .nl',
  CAD: 'Amazon.ca',
  AUD: 'Amazon.com.au',
  NZD: 'Amazon.com.au (NZD)',
  JPY: 'Amazon.co.jp',
  INR: 'Amazon.in',
  BRL: 'Amazon.com.br',
  MXN: 'Amazon.com.mx',
}
const gradeNames: Record<string, string> = { 'pre-k': 'Preschool', k: 'Kindergarten' }
const aiAnswerNames: Record<string, string> = {
  none: 'No',
  'some-minimal-editing': 'Some sections, with minimal or no editing',
  'some-extensive-editing': 'Some sections, with extensive editing',
  'entire-minimal-editing': 'Entire work, with minimal or no editing',
  'entire-extensive-editing': 'Entire work, with extensive editing',
}

export function listingMarkdown(listing: Listing): string {
  const store = (id: string) => listing.stores.find((candidate) => candidate.id === id)
  const sections: string[] = []
  const kindle = store('kindle')
  if (kindle) sections.push(section(`KDP e-book (kdp.amazon.com: Kindle eBook)`, kdpEbook(listing, kindle)))
  if (listing.print) sections.push(section('KDP paperback (kdp.amazon.com: Paperback)', kdpPaperback(listing, listing.print)))
  const nook = store('nook')
  if (nook) sections.push(section('Barnes & Noble Press (press.barnesandnoble.com: eBook)', barnesAndNoble(listing, nook)))
  const apple = store('apple')
  if (apple) sections.push(section('Apple Books (Apple Books for Authors)', appleBooks(listing, apple)))
  const kobo = store('kobo')
  if (kobo) sections.push(section('Kobo Writing Life (kobowritinglife.com)', koboWritingLife(listing, kobo)))
  if (listing.print) sections.push(section('IngramSpark paperback (ingramspark.com)', ingramSpark(listing, listing.print)))
  for (const other of listing.stores.filter((candidate) => !['kindle', 'nook', 'apple', 'kobo'].includes(candidate.id))) {
    sections.push(section(other.name, [...common(listing), ['EPUB', code(other.epub)], ['Cover', code(other.cover)], ['List price', priceList(other.prices)]]))
  }
  return [
    `# Store listing: ${listing.title}`,
    '',
    'One section per store form, in the form\'s order; copy each field. The description and keywords, the same for every store, are at the end. `listing.json` has the same fields for tools.',
    '',
    ...sections,
    `## Description (${[...listing.description].length.toLocaleString('en-US')} of ${listingLimits.description.toLocaleString('en-US')} characters)`,
    '',
    listing.description,
    '',
    `## Keywords (${listing.keywords.length} of ${listingLimits.keywords})`,
    '',
    ...(listing.keywords.length > 0 ? listing.keywords.map((keyword, index) => `${index + 1}. ${keyword}`) : ['None configured: add `keywords:` to springboard.yaml.']),
    '',
  ].join('\n')
}

function section(title: string, rows: Row[]): string {
  return [`## ${title}`, '', '| Field | Value |', '| --- | --- |', ...rows.map(([field, value]) => `| ${field} | ${value.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`), ''].join('\n')
}

type StoreEntry = Listing['stores'][number]
type Print = NonNullable<Listing['print']>

/** KDP's details page, the same for both formats but for what it calls the author. */
function kdpDetails(listing: Listing, author: string): Row[] {
  return [
    ['Language', language(listing)],
    ['Book title', listing.title],
    ['Subtitle', listing.subtitle ?? '(none)'],
    ['Series', series(listing)],
    [author, primary(listing)],
    ['Contributors', others(listing)],
    ['Description', 'see "Description" below'],
    ['Publishing rights', publishingRights(listing)],
    ['Reading age', ages(listing)],
    ['Categories', subjects(listing)],
    ['Keywords', 'see "Keywords" below'],
  ]
}

function kdpEbook(listing: Listing, kindle: StoreEntry): Row[] {
  return [
    ...kdpDetails(listing, 'Primary author or contributor'),
    ['Release date', releaseDate(listing)],
    ['Digital Rights Management (DRM)', yesNo(listing.drm, 'apply DRM')],
    ['Manuscript', code(kindle.epub)],
    ['Kindle eBook cover', code(kindle.cover)],
    ['AI-generated content', aiContent(listing)],
    ['ISBN (optional)', listing.isbn.ebook ?? '(none: Amazon assigns an ASIN)'],
    ['KDP Select enrollment', yesNo(listing.kdpSelect, 'enroll')],
    ['Territories', territories(listing)],
    ['List price', kdpPrices(kindle.prices, true)],
  ]
}

function kdpPaperback(listing: Listing, print: Print): Row[] {
  return [
    ...kdpDetails(listing, 'Author'),
    ['Publication date', listing.onSale ?? '(not set)'],
    ['Print ISBN', print.kdp.isbn ? `${print.kdp.isbn} (your own ISBN; its barcode is on the cover)` : "Get a free KDP ISBN (it can only be used at KDP; the cover leaves KDP's barcode area clear)"],
    ['Ink and paper type', `Black & white interior with ${print.paper} paper`],
    ['Trim size', trim(print)],
    ['Bleed settings', print.bleed ? 'Bleed (PDF only)' : 'No bleed'],
    ['Paperback cover finish', print.coverFinish === 'gloss' ? 'Glossy' : 'Matte'],
    ['Manuscript', code(print.kdp.interior)],
    ['Book cover', `${code(print.kdp.cover)} (upload a cover you already have, print-ready PDF)`],
    ['AI-generated content', aiContent(listing)],
    ['Territories', territories(listing)],
    ['List price', kdpPrices(print.kdp.prices, false)],
  ]
}

function barnesAndNoble(listing: Listing, nook: StoreEntry): Row[] {
  return [
    ['Title', listing.subtitle ? `${listing.title}: ${listing.subtitle}` : listing.title],
    ['Publication date', listing.onSale ?? '(not set: today)'],
    ['Publisher', listing.publisher],
    ['Contributors', listing.contributors.map((contributor) => `${contributor.name} (${contributor.roles.map(capitalize).join(', ')})`).join('; ')],
    ['Description', 'see "Description" below'],
    ['About the author', listing.contributors.find((contributor) => contributor.bio)?.bio ?? '(none)'],
    ['eBook ISBN', listing.isbn.ebook ?? '(none: not needed to sell on Barnes & Noble)'],
    ['Categories (BISAC)', subjects(listing)],
    ['List price', nook.prices.USD === undefined ? '(not set: US dollars)' : `${nook.prices.USD.toFixed(2)} USD`],
    ['EPUB', code(nook.epub)],
    ['Cover', code(nook.cover)],
  ]
}

function appleBooks(listing: Listing, apple: StoreEntry): Row[] {
  return [
    ['Title', listing.title],
    ['Subtitle', listing.subtitle ?? '(none)'],
    ['Series name and number', series(listing)],
    ['Author (primary)', primary(listing)],
    ['Contributors', others(listing)],
    ['Description', 'see "Description" below'],
    ['Subject category (BISAC)', subjects(listing)],
    ['Interest age', ages(listing)],
    ['Publisher', listing.publisher],
    ['Language', language(listing)],
    ['ISBN', listing.isbn.ebook ?? '(none)'],
    ['Release date', releaseDate(listing)],
    ['Territories', territories(listing)],
    ['Price', priceList(apple.prices)],
    ['Book file', code(apple.epub)],
    ['Cover art', code(apple.cover)],
  ]
}

function koboWritingLife(listing: Listing, kobo: StoreEntry): Row[] {
  return [
    ['Title', listing.title],
    ['Subtitle', listing.subtitle ?? '(none)'],
    ['Series name and number', series(listing)],
    ['Contributors', listing.contributors.map((contributor) => `${contributor.name} (${contributor.roles.map(capitalize).join(', ')})`).join('; ')],
    ['Synopsis', 'see "Description" below'],
    ['Publisher', listing.publisher],
    ['Release date', releaseDate(listing)],
    ['eBook ISBN', listing.isbn.ebook ?? '(none: Kobo does not need one)'],
    ['Language', language(listing)],
    ['Categories', subjects(listing)],
    ['Cover image', code(kobo.cover)],
    ['eBook file', code(kobo.epub)],
    ['Digital Rights Management', yesNo(listing.drm, 'apply DRM')],
    ['Geographic rights', territories(listing)],
    ['Price', priceList(kobo.prices)],
  ]
}

function ingramSpark(listing: Listing, print: Print): Row[] {
  const kind = { general: 'Trade/General (Adult)', 'young-adult': 'Young Adult', juvenile: 'Juvenile', professional: 'Professional and Scholarly', scholarly: 'Professional and Scholarly' }
  return [
    ['Title', listing.title],
    ['Subtitle', listing.subtitle ?? '(none)'],
    ['Language', language(listing)],
    ['Publishing rights', `${listing.publishingRights === 'public-domain' ? 'Public domain content' : 'I own the rights'}; ${territories(listing)}`],
    ['Series', series(listing)],
    ['Contributors', listing.contributors.map((contributor) => `${contributor.roles.includes('author') ? 'By (author)' : 'Edited by'}: ${contributor.name}`).join('; ')],
    ['Contributor biography', listing.contributors.find((contributor) => contributor.bio)?.bio ?? '(none)'],
    ['Imprint', listing.publisher],
    ['Subjects (BISAC, up to 3)', subjects(listing)],
    ['Audience', listing.audience?.kind ? kind[listing.audience.kind] : '(not set)'],
    ['Age range / grade', `${ages(listing)}; ${gradeRange(listing)}`],
    ['Description', 'see "Description" below'],
    ['Keywords', 'see "Keywords" below'],
    ['Publication date and on-sale date', listing.onSale ?? '(not set)'],
    ['ISBN', `${print.ingramspark.isbn}${print.ingramspark.isbn === print.kdp.isbn ? " (the KDP paperback's too: one ISBN for both printings of the same book, owned by your imprint)" : ''}`],
    ['Trim size', trim(print)],
    ['Interior color and paper', `Black & white, ${print.paper}`],
    ['Binding type', 'Paperback, perfect bound'],
    ['Laminate type', print.coverFinish === 'gloss' ? 'Gloss' : 'Matte'],
    ['Interior file', `${code(print.ingramspark.interior)} (PDF/X)`],
    ['Cover file', `${code(print.ingramspark.cover)} (PDF/X, barcode with its price add-on)`],
    ['List price', priceList(print.ingramspark.prices)],
  ]
}

function common(listing: Listing): Row[] {
  return [
    ['Title', listing.title],
    ['Subtitle', listing.subtitle ?? '(none)'],
    ['Author', primary(listing)],
    ['Contributors', others(listing)],
    ['Publisher', listing.publisher],
    ['Language', language(listing)],
    ['Categories (BISAC)', subjects(listing)],
  ]
}

const code = (path: string) => `\`${path}\``
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' })

/** The forms list languages by name: `English (en-US)`. */
function language(listing: Listing): string {
  return `${languageNames.of(listing.language.split('-')[0]!) ?? listing.language} (${listing.language})`
}
const capitalize = (word: string) => word[0]!.toUpperCase() + word.slice(1)

function series(listing: Listing): string {
  return listing.series ? `${listing.series.name}, number ${listing.series.number}` : '(none)'
}

function primary(listing: Listing): string {
  return listing.contributors.filter((contributor) => contributor.primary).map((contributor) => contributor.name).join('; ')
}

function others(listing: Listing): string {
  const rest = listing.contributors.filter((contributor) => !contributor.primary)
  return rest.length > 0 ? rest.map((contributor) => `${contributor.name} (${contributor.roles.map(capitalize).join(', ')})`).join('; ') : '(none)'
}

function subjects(listing: Listing): string {
  return listing.subjects.map((subject) => `${subject.code} ${subject.heading}`).join('; ')
}

function publishingRights(listing: Listing): string {
  if (listing.publishingRights === undefined) return '(not set)'
  return listing.publishingRights === 'own' ? 'I own the copyright and I hold the necessary publishing rights' : 'This is a public domain work'
}

function territories(listing: Listing): string {
  if (listing.territories === undefined) return '(not set)'
  return listing.territories === 'worldwide' ? 'All territories (worldwide rights)' : `Individual territories: ${listing.territories.join(', ')}`
}

function releaseDate(listing: Listing): string {
  return listing.onSale ? `${listing.onSale} (make it available for pre-order until then)` : 'release now'
}

function ages(listing: Listing): string {
  const range = listing.audience?.ages
  if (!range || (range.from === undefined && range.to === undefined)) return '(not set)'
  const age = (value: number | undefined) => (value === undefined ? '' : value >= 18 ? '18+' : String(value))
  return `${age(range.from) || '0'} to ${age(range.to) || '18+'}`
}

function gradeRange(listing: Listing): string {
  const range = listing.audience?.grades
  if (!range) return 'grade (not set)'
  const grade = (value: string | undefined) => (value === undefined ? '' : (gradeNames[value] ?? `grade ${value}`))
  return `${grade(range.from) || 'Preschool'} to ${grade(range.to) || 'grade 12'}`
}

function aiContent(listing: Listing): string {
  const answers = listing.aiGenerated
  if (!answers) return '(not set)'
  if (answers.text === 'none' && answers.images === 'none' && answers.translations === 'none') return 'No (no AI-generated text, images or translations)'
  return `Yes. Text: ${aiAnswerNames[answers.text]}; images: ${aiAnswerNames[answers.images]}; translations: ${aiAnswerNames[answers.translations]}`
}

function yesNo(value: boolean | undefined, what: string): string {
  return value === undefined ? '(not set)' : value ? `Yes, ${what}` : `No, do not ${what}`
}

function trim(print: Print): string {
  return `${print.trim.width} × ${print.trim.height} in`
}

function priceList(prices: Partial<Record<Currency, number>>): string {
  const entries = Object.entries(prices)
  return entries.length > 0 ? entries.map(([currency, price]) => `${price!.toFixed(2)} ${currency}`).join('; ') : '(not set)'
}

/** KDP's prices by marketplace; the e-book's USD price says which royalty plan it allows (70 % from 2.99 to 9.99 USD). */
function kdpPrices(prices: Partial<Record<Currency, number>>, ebook: boolean): string {
  const entries = Object.entries(prices) as [Currency, number][]
  if (entries.length === 0) return '(not set)'
  const lines = entries.map(([currency, price]) => `${amazonSites[currency]}: ${price.toFixed(2)} ${currency}`)
  const usd = prices.USD
  if (ebook && usd !== undefined) lines.push(usd >= 2.99 && usd <= 9.99 ? 'royalty plan: 70 % possible (the price is within 2.99 to 9.99 USD)' : 'royalty plan: 35 % (70 % needs a price from 2.99 to 9.99 USD)')
  lines.push('marketplaces not listed: KDP converts from the primary one')
  return lines.join('; ')
}
