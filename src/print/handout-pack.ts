/**
 * Print helper: the one print of all handouts, cut into a file per career,
 * and laid out two up for a print shop, with pdf-lib. Every file is dated
 * by the book (never the clock) so that rebuilds are byte-identical.
 *
 * A page copied out of a tagged PDF loses its structure tree (pdf-lib does
 * not carry it over): the per-career files are untagged, the fair pack,
 * Chromium's own print, keeps its tags.
 */
import { PDFDocument, PDFName } from 'pdf-lib'
import { letter } from '../config/print-layout.ts'
import { readAtOnce, writeAtOnce } from './pdf-objects.ts'

export interface PackMetadata {
  modified: Date
  language: string
}

/** The page count, read with pdf-lib. */
export async function countPages(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf, readAtOnce)).getPageCount()
}

/** One PDF per page index in `pages`, each titled from `titles` (same order). */
export async function splitPages(pdf: Uint8Array, pages: readonly number[], meta: PackMetadata & { titles: readonly string[] }): Promise<Uint8Array[]> {
  if (pages.length === 0) return []
  const source = await PDFDocument.load(pdf, readAtOnce)
  const files: Uint8Array[] = []
  for (const [index, pageIndex] of pages.entries()) {
    const document = await newDocument(meta, meta.titles[index]!)
    const [page] = await document.copyPages(source, [pageIndex])
    // Points into the source's structure tree, which is not copied.
    page!.node.delete(PDFName.of('StructParents'))
    document.addPage(page!)
    files.push(await document.save(writeAtOnce))
  }
  return files
}

/** Two handouts side by side on each landscape US Letter sheet, each scaled to 5.5 in wide; cut down the middle. */
export async function twoUp(pdf: Uint8Array, meta: PackMetadata & { title: string }): Promise<Uint8Array> {
  const source = await PDFDocument.load(pdf, readAtOnce)
  const document = await newDocument(meta, meta.title)
  const embedded = await document.embedPages(source.getPages())
  const sheet = { width: letter.height * 72, height: letter.width * 72 }
  const half = sheet.width / 2
  for (let index = 0; index < embedded.length; index += 2) {
    const page = document.addPage([sheet.width, sheet.height])
    for (const [slot, handout] of embedded.slice(index, index + 2).entries()) {
      const scale = half / handout.width
      const size = handout.scale(scale)
      page.drawPage(handout, { x: slot * half + (half - size.width) / 2, y: (sheet.height - size.height) / 2, xScale: scale, yScale: scale })
    }
  }
  return document.save(writeAtOnce)
}

async function newDocument(meta: PackMetadata, title: string): Promise<PDFDocument> {
  const document = await PDFDocument.create({ updateMetadata: false })
  document.setTitle(title)
  document.setLanguage(meta.language)
  document.setCreator('SpringBoard Press')
  document.setProducer('pdf-lib')
  document.setCreationDate(meta.modified)
  document.setModificationDate(meta.modified)
  // Title in the viewer's title bar rather than the file name (PDF/UA wants it).
  document.catalog.set(PDFName.of('ViewerPreferences'), document.context.obj({ DisplayDocTitle: true }))
  return document
}
