/**
 * The package stage (the release pack): everything a volume's upload needs,
 * in `dist/<volume>/release/`, one folder per store form (its EPUB edition
 * and its marketing cover, as Vellum lays them out; each paperback's
 * interior and wrap cover: KDP's PDFs, IngramSpark's PDF/X files), the
 * listing, and a checklist of what to upload where, a section per store in
 * the order of listing.md.
 *
 * Made from the build's own outputs, so the pack holds the very files the
 * build wrote (and `verify` checked) beside it. The config was checked for
 * what every form needs before the build (config/listing-checks.ts).
 */
import type { BookConfig, Volume } from '../config/index.ts'
import { formIsbn, storeForms } from '../config/store-forms.ts'
import { listingMarkdown } from './listing-md.ts'
import { makeListing } from './listing.ts'
import { storeCover } from './store-covers.ts'
import { storeSpec } from './store-specs.ts'
import type { OutputFile } from './write.ts'

export interface ReleaseInput {
  config: BookConfig
  volume: Volume
  /** The volume's file name stem (`careers-in-health-care`). */
  name: string
  /** What the build made, with the store editions and the print PDFs of this volume among them. */
  outputs: readonly OutputFile[]
  /** The front cover (art or rendered), for the marketing covers. */
  coverPath: string
}

export interface ReleasePack {
  files: OutputFile[]
  /** What to upload where, one line each, paths relative to the release folder. */
  checklist: string[]
}

export function releaseFolder(volumeId: string): string {
  return `${volumeId}/release`
}

export async function makeReleasePack(input: ReleaseInput): Promise<ReleasePack> {
  const { config, volume, name } = input
  const dir = releaseFolder(volume.id)
  const built = (file: string) => {
    const output = input.outputs.find((candidate) => candidate.path === `${volume.id}/${file}`)
    if (!output) throw new Error(`The release of ${volume.id} needs ${file}, which the build did not make`)
    return output.data
  }
  const files: OutputFile[] = []
  const stores: Parameters<typeof makeListing>[0]['stores'] = []
  const sections = new Map<string, string[]>()

  for (const [id, store] of Object.entries(config.stores)) {
    const spec = storeSpec(id)
    const epubName = `${name}-${id}.epub`
    const epub = built(epubName)
    const cover = await storeCover(input.coverPath, spec.cover)
    const url = store.volumes[volume.id]
    const entry = { id, name: store.name, ...(url ? { url } : {}), epub: `${id}/${epubName}`, cover: `${id}/cover.jpg` }
    stores.push(entry)
    files.push({ path: `${dir}/${entry.epub}`, data: epub }, { path: `${dir}/${entry.cover}`, data: cover })
    sections.set(id, [
      `  [ ] e-book: ${entry.epub} (${size(epub.byteLength)}${epub.byteLength > spec.maxEpubBytes ? `, OVER the store's ${size(spec.maxEpubBytes)}` : `; the store takes up to ${size(spec.maxEpubBytes)}`})`,
      `  [ ] cover: ${entry.cover} (${spec.cover.width} × ${spec.cover.height} px at most, RGB JPEG, ${size(cover.byteLength)}; under ${size(spec.cover.maxBytes)})`,
      ...storeNotes(id, config, volume),
      url ? `  [ ] check the page once the update is live: ${url}` : `  [ ] once it is on sale, add its page to springboard.yaml (stores.${id}.volumes.${volume.id}) so the other volumes link to it`,
    ])
  }

  // The paperback: one interior, printed twice. KDP takes the plain PDFs; IngramSpark the PDF/X ones.
  const print = {
    kdp: { interior: `kdp-paperback/${name}-print.pdf`, cover: `kdp-paperback/${name}-cover.pdf` },
    ingramspark: { interior: `ingramspark/${name}-print-pdfx.pdf`, cover: `ingramspark/${name}-cover-pdfx.pdf` },
  }
  for (const file of [print.kdp.interior, print.kdp.cover, print.ingramspark.interior, print.ingramspark.cover]) {
    files.push({ path: `${dir}/${file}`, data: built(file.slice(file.indexOf('/') + 1)) })
  }
  const kdpIsbn = formIsbn(volume, 'kdp-paperback')
  const ingramIsbn = formIsbn(volume, 'ingramspark')!
  sections.set('kdp-paperback', [
    `  [ ] interior: ${print.kdp.interior} (${size(built(`${name}-print.pdf`).byteLength)})`,
    `  [ ] cover: ${print.kdp.cover} (full wrap: back, spine, front)`,
    kdpIsbn
      ? `  [ ] ISBN: ${kdpIsbn}, your own ("I have my own ISBN"); its barcode is on the back cover`
      : "  [ ] ISBN: none configured: choose KDP's free ISBN (usable only at KDP); the back cover leaves KDP's barcode area clear",
  ])
  sections.set('ingramspark', [
    `  [ ] interior: ${print.ingramspark.interior} (PDF/X, ${size(built(`${name}-print-pdfx.pdf`).byteLength)})`,
    `  [ ] cover: ${print.ingramspark.cover} (PDF/X, full wrap, CMYK within 240 % ink)`,
    `  [ ] ISBN: ${ingramIsbn}${ingramIsbn === kdpIsbn ? " (the KDP paperback's too: one ISBN may serve both printings when your imprint owns it)" : ''}; the barcode on the cover carries it with the price add-on`,
  ])

  const listing = makeListing({ config, volume, stores, print })
  const checklist: string[] = []
  for (const form of storeForms(config)) {
    const service = form.format === 'print' ? (form.id === 'kdp-paperback' ? 'Amazon KDP (kdp.amazon.com): Paperback' : 'IngramSpark (ingramspark.com): print book') : storeSpec(form.id).service
    checklist.push(`${form.name}: upload to ${service}`, ...(sections.get(form.id) ?? []), `  [ ] the form: copy section "${form.name}" of listing.md, field by field`)
  }
  files.push(
    { path: `${dir}/listing.json`, data: Buffer.from(`${JSON.stringify(listing, null, 2)}\n`) },
    { path: `${dir}/listing.md`, data: Buffer.from(listingMarkdown(listing)) },
    {
      path: `${dir}/checklist.md`,
      data: Buffer.from(`# Release checklist: ${volume.title}\n\nPaths are inside \`dist/${dir}/\`. Where each store's rules come from: docs/store-rules.md.\n\n${checklist.map((line) => (line.startsWith('  ') ? line.replace(/^ {2}\[ \]/, '- [ ]') : `\n## ${line}\n`)).join('\n')}\n`),
    },
  )
  return { files, checklist }
}

/** What only this store asks, from the config's choices. */
function storeNotes(id: string, config: BookConfig, volume: Volume): string[] {
  const listing = volume.listing ?? {}
  switch (id) {
    case 'kindle':
      return [`  [ ] KDP Select: ${listing.kdpSelect ? 'enroll (the e-book is then sold on Amazon only, in 90-day terms)' : 'do not enroll (the e-book is sold at other stores too)'}; DRM: ${listing.drm ? 'yes' : 'no'}`]
    case 'kobo':
      return [`  [ ] DRM: ${listing.drm ? 'yes' : 'no'}`]
    case 'apple':
      return ['  [ ] Apple shows only primary contributors on the store: keep the author marked primary']
    case 'nook':
      return [`  [ ] contributors: at most five (this book has ${config.editors.length + (config.author && !config.editors.includes(config.author.name) ? 1 : 0)})`]
    default:
      return []
  }
}

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
