/**
 * Links and images, wherever they come from (Markdown or raw HTML): web
 * addresses must be well-formed, relative links must reach another chapter,
 * images must be local files inside the project in a format e-readers show.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Element, Root } from 'hast'
import { imageSize } from 'image-size'
import { visitParents } from 'unist-util-visit-parents'
import type { VFile } from 'vfile'
import type { ImageAsset } from '../../chapter.ts'
import { isInside, realLocation } from '../../files/inside.ts'
import type { ReadLog } from '../../files/reads.ts'
import { imageLimits } from '../../images/content.ts'
import { report } from '../../report/messages.ts'
import { checkWebUrl, hasScheme, isRemote, isUnsafeScheme, safeDecode, secureForm } from '../../text/urls.ts'
import { asBrowsersRead, positionOf } from './report-unsafe.ts'

export const imageMediaTypes: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
}

export interface ResourceContext {
  /** The book root: images and links may not leave it. */
  root: string
  /** Every chapter file of the book (absolute path) to its slug. */
  chapterSlugs: ReadonlyMap<string, string>
  /** When given, every path looked at is recorded here (the build cache: src/cache/index.ts). */
  reads?: ReadLog
}

export interface Resources {
  images: Map<string, ImageAsset>
  chapterLinks: Map<string, string>
}

export function checkResources(tree: Root, file: VFile, context: ResourceContext): Resources {
  const found: Resources = { images: new Map(), chapterLinks: new Map() }
  visitParents(tree, 'element', (node: Element, ancestors) => {
    const place = positionOf(node, ancestors)
    if (node.tagName === 'a' && typeof node.properties.href === 'string') {
      checkLink(node.properties.href, file, context, found, place)
    }
    if (node.tagName === 'img') checkImage(node, file, context, found, place)
  })
  return found
}

type Place = ReturnType<typeof positionOf>

function checkLink(href: string, file: VFile, context: ResourceContext, found: Resources, place: Place): void {
  if (href === '' || href.startsWith('#') || isUnsafeScheme(asBrowsersRead(href))) return // fragments: see ids.ts; unsafe: report-unsafe.ts
  if (isRemote(href)) {
    const problem = checkWebUrl(href.startsWith('//') ? `https:${href}` : href)
    if (problem) report(file, problem.rule, problem.message, place, problem.hint)
    const secure = problem ? undefined : secureForm(href)
    if (secure) report(file, 'l-010', `The link \`${href}\` is not secure: use \`${secure}\``, place)
    return
  }
  if (hasScheme(href)) return // mailto:, tel:
  const target = linkTarget(file.path, href)
  const slug = context.chapterSlugs.get(target)
  context.reads?.chapter(target, slug)
  if (!slug) context.reads?.path(target)
  if (slug) found.chapterLinks.set(href, slug)
  else if (!existsSync(target)) {
    report(file, 'l-003', `Link to \`${href}\`: no such file (${relativeTo(context.root, target)})`, place)
  } else {
    report(file, 'l-005', `Link to \`${href}\`: the file is not a chapter of this book`, place)
  }
}

/** The file a relative link in the chapter at `chapterPath` points at. */
export function linkTarget(chapterPath: string, href: string): string {
  return path.resolve(path.dirname(chapterPath), safeDecode(href.split(/[?#]/)[0]!))
}

function checkImage(node: Element, file: VFile, context: ResourceContext, found: Resources, place: Place): void {
  const src = typeof node.properties.src === 'string' ? node.properties.src : ''
  const alt = typeof node.properties.alt === 'string' ? node.properties.alt : ''
  if (src === '' || isUnsafeScheme(asBrowsersRead(src))) return // nothing to show, or reported by report-unsafe.ts
  if (alt.trim() === '') report(file, 'i-004', `The image \`${src}\` has no alt text`, place)
  if (isRemote(src) || hasScheme(src)) {
    report(file, 'i-003', `Remote image \`${src}\`: builds never download anything`, place)
    return
  }
  const resolved = resolveImage(file, src, context.root, context.reads)
  if (resolved.outside) {
    report(file, 'i-002', `The image path \`${src}\` leaves the project folder`, place)
    return
  }
  if (!resolved.path) {
    const tried = resolved.tried.map((candidate) => relativeTo(context.root, candidate)).join(' and ')
    report(file, 'i-001', `Image not found: \`${src}\` (looked for ${tried})`, place)
    return
  }
  const mediaType = imageMediaTypes[path.extname(resolved.path).toLowerCase()]
  if (!mediaType) {
    report(file, 'i-005', `The image \`${src}\` is a \`${path.extname(resolved.path) || 'extension-less'}\` file; e-readers take JPEG, PNG, GIF or SVG`, place)
    return
  }
  if (found.images.has(src)) return
  found.images.set(src, { absolutePath: resolved.path, projectPath: relativeTo(context.root, resolved.path), mediaType, position: place })
  if (mediaType !== 'image/svg+xml') checkImageSize(resolved.path, src, file, place)
}

/** Past these, an image weighs on every e-reader (the EPUB gets a smaller copy; see package/images.ts). */
const largeImage = { pixels: 4000, bytes: 5 * 1024 * 1024 }

function checkImageSize(file: string, src: string, vfile: VFile, place: Place): void {
  const bytes = statSync(file).size
  let size: { width: number; height: number } | undefined
  try {
    size = imageSize(readHead(file))
  } catch {
    size = undefined // not an image it can read: the EPUB and print checks say so
  }
  const long = size ? Math.max(size.width, size.height) : 0
  if (long > imageLimits.side) return // refused outright (i-012, src/validate/image-content.ts)
  const over = [
    long > largeImage.pixels ? `${size!.width} × ${size!.height} px, over 4,000 px on its long side` : undefined,
    bytes > largeImage.bytes ? `${(bytes / 1024 / 1024).toFixed(1)} MB, over 5 MB` : undefined,
  ].filter(Boolean)
  if (over.length > 0) report(vfile, 'i-007', `The image \`${src}\` is ${over.join(' and ')}`, place)
}

/** The start of a file, where every format image-size reads keeps the dimensions. */
function readHead(file: string): Uint8Array {
  const handle = openSync(file, 'r')
  try {
    const head = Buffer.alloc(512 * 1024)
    return head.subarray(0, readSync(handle, head, 0, head.length, 0))
  } finally {
    closeSync(handle)
  }
}

/** Images are relative to the chapter file, else to `assets/`; `/x` is relative to the book root. */
function resolveImage(file: VFile, src: string, root: string, reads?: ReadLog): { path?: string; outside: boolean; tried: string[] } {
  const decoded = safeDecode(src.split(/[?#]/)[0]!)
  // `../assets/x.png` from chapters/ and from assets/ is the same file: name it once in messages.
  const candidates = decoded.startsWith('/')
    ? [path.join(root, decoded)]
    : [...new Set([path.resolve(path.dirname(file.path), decoded), path.resolve(root, 'assets', decoded)])]
  if (!isInside(root, candidates[0]!)) return { outside: true, tried: candidates }
  const inside = candidates.filter((candidate) => isInside(root, candidate))
  for (const candidate of inside) {
    // Each candidate looked at is a read, found or not: a file that appears at an earlier one changes the result.
    reads?.path(candidate)
    if (existsSync(candidate) && statSync(candidate).isFile()) {
      // A symbolic link may still lead out of the project (src/files/inside.ts).
      if (!realLocation(root, candidate)?.inside) return { outside: true, tried: inside }
      return { path: candidate, outside: false, tried: inside }
    }
  }
  return { outside: false, tried: inside }
}

function relativeTo(root: string, target: string): string {
  return path.relative(root, target).split(path.sep).join('/')
}
