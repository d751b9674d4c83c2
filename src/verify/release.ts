/**
 * `springboard verify`, what the release adds: the store editions link to
 * their own store only; the release pack holds the listing (valid against
 * listing.schema.json), a cover per store as the store wants it, and the
 * very files the build wrote beside it; every handout has the Buy-now
 * block naming every store; the fair pack has every handout.
 */
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import JSZip from 'jszip'
import sharp from 'sharp'
import type { BookConfig } from '../config/index.ts'
import { listingProblems } from '../package/listing.ts'
import { storeSpec } from '../package/store-specs.ts'
import type { RuleCode } from '../report/rules.ts'
import { checkLine, type VerifyLine } from './line.ts'
import { pdfInfo, pdfPageTexts } from './pdf.ts'

const release = `${path.sep}release${path.sep}`

/** Every configured store's hosts: those SpringBoard knows for it (store-specs.ts) and those of the pages it lists. */
function storeHosts(config: BookConfig): Map<string, Set<string>> {
  return new Map(Object.entries(config.stores).map(([id, store]) => [id, new Set([...storeSpec(id).hosts, ...Object.values(store.volumes).map((url) => new URL(url).hostname)])]))
}

/** Each store edition (`*-<store>.epub`, outside release/): no document names another store's host; within the store's size limit. */
export async function verifyStoreEditions(files: readonly string[], config: BookConfig): Promise<VerifyLine[]> {
  const lines: VerifyLine[] = []
  const hosts = storeHosts(config)
  for (const [id, store] of Object.entries(config.stores)) {
    const listed = [...hosts].filter(([other]) => other !== id).flatMap(([, set]) => [...set]).filter((host) => !hosts.get(id)!.has(host))
    // `www.bn.com` is found as `bn.com` already: each place named once.
    const others = [...new Set(listed)].filter((host) => !listed.some((other) => host.endsWith(`.${other}`)))
    for (const file of files.filter((name) => name.endsWith(`-${id}.epub`) && !name.includes(release))) {
      const data = await readFile(file)
      const zip = await JSZip.loadAsync(data)
      const found: string[] = []
      for (const name of Object.keys(zip.files).filter((entry) => /\.(xhtml|html|opf|ncx|css)$/.test(entry))) {
        const text = await zip.file(name)!.async('string')
        for (const host of others) if (namesHost(text, host)) found.push(`${name}: ${host}`)
      }
      lines.push(withMessages({ file, check: `links to ${store.name} only`, ok: found.length === 0, detail: found.length === 0 ? `no other store's address (${others.join(', ') || 'none configured'})` : `other stores named: ${found.slice(0, 10).join('; ')}` }, 'o-010'))
      const limit = storeSpec(id).maxEpubBytes
      lines.push(withMessages({ file, check: `size for ${store.name}`, ok: data.byteLength <= limit, detail: `${data.byteLength} bytes, the store takes up to ${limit}` }, 'o-011'))
    }
  }
  return lines
}

/** Whether `text` names `host` or a subdomain of it: `bn.com` in `www.bn.com/w/…`, not in `abn.com`. */
export function namesHost(text: string, host: string): boolean {
  return new RegExp(`(?<![a-z0-9-])${host.replace(/\./g, '\\.')}(?![a-z0-9-]|\\.[a-z0-9])`, 'i').test(text)
}

/** Each `<volume>/release/` folder: the listing, each store's cover and edition, the paperback's files. */
export async function verifyReleasePacks(outDir: string, config: BookConfig): Promise<VerifyLine[]> {
  const lines: VerifyLine[] = []
  for (const volume of await subfolders(outDir)) {
    const dir = path.join(outDir, volume, 'release')
    if (!existsSync(dir)) continue
    const listingFile = path.join(dir, 'listing.json')
    let listing: { stores?: { id: string; epub: string; cover: string }[]; print?: Record<'kdp' | 'ingramspark', { interior: string; cover: string }> } = {}
    try {
      listing = JSON.parse(await readFile(listingFile, 'utf8'))
      const problems = listingProblems(listing)
      lines.push(withMessages({ file: listingFile, check: 'listing schema', ok: problems.length === 0, detail: problems.length === 0 ? 'valid against the listing schema' : problems.join('; ') }, 'o-012'))
    } catch (error) {
      lines.push(withMessages({ file: listingFile, check: 'listing schema', ok: false, detail: `not readable JSON: ${(error as Error).message}` }, 'o-012'))
    }
    for (const name of ['listing.md', 'checklist.md']) {
      const file = path.join(dir, name)
      lines.push(withMessages({ file, check: 'present', ok: existsSync(file), detail: existsSync(file) ? 'in the pack' : 'missing' }, 'o-012'))
    }
    for (const id of Object.keys(config.stores)) {
      const entry = listing.stores?.find((store) => store.id === id)
      if (!entry) {
        lines.push(withMessages({ file: dir, check: `store ${id}`, ok: false, detail: 'the listing has no entry for this store: release again' }, 'o-012'))
        continue
      }
      lines.push(await sameAsBuilt(path.join(dir, entry.epub), path.join(outDir, volume, path.basename(entry.epub))))
      lines.push(await coverLine(path.join(dir, entry.cover), storeSpec(id).cover))
    }
    for (const printer of listing.print ? [listing.print.kdp, listing.print.ingramspark] : []) {
      for (const file of [printer.interior, printer.cover]) lines.push(await sameAsBuilt(path.join(dir, file), path.join(outDir, volume, path.basename(file))))
    }
  }
  return lines
}

/** Each handout names every store in its Buy-now block; each volume's fair pack has every handout (and two-up, half as many sheets). */
export async function verifyHandoutPacks(outDir: string, config: BookConfig): Promise<VerifyLine[]> {
  const lines: VerifyLine[] = []
  const names = Object.values(config.stores).map((store) => store.name)
  for (const volume of await subfolders(outDir)) {
    const handoutsDir = path.join(outDir, volume, 'handouts')
    if (!existsSync(handoutsDir)) continue
    const handouts = (await readdir(handoutsDir)).filter((name) => name.endsWith('.pdf')).sort()
    if (names.length > 0 || config.url) {
      for (const name of handouts) {
        const file = path.join(handoutsDir, name)
        const text = (await pdfPageTexts(file)).join('\n').replace(/\s+/g, ' ')
        const missing = [names.length > 0 ? 'Buy now on the' : 'Get the book', ...names].filter((needle) => !text.includes(needle))
        lines.push(withMessages({ file, check: 'Buy-now block', ok: missing.length === 0, detail: missing.length === 0 ? `names ${names.join(', ') || 'the book'}` : `missing: ${missing.join(', ')}` }, 'o-013'))
      }
    }
    const volumeFiles = await readdir(path.join(outDir, volume))
    const pack = volumeFiles.find((name) => name.endsWith('-handouts.pdf'))
    if (!pack) continue
    const info = await pdfInfo(path.join(outDir, volume, pack))
    lines.push(withMessages({ file: path.join(outDir, volume, pack), check: 'fair pack', ok: info.pages === handouts.length && info.width === 612 && info.height === 792, detail: `${info.pages} Letter pages for ${handouts.length} handouts` }, 'o-013'))
    const twoUp = volumeFiles.find((name) => name.endsWith('-handouts-2up.pdf'))
    if (twoUp) {
      const sheets = await pdfInfo(path.join(outDir, volume, twoUp))
      const expected = Math.ceil(handouts.length / 2)
      lines.push(withMessages({ file: path.join(outDir, volume, twoUp), check: 'fair pack, two up', ok: sheets.pages === expected && sheets.width === 792 && sheets.height === 612, detail: `${sheets.pages} landscape Letter sheets, expected ${expected}` }, 'o-013'))
    }
  }
  return lines
}

async function sameAsBuilt(file: string, built: string): Promise<VerifyLine> {
  if (!existsSync(file) || !existsSync(built)) return withMessages({ file, check: 'same as the build', ok: false, detail: `missing: ${existsSync(file) ? built : file}` }, 'o-012')
  const same = (await readFile(file)).equals(await readFile(built))
  return withMessages({ file, check: 'same as the build', ok: same, detail: same ? `identical to ${path.basename(built)} (checked above)` : `differs from ${built}: release again` }, 'o-012')
}

async function coverLine(file: string, spec: { width: number; height: number; maxBytes: number }): Promise<VerifyLine> {
  if (!existsSync(file)) return withMessages({ file, check: 'store cover', ok: false, detail: 'missing' }, 'o-012')
  const data = await readFile(file)
  const meta = await sharp(data).metadata()
  const ok = meta.format === 'jpeg' && meta.space === 'srgb' && meta.channels === 3 && (meta.width ?? 0) <= spec.width && (meta.height ?? 0) <= spec.height && data.byteLength < spec.maxBytes
  return withMessages({ file, check: 'store cover', ok, detail: `${meta.format} ${meta.width} × ${meta.height} px, ${meta.space}, ${meta.channels} channels, ${data.byteLength} bytes (the store: up to ${spec.width} × ${spec.height}, RGB JPEG, under ${spec.maxBytes} bytes)` }, 'o-012')
}

async function subfolders(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name).sort()
}

/** A check's line; when it failed, its finding reads `<check>: <detail>`. */
function withMessages(line: Omit<VerifyLine, 'messages'>, code: RuleCode): VerifyLine {
  return checkLine(line.file, line.check, line.ok, line.detail, code, `${line.check}: ${line.detail}`)
}
