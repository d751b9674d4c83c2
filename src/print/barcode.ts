/**
 * Print step (the back cover's barcode box): what sits in the 2 × 1.2 in
 * box at the bottom right of the back panel, for the printer the cover is
 * made for. With an ISBN of ours for that printing: its EAN-13 and the
 * EAN-5 price add-on (`5` and the US list price, or `90000` for none), from
 * bwip-js as SVG, so it stays vector. Without one at KDP: the box is left
 * clear and white, where KDP prints the barcode of its own free ISBN (a
 * cover with anything there is rejected). The HTML is the partial
 * templates/print/barcode.ejs, apart from the cover's design.
 */
import bwipjs from 'bwip-js'
import type { Volume } from '../config/index.ts'
import type { PrintProfile } from '../config/print-layout.ts'
import { formIsbn, formPrices, ingramSparkForm, kdpPaperbackForm } from '../config/store-forms.ts'
import type { Templates } from '../render/templates.ts'
import { priceAddOn } from '../text/isbn.ts'

/** The box: KDP's suggested barcode size, 0.5 in from the trim and the spine (KDP wants 0.25, IngramSpark 0.25 for art). */
export const barcodeBoxInches = { width: 2, height: 1.2, fromTrim: 0.5, fromSpine: 0.5 } as const

export type BarcodeBox =
  | { kind: 'barcode'; isbn: string; addOn: string; svg: string }
  /** KDP's own barcode goes here: nothing of ours. */
  | { kind: 'clear' }
  /** IngramSpark without an ISBN: a release stops (c-037); a build leaves the box out. */
  | { kind: 'none' }

/** The ISBN and price add-on the cover for `profile`'s printer carries. */
export function barcodeFor(volume: Pick<Volume, 'isbn' | 'listing'>, profile: Pick<PrintProfile, 'name'>): BarcodeBox {
  const form = profile.name === 'ingramspark' ? ingramSparkForm : kdpPaperbackForm
  const isbn = formIsbn(volume, form.id)
  if (!isbn) return profile.name === 'kdp' ? { kind: 'clear' } : { kind: 'none' }
  const addOn = priceAddOn(formPrices(volume, form).prices.USD)
  return { kind: 'barcode', isbn, addOn, svg: isbnBarcodeSvg(isbn, addOn) }
}

/** EAN-13 with the add-on beside it: the digits under the EAN-13 as on every book, the add-on's above it; the ISBN itself is printed above by the template. */
export function isbnBarcodeSvg(isbn: string, addOn: string): string {
  return bwipjs.toSVG({ bcid: 'ean13', text: `${isbn} ${addOn}`, includetext: true, guardwhitespace: true })
}

/** The box's HTML, for the back panel of templates/print/cover.html.ejs. */
export function renderBarcodeBox(templates: Templates, box: BarcodeBox): string {
  return templates.render('print/barcode.ejs', { box, size: barcodeBoxInches })
}
