/**
 * The verify stage (PDF): typed wrappers over poppler's command-line tools
 * (pdfinfo, pdffonts, pdftotext), the tools printers' preflight guides
 * name, plus the PDF's own objects (pdf-lib) for what poppler does not print
 * (bookmarks, link annotations, page labels). A missing tool is an
 * EnvironmentError, never a skip.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, ParseSpeeds, type PDFObject } from 'pdf-lib'
import { treePairs } from '../print/pdf-objects.ts'
import { EnvironmentError } from '../errors.ts'
import { runTool, toolLimit } from '../process/children.ts'

async function poppler(tool: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await runTool(tool, args, { maxBuffer: 256 * 1024 * 1024, timeoutMs: toolLimit('pdfTool'), doing: `${tool} on ${path.basename(args.at(-1) ?? '')}` })
    return stdout
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new EnvironmentError(`${tool} is not installed`, 'Install poppler (Debian/Ubuntu: `sudo apt-get install poppler-utils`; macOS: `brew install poppler`).')
    }
    throw error
  }
}

export interface PdfInfo {
  pages: number
  /** Page size of the first page, in points. */
  width: number
  height: number
  tagged: boolean
  creationDate: string
  raw: Record<string, string>
}

export async function pdfInfo(file: string): Promise<PdfInfo> {
  const out = await poppler('pdfinfo', ['-isodates', file])
  const raw: Record<string, string> = {}
  for (const line of out.split('\n')) {
    const match = /^([^:]+):\s*(.*)$/.exec(line)
    if (match) raw[match[1]!.trim()] = match[2]!.trim()
  }
  const size = /^([\d.]+) x ([\d.]+) pts/.exec(raw['Page size'] ?? '')
  if (!size) throw new Error(`pdfinfo gave no page size for ${file}`)
  return {
    pages: Number(raw['Pages']),
    width: Number(size[1]),
    height: Number(size[2]),
    tagged: raw['Tagged'] === 'yes',
    creationDate: raw['CreationDate'] ?? '',
    raw,
  }
}

/** Every page's size in points (`pdfinfo -l`). */
export async function pdfPageSizes(file: string): Promise<{ width: number; height: number }[]> {
  const out = await poppler('pdfinfo', ['-f', '1', '-l', '100000', file])
  return [...out.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((match) => ({ width: Number(match[1]), height: Number(match[2]) }))
}

export interface PdfFont {
  name: string
  type: string
  embedded: boolean
  subset: boolean
}

export async function pdfFonts(file: string): Promise<PdfFont[]> {
  const lines = (await poppler('pdffonts', [file])).split('\n').slice(2).filter((line) => line.trim())
  return lines.map((line) => {
    // name type… encoding emb sub uni object ID: the flags are the 3 yes/no columns before the object number.
    const fields = line.trim().split(/\s+/)
    const flags = fields.slice(-5, -2)
    return { name: fields[0]!, type: fields.slice(1, -6).join(' '), embedded: flags[0] === 'yes', subset: flags[1] === 'yes' }
  })
}

/**
 * The embedded fonts of `fonts` that are not among `own` (PostScript names such as
 * `SourceSerif4-Regular`); a subset's tag (`ABCDEF+`) is not part of the name.
 */
export function foreignFonts(fonts: readonly PdfFont[], own: ReadonlySet<string>): PdfFont[] {
  return fonts.filter((font) => font.embedded && !own.has(font.name.replace(/^[A-Z]{6}\+/, '')))
}

/** The text of every page, in reading order (`pdftotext`; pages end with a form feed). */
export async function pdfPageTexts(file: string, options: { layout?: boolean; raw?: boolean } = {}): Promise<string[]> {
  const out = await poppler('pdftotext', [...(options.layout ? ['-layout'] : []), ...(options.raw ? ['-raw'] : []), '-enc', 'UTF-8', file, '-'])
  const pages = out.split('\f')
  pages.pop() // after the last form feed
  return pages
}

export interface PdfWord {
  text: string
  xMin: number
  yMin: number
  xMax: number
  yMax: number
}

/** Every word with its box in points, per page (`pdftotext -bbox`). */
export async function pdfWords(file: string): Promise<{ width: number; height: number; words: PdfWord[] }[]> {
  const out = await poppler('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'])
  const pages: { width: number; height: number; words: PdfWord[] }[] = []
  for (const page of out.split('<page ').slice(1)) {
    const size = /^width="([\d.]+)" height="([\d.]+)"/.exec(page)!
    const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((match) => ({
      xMin: Number(match[1]),
      yMin: Number(match[2]),
      xMax: Number(match[3]),
      yMax: Number(match[4]),
      text: match[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"),
    }))
    pages.push({ width: Number(size[1]), height: Number(size[2]), words })
  }
  return pages
}

export interface PdfNavigation {
  /** Top-level bookmark titles, each with its children's titles. */
  outline: { title: string; children: string[] }[]
  /** Link annotations, all pages together. */
  links: number
  /** Links that point inside the document. */
  internalLinks: number
}

/** A PDF opened with pdf-lib, for the objects poppler's tools do not list (bookmarks, links, page labels). */
export async function openPdfFile(file: string): Promise<PDFDocument> {
  return PDFDocument.load(await readFile(file), { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest })
}

const text = (value: PDFObject | undefined) => (value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined)

export interface OutlineItem {
  title: string
  items: OutlineItem[]
}

/** The bookmarks (/Outlines), as a tree of titles; each item visited once, so a looped list ends. */
export function pdfOutline(document: PDFDocument): OutlineItem[] {
  const { context } = document
  const seen = new Set<PDFDict>()
  const children = (parent: PDFObject | undefined): OutlineItem[] => {
    const items: OutlineItem[] = []
    let item = parent instanceof PDFDict ? parent.lookup(PDFName.of('First')) : undefined
    while (item instanceof PDFDict && !seen.has(item)) {
      seen.add(item)
      items.push({ title: text(item.lookup(PDFName.of('Title'))) ?? '', items: children(item) })
      item = item.lookup(PDFName.of('Next'))
    }
    return items
  }
  return children(context.lookup(document.catalog.get(PDFName.of('Outlines'))))
}

/** Every link annotation, page by page: whether it points inside the document, whether it has a description (/Contents). */
export function pdfLinks(document: PDFDocument): { internal: boolean; described: boolean }[] {
  const { context } = document
  const links: { internal: boolean; described: boolean }[] = []
  for (const page of document.getPages()) {
    for (const ref of page.node.Annots()?.asArray() ?? []) {
      const annotation = context.lookup(ref)
      if (!(annotation instanceof PDFDict) || annotation.lookup(PDFName.of('Subtype')) !== PDFName.of('Link')) continue
      const action = annotation.lookup(PDFName.of('A'))
      const goTo = action instanceof PDFDict && action.lookup(PDFName.of('S')) === PDFName.of('GoTo')
      links.push({ internal: annotation.has(PDFName.of('Dest')) || goTo, described: Boolean(text(annotation.lookup(PDFName.of('Contents')))) })
    }
  }
  return links
}

/** The label of each page (/PageLabels: decimal, roman or letters, a prefix, a start), or undefined without them. */
export function pdfPageLabels(document: PDFDocument): string[] | undefined {
  const tree = document.catalog.lookup(PDFName.of('PageLabels'))
  if (!(tree instanceof PDFDict)) return undefined
  // The number tree's ranges: from a page index on, a style, a prefix and a first number.
  const ranges: { from: number; style?: string; prefix: string; start: number }[] = []
  for (const [from, value] of treePairs(document.context, tree, 'Nums')) {
    const label = value && document.context.lookup(value)
    if (!(from instanceof PDFNumber) || !(label instanceof PDFDict)) continue
    const style = label.lookup(PDFName.of('S'))
    const start = label.lookup(PDFName.of('St'))
    ranges.push({ from: from.asNumber(), style: style instanceof PDFName ? style.decodeText() : undefined, prefix: text(label.lookup(PDFName.of('P'))) ?? '', start: start instanceof PDFNumber ? start.asNumber() : 1 })
  }
  ranges.sort((a, b) => a.from - b.from)
  return document.getPages().map((_page, index) => {
    const range = ranges.findLast((candidate) => candidate.from <= index)
    if (!range) return String(index + 1)
    const number = range.start + index - range.from
    return range.prefix + (range.style ? formatLabel(number, range.style) : '')
  })
}

function formatLabel(number: number, style: string): string {
  switch (style) {
    case 'D':
      return String(number)
    case 'r':
      return roman(number).toLowerCase()
    case 'R':
      return roman(number)
    case 'a':
    case 'A': {
      // a … z, then aa … zz, then aaa …: the letter repeated.
      const letter = String.fromCharCode(65 + ((number - 1) % 26)).repeat(Math.floor((number - 1) / 26) + 1)
      return style === 'a' ? letter.toLowerCase() : letter
    }
    default:
      return ''
  }
}

function roman(number: number): string {
  const numerals: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']]
  let rest = number
  let out = ''
  for (const [value, numeral] of numerals) {
    while (rest >= value) {
      out += numeral
      rest -= value
    }
  }
  return out
}

/** Bookmarks and link annotations. */
export async function pdfNavigation(file: string): Promise<PdfNavigation> {
  const document = await openPdfFile(file)
  const outline = pdfOutline(document).map((item) => ({ title: item.title, children: item.items.map((child) => child.title) }))
  const links = pdfLinks(document)
  return { outline, links: links.length, internalLinks: links.filter((link) => link.internal).length }
}
