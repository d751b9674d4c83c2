/**
 * Print step: the print PDF (KDP) from the one tagged print. The pages are
 * the digital PDF's, word for word; what paper has no use for goes, as KDP
 * asks of an interior: the structure tree and the tagged mark, the link
 * annotations, the named destinations and any bookmarks. The marked-content
 * operators stay in the page contents: without a structure tree they
 * change nothing, and rewriting every page's content would cost more.
 */
import { PDFDict, PDFName } from 'pdf-lib'
import { openPdf, savePdf } from './pdf-objects.ts'

const catalogKeys = ['StructTreeRoot', 'MarkInfo', 'Outlines', 'Dests', 'Names', 'PageMode', 'Lang', 'OpenAction']
const pageKeys = ['Annots', 'StructParents', 'Tabs']

export async function stripForPaper(tagged: Uint8Array): Promise<Uint8Array> {
  const document = await openPdf(tagged)
  const catalog: PDFDict = document.catalog
  for (const key of catalogKeys) catalog.delete(PDFName.of(key))
  for (const page of document.getPages()) for (const key of pageKeys) page.node.delete(PDFName.of(key))
  return savePdf(document)
}
