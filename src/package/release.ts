/**
 * The package stage (the release pack): everything a volume's upload needs,
 * in `dist/<volume>/release/`, one folder per store (its EPUB edition and
 * its marketing cover, as Vellum lays them out), the paperback's interior
 * and cover, the listing, and a checklist of what to upload where.
 *
 * Made from the build's own outputs, so the pack holds the very files the
 * build wrote (and `verify` checked) beside it.
 */
import type { BookConfig, Volume } from '../config/index.ts'
import { listingMarkdown, makeListing, type Listing } from './listing.ts'
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
  const checklist: string[] = []
  const stores: Listing['stores'] = []

  for (const [id, store] of Object.entries(config.stores)) {
    const spec = storeSpec(id)
    const epubName = `${name}-${id}.epub`
    const epub = built(epubName)
    const cover = await storeCover(input.coverPath, spec.cover)
    const entry = { id, name: store.name, ...(store.volumes[volume.id] ? { url: store.volumes[volume.id] } : {}), epub: `${id}/${epubName}`, cover: `${id}/cover.jpg` }
    stores.push(entry)
    files.push({ path: `${dir}/${entry.epub}`, data: epub }, { path: `${dir}/${entry.cover}`, data: cover })
    checklist.push(
      `${store.name}: upload to ${spec.service}`,
      `  [ ] e-book: ${entry.epub} (${size(epub.byteLength)}${epub.byteLength > spec.maxEpubBytes ? `, OVER the store's ${size(spec.maxEpubBytes)}` : `; the store takes up to ${size(spec.maxEpubBytes)}`})`,
      `  [ ] cover: ${entry.cover} (${spec.cover.width} × ${spec.cover.height} px at most, RGB JPEG, ${size(cover.byteLength)}; under ${size(spec.cover.maxBytes)})`,
      '  [ ] details: title, subtitle, series, contributors, description, keywords and categories from listing.md',
      entry.url ? `  [ ] check the page once the update is live: ${entry.url}` : `  [ ] once it is on sale, add its page to springboard.yaml (stores.${id}.volumes.${volume.id}) so the other volumes link to it`,
    )
  }

  const print = { interior: `print/${name}-print.pdf`, cover: `print/${name}-cover.pdf` }
  const interior = built(`${name}-print.pdf`)
  files.push({ path: `${dir}/${print.interior}`, data: interior }, { path: `${dir}/${print.cover}`, data: built(`${name}-cover.pdf`) })
  checklist.push(
    'Paperback: upload to KDP Print or IngramSpark',
    `  [ ] interior: ${print.interior} (${size(interior.byteLength)})`,
    `  [ ] cover: ${print.cover} (full wrap: back, spine, front)`,
    `  [ ] ISBN: ${volume.isbn.print ?? 'none configured (isbn.print); KDP can assign a free one, IngramSpark needs your own'}`,
  )

  const listing = makeListing({ config, volume, stores, print })
  const markdown = listingMarkdown(listing)
  files.push(
    { path: `${dir}/listing.json`, data: Buffer.from(`${JSON.stringify(listing, null, 2)}\n`) },
    { path: `${dir}/listing.md`, data: Buffer.from(markdown) },
    { path: `${dir}/checklist.md`, data: Buffer.from(`# Release checklist: ${volume.title}\n\nPaths are inside \`dist/${dir}/\`.\n\n${checklist.map((line) => (line.startsWith('  ') ? line.replace(/^ {2}\[ \]/, '- [ ]') : `\n## ${line}\n`)).join('\n')}\n`) },
  )
  return { files, checklist }
}

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
