/**
 * Print helper: open and save Chromium's PDFs with pdf-lib, for the changes
 * Chromium cannot make (bookmarks from our headings, page labels, XMP,
 * boxes) and for deriving one PDF from another. pdf-lib keeps what it does
 * not touch: the Info dictionary (updateMetadata off), the PDF version, the
 * trailer's /ID. It saves every object it holds, so what a change leaves
 * unreferenced is dropped first.
 */
import { PDFArray, PDFDict, PDFDocument, PDFRef, PDFStream, ParseSpeeds, type PDFContext, type PDFObject } from 'pdf-lib'

export async function openPdf(data: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(data, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest })
}

/** Save without object streams, as Chromium writes, under the version it was read with (pdf-lib always writes 1.7). */
export async function savePdf(document: PDFDocument): Promise<Uint8Array> {
  dropUnreachable(document.context)
  const data = await document.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false })
  const header = document.context.header.toString().split('\n')[0]!
  const written = Buffer.from(data.subarray(0, header.length)).toString('latin1')
  if (/^%PDF-\d\.\d$/.test(header) && /^%PDF-\d\.\d$/.test(written)) data.set(Buffer.from(header, 'latin1'), 0)
  return data
}

/** Delete every indirect object that nothing reachable from the trailer refers to. */
export function dropUnreachable(context: PDFContext): void {
  const reached = new Set<PDFRef>()
  const stack: PDFObject[] = [context.trailerInfo.Root, context.trailerInfo.Info].filter((object): object is PDFObject => object !== undefined)
  while (stack.length > 0) {
    const object = stack.pop()!
    if (object instanceof PDFRef) {
      if (reached.has(object)) continue
      reached.add(object)
      const target = context.lookup(object)
      if (target) stack.push(target)
    } else if (object instanceof PDFDict) {
      for (const [, value] of object.entries()) stack.push(value)
    } else if (object instanceof PDFArray) {
      stack.push(...object.asArray())
    } else if (object instanceof PDFStream) {
      stack.push(object.dict)
    }
  }
  for (const [ref] of context.enumerateIndirectObjects()) if (!reached.has(ref)) context.delete(ref)
}
