/**
 * Checks of the config against the store forms: the limits the stores state, at
 * every build (c-034 a price outside a store's range, c-035 KDP Select
 * beside other e-book stores), and at a release, what each store's form
 * still needs (c-036, one message per store listing every missing field;
 * c-037 IngramSpark without an ISBN of ours).
 */
import type { Point } from 'unist'
import type { VFile } from 'vfile'
import type { BookConfig, Volume } from './index.ts'
import { bookContributors } from './contributors.ts'
import type { Currency, ListingConfig } from './listing.ts'
import { appleDescriptionMin, ebookForm, formIsbn, formPrices, nookContributorsMax, requirementFields, storeForms, type StoreForm } from './store-forms.ts'
import { report } from '../report/messages.ts'

type PlaceOf = (path: readonly (string | number)[]) => Point

/** c-034 and c-035, for the book's listing and each configured volume's own. */
export function checkListingLimits(file: VFile, config: BookConfig, placeOf: PlaceOf): void {
  const listings: [ListingConfig | undefined, (string | number)[]][] = [[config.listing, ['listing']], ...(config.volumes ?? []).map((volume, index) => [volume.listing, ['volumes', index, 'listing']] as [ListingConfig | undefined, (string | number)[]])]
  for (const [listing, at] of listings) {
    if (!listing) continue
    for (const [key, prices] of Object.entries(listing.prices ?? {})) {
      const forms = key === 'ebook' ? Object.keys(config.stores).flatMap((id) => ebookForm(id) ?? []) : [ebookForm(key)].filter((form): form is StoreForm => form !== undefined)
      for (const form of forms) {
        for (const [currency, limit] of Object.entries(form.priceLimits ?? {})) {
          // A store's own price in a currency overrides the format's: the format's is not that store's then.
          if (key === 'ebook' && listing.prices?.[form.id]?.[currency as Currency] !== undefined) continue
          const price = prices?.[currency as Currency]
          if (price === undefined || (price >= limit.min && price <= limit.max)) continue
          report(file, 'c-034', `${form.name}: the list price ${price.toFixed(2)} ${currency} is outside the store's ${limit.min.toFixed(2)} to ${limit.max.toFixed(2)} ${currency}`, placeOf([...at, 'prices', key, currency]))
        }
      }
    }
    if (listing.kdpSelect === true) {
      const others = Object.keys(config.stores).filter((id) => id !== 'kindle')
      if (others.length > 0) {
        report(file, 'c-035', `KDP Select makes the Kindle e-book exclusive to Amazon, but \`stores:\` also sells it at ${others.map((id) => config.stores[id]!.name).join(', ')}`, placeOf([...at, 'kdpSelect']))
      }
    }
  }
}

/** What a form of the release still lacks: the config fields, by their names in springboard.yaml. */
export function missingFields(config: BookConfig, volume: Volume, form: StoreForm): string[] {
  const listing = volume.listing ?? {}
  const missing: string[] = []
  for (const requirement of form.requires) {
    const field = requirementFields[requirement]
    const given = requirement === 'price' ? Object.keys(formPrices(volume, form).prices).length > 0 : requirement === 'audience' ? listing.audience?.kind !== undefined : listing[requirement] !== undefined
    if (!given) missing.push(requirement === 'price' ? `${field.label} (\`listing.prices.${form.format}\` or \`listing.prices.${form.id}\`)` : `${field.label} (\`${field.path}\`)`)
  }
  if (form.id === 'apple' && [...(volume.description ?? '')].length < appleDescriptionMin) {
    missing.push(`a description of at least ${appleDescriptionMin} characters (\`description\`)`)
  }
  if (form.id === 'nook') {
    const { primary, others } = bookContributors(config)
    if (primary.length + others.length > nookContributorsMax) missing.push(`at most ${nookContributorsMax} contributors (\`author\`, \`editors\`): it has ${primary.length + others.length}`)
  }
  return missing
}

/** c-036 and c-037: every form of the release, complete; each store's missing fields in one message, at that store. */
export function checkStoreForms(file: VFile, config: BookConfig, volume: Volume, placeOf: PlaceOf): void {
  for (const form of storeForms(config)) {
    const place = form.format === 'ebook' ? placeOf(['stores', form.id]) : placeOf(['listing'])
    if (form.id === 'ingramspark' && !formIsbn(volume, 'ingramspark')) {
      report(file, 'c-037', `IngramSpark: volume \`${volume.id}\` has no print ISBN (\`isbn.print\` or \`isbn.ingramspark\`), and IngramSpark takes only an ISBN your imprint owns`, placeOf(['isbn']))
    }
    const missing = missingFields(config, volume, form)
    if (missing.length === 0) continue
    report(file, 'c-036', `${form.name}: volume \`${volume.id}\` cannot be released there; the form still needs ${missing.join(', ')}`, place)
  }
}
