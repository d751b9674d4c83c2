/**
 * The stores' forms a release fills in, in the order listing.md follows:
 * KDP e-book, KDP paperback, Barnes & Noble Press, Apple Books, Kobo
 * Writing Life, IngramSpark (then any other store of `stores:`). For each,
 * the fields it requires that the config must give, and the price limits
 * it states. Sources: docs/store-rules.md (which also lists what could not
 * be confirmed).
 */
import type { Currency } from './listing.ts'
import type { BookConfig } from './schema.ts'
import type { Volume } from './volumes.ts'

/** A required field the config gives: its place in springboard.yaml and what the store calls it. */
export interface FormField {
  path: string
  label: string
}

export interface StoreForm {
  /** The `stores:` key of an e-book store (`kindle` …), or `kdp-paperback` / `ingramspark`. */
  id: string
  /** As the production manager knows the form. */
  name: string
  format: 'ebook' | 'print'
  /** The fields the form cannot be sent without (beyond title, description and subjects, which every release has: c-012). */
  requires: readonly Requirement[]
  /** List price limits the store states, by currency. */
  priceLimits?: Partial<Record<Currency, { min: number; max: number }>>
}

type Requirement = 'aiGenerated' | 'publishingRights' | 'territories' | 'drm' | 'kdpSelect' | 'price' | 'onSale' | 'audience'

export const requirementFields: Record<Requirement, FormField> = {
  aiGenerated: { path: 'listing.aiGenerated', label: 'AI-generated content (text, images, translations)' },
  publishingRights: { path: 'listing.publishingRights', label: 'publishing rights' },
  territories: { path: 'listing.territories', label: 'territories' },
  drm: { path: 'listing.drm', label: 'DRM' },
  kdpSelect: { path: 'listing.kdpSelect', label: 'KDP Select' },
  price: { path: 'listing.prices', label: 'a list price' },
  onSale: { path: 'listing.onSale', label: 'the on-sale date' },
  audience: { path: 'listing.audience.kind', label: 'the audience' },
}

/** The e-book stores SpringBoard knows; another key of `stores:` is released with the generic form. */
const ebookForms: Record<string, StoreForm> = {
  kindle: {
    id: 'kindle',
    name: 'KDP e-book',
    format: 'ebook',
    requires: ['publishingRights', 'aiGenerated', 'drm', 'kdpSelect', 'territories', 'price'],
    // KDP's list price requirements, 35 % royalty (70 % only from 2.99 to 9.99).
    priceLimits: { USD: { min: 0.99, max: 200 } },
  },
  nook: { id: 'nook', name: 'Barnes & Noble Press e-book', format: 'ebook', requires: ['price'] },
  apple: { id: 'apple', name: 'Apple Books', format: 'ebook', requires: ['territories', 'price'] },
  kobo: { id: 'kobo', name: 'Kobo Writing Life', format: 'ebook', requires: ['drm', 'territories', 'price'] },
}

export const kdpPaperbackForm: StoreForm = { id: 'kdp-paperback', name: 'KDP paperback', format: 'print', requires: ['publishingRights', 'aiGenerated', 'territories', 'price'] }
export const ingramSparkForm: StoreForm = { id: 'ingramspark', name: 'IngramSpark paperback', format: 'print', requires: ['publishingRights', 'audience', 'onSale', 'territories', 'price'] }

/** The order of listing.md and of the checklist. */
const formOrder = ['kindle', 'kdp-paperback', 'nook', 'apple', 'kobo', 'ingramspark']

/** Apple Books' description must have at least this many characters; Barnes & Noble takes up to five contributors. */
export const appleDescriptionMin = 50
export const nookContributorsMax = 5

/** Every form a release of the book fills in: its e-book stores and both paperbacks, in the stores' order. */
export function storeForms(config: Pick<BookConfig, 'stores'>): StoreForm[] {
  const forms = [
    ...Object.entries(config.stores).map(([id, store]) => ebookForms[id] ?? { id, name: store.name, format: 'ebook' as const, requires: ['price' as const] }),
    kdpPaperbackForm,
    ingramSparkForm,
  ]
  const rank = (form: StoreForm) => (formOrder.includes(form.id) ? formOrder.indexOf(form.id) : formOrder.length)
  return forms.sort((a, b) => rank(a) - rank(b))
}

export function ebookForm(id: string): StoreForm | undefined {
  return ebookForms[id]
}

/** The prices a form uses: its format's (`prices.ebook`, `prices.print`), each currency overridden by the store's own (`prices.kindle`). */
export function formPrices(volume: Pick<Volume, 'listing'>, form: Pick<StoreForm, 'id' | 'format'>): { prices: Partial<Record<Currency, number>> } {
  const prices = volume.listing?.prices ?? {}
  return { prices: { ...prices[form.format], ...prices[form.id] } }
}

/** The ISBN each format carries: the IngramSpark paperback's is the KDP paperback's unless set. */
export function formIsbn(volume: Pick<Volume, 'isbn'>, formId: string): string | undefined {
  if (formId === 'kdp-paperback') return volume.isbn.print
  if (formId === 'ingramspark') return volume.isbn.ingramspark ?? volume.isbn.print
  return volume.isbn.ebook
}
