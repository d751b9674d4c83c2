/**
 * The EPUB view serves the files of the EPUB the dev server just built, as
 * they are in the zip: the same XHTML, the same style.css, the same images,
 * so that what the editor sees is what a reading system is given. The one
 * addition is the reading system's own defaults (reader.css), put first in
 * each document's head so that the book's stylesheet overrides them, as it
 * does in a reader.
 */
import path from 'node:path'
import JSZip from 'jszip'
import { chapterId } from '../transform/index.ts'

export interface EpubFiles {
  /** A file of the EPUB by its path in the zip, e.g. `OEBPS/style.css`. */
  read(name: string): Promise<Buffer | undefined>
  /** The path in the zip of a chapter's document. */
  chapterPath(slug: string): string | undefined
}

export async function openEpub(data: Uint8Array): Promise<EpubFiles> {
  const zip = await JSZip.loadAsync(data)
  const names = Object.keys(zip.files).filter((name) => !zip.files[name]!.dir)
  return {
    async read(name) {
      const entry = zip.file(name)
      return entry ? entry.async('nodebuffer') : undefined
    },
    chapterPath(slug) {
      const document = `${chapterId(slug)}.xhtml`
      return names.find((name) => name === document || name.endsWith(`/${document}`))
    },
  }
}

/** The document with a reading system's default stylesheet linked first in its head. */
export function withReaderStyles(xhtml: string, href: string): string {
  return xhtml.replace(/<head(\s[^>]*)?>/, (head) => `${head}\n  <link rel="stylesheet" type="text/css" href="${href}" />`)
}

/** The media type of a file in an EPUB, by its extension. */
export function contentType(file: string): string {
  const types: Record<string, string> = {
    '.css': 'text/css',
    '.png': 'image/png',
    '.jpg': 'image/jpeg',
    '.jpeg': 'image/jpeg',
    '.gif': 'image/gif',
    '.svg': 'image/svg+xml',
    '.webp': 'image/webp',
    '.woff2': 'font/woff2',
    '.opf': 'application/oebps-package+xml',
    '.ncx': 'application/x-dtbncx+xml',
    '.xml': 'application/xml',
  }
  return types[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}
