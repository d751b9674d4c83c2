/**
 * The verify stage (PDF): typed wrappers over poppler's command-line tools
 * (pdfinfo, pdffonts, pdftotext), the tools printers' preflight guides
 * name, plus pdfjs-dist for what poppler does not print (bookmarks, link
 * annotations). A missing tool is an EnvironmentError, never a skip.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs'
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
export async function pdfPageTexts(file: string, options: { layout?: boolean } = {}): Promise<string[]> {
  const out = await poppler('pdftotext', [...(options.layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'])
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

/** The PDF's document in pdf.js, for what poppler's tools do not list (bookmarks, links, page labels); always destroyed. */
export async function withPdfDocument<T>(file: string, read: (document: PDFDocumentProxy) => Promise<T>): Promise<T> {
  const data = new Uint8Array(await readFile(file))
  // Imported here: pdf.js is large and only verify's PDF navigation checks need it.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const document = await getDocument({ data, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise
  try {
    return await read(document)
  } finally {
    await document.destroy()
  }
}

/** Bookmarks and link annotations, read with pdfjs-dist. */
export function pdfNavigation(file: string): Promise<PdfNavigation> {
  return withPdfDocument(file, async (document) => {
    const outline = ((await document.getOutline()) ?? []).map((item) => ({ title: item.title, children: item.items.map((child) => child.title) }))
    let links = 0
    let internalLinks = 0
    for (let index = 1; index <= document.numPages; index++) {
      const page = await document.getPage(index)
      for (const annotation of (await page.getAnnotations()) as { subtype: string; dest?: unknown; url?: string }[]) {
        if (annotation.subtype !== 'Link') continue
        links++
        if (annotation.dest) internalLinks++
      }
    }
    return { outline, links, internalLinks }
  })
}
