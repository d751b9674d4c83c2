/**
 * What each store takes, for its edition and its slot in the release pack:
 * the service the files are uploaded to, the marketing cover it wants, the
 * largest EPUB it accepts, and whether the EPUB should carry a cover page.
 * Keys are the `stores:` keys of springboard.yaml; a store not listed here
 * gets the generic figures. Sources: the stores' help pages as gathered for
 * this project in 2026 (README, "Releasing a volume"); Barnes & Noble's
 * cover figures come from secondary sources and are marked so there.
 */
import { coverSize } from './cover.ts'

export interface StoreSpec {
  /** Where the files go, as the checklist names it. */
  service: string
  /** The marketing cover, uploaded beside the EPUB: JPEG, RGB, this size (w × h), under `maxBytes`. */
  cover: { width: number; height: number; maxBytes: number }
  /** The largest EPUB the store accepts. */
  maxEpubBytes: number
  /** Kindle shows the cover image itself: an HTML cover page would show it twice. */
  coverPage: boolean
  /** The store's web addresses: another store's edition must not name them (verify, o-010). */
  hosts: readonly string[]
}

const MB = 1024 * 1024

const generic: StoreSpec = {
  service: 'the store\'s publishing dashboard',
  cover: { ...coverSize, maxBytes: 50 * MB },
  maxEpubBytes: 100 * MB,
  coverPage: true,
  hosts: [],
}

const known: Record<string, StoreSpec> = {
  // KDP: ideal 2,560 × 1,600 px (h:w 1.6), RGB JPEG, under 50 MB; EPUB up to 650 MB.
  kindle: { service: 'Amazon KDP (kdp.amazon.com): Kindle eBook', cover: { ...coverSize, maxBytes: 50 * MB }, maxEpubBytes: 650 * MB, coverPage: false, hosts: ['amazon.com', 'amzn.to', 'a.co', 'kdp.amazon.com'] },
  // B&N Press: EPUB up to 20 MB (Vellum's table); cover at least 1,400 px wide and under 2 MB (secondary sources).
  nook: { service: 'Barnes & Noble Press (press.barnesandnoble.com): eBook', cover: { width: 1400, height: 2240, maxBytes: 2 * MB }, maxEpubBytes: 20 * MB, coverPage: true, hosts: ['barnesandnoble.com', 'bn.com', 'nook.com'] },
  // Apple Books: cover at least 1,400 px on its short side, RGB (secondary sources); EPUB up to 2 GB (Vellum's table).
  apple: { service: 'Apple Books for Authors (authors.apple.com)', cover: { ...coverSize, maxBytes: 10 * MB }, maxEpubBytes: 2048 * MB, coverPage: true, hosts: ['books.apple.com', 'itunes.apple.com', 'authors.apple.com'] },
  // Kobo Writing Life: 1,600 × 2,400 px recommended (a distributor's figure; not confirmed on Kobo's pages); EPUB up to 100 MB (Vellum's table).
  kobo: { service: 'Kobo Writing Life (kobowritinglife.com)', cover: { width: 1600, height: 2400, maxBytes: 5 * MB }, maxEpubBytes: 100 * MB, coverPage: true, hosts: ['kobo.com', 'kobowritinglife.com'] },
  google: { service: 'Google Play Books Partner Center', cover: { ...coverSize, maxBytes: 50 * MB }, maxEpubBytes: 2048 * MB, coverPage: true, hosts: ['play.google.com'] },
}

export function storeSpec(id: string): StoreSpec {
  return known[id] ?? generic
}
