/**
 * Print helper: open and save Chromium's PDFs with pdf-lib, for the changes
 * Chromium cannot make (bookmarks from our headings, page labels, XMP,
 * boxes) and for deriving one PDF from another. pdf-lib keeps what it does
 * not touch: the Info dictionary (updateMetadata off), the PDF version, the
 * trailer's /ID. It saves every object it holds, so what a change leaves
 * unreferenced is dropped first.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFStream, PDFString, ParseSpeeds, type PDFContext, type PDFObject } from 'pdf-lib'

/**
 * pdf-lib waits for a timer (at least a millisecond) every 100 objects it parses and every 50 it
 * writes, to keep a page responsive; a tagged 325-page book has tens of thousands. Here nothing waits.
 */
export const readAtOnce = { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest } as const
export const writeAtOnce = { objectsPerTick: Number.POSITIVE_INFINITY } as const

export async function openPdf(data: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(data, readAtOnce)
}

/** Save without object streams, as Chromium writes, under the version it was read with (pdf-lib always writes 1.7). */
export async function savePdf(document: PDFDocument): Promise<Uint8Array> {
  dropUnreachable(document.context)
  const data = await document.save({ ...writeAtOnce, useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false })
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

export interface LinkMark {
  /** 0-based page index. */
  page: number
  /** The link's top left corner, in PDF points from the page's bottom left. */
  x: number
  top: number
}

/**
 * Every link annotation to `<origin><n>`, by n: where it is first (see markPageBlocks in page-scripts.ts).
 * A table's header row is painted again on each page the table runs onto: it begins on the first.
 */
export async function linkMarks(data: Uint8Array | PDFDocument, origin: string): Promise<Map<number, LinkMark>> {
  const document = data instanceof Uint8Array ? await openPdf(data) : data
  const { context } = document
  const marks = new Map<number, LinkMark>()
  document.getPages().forEach((page, index) => {
    for (const ref of page.node.Annots()?.asArray() ?? []) {
      const annotation = context.lookup(ref)
      if (!(annotation instanceof PDFDict)) continue
      const action = context.lookup(annotation.get(PDFName.of('A')))
      const uri = action instanceof PDFDict ? context.lookup(action.get(PDFName.of('URI'))) : undefined
      const text = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : ''
      if (!text.startsWith(origin)) continue
      const rect = context.lookup(annotation.get(PDFName.of('Rect')))
      const [x0, , , y1] = rect instanceof PDFArray ? rect.asArray().map((value) => (value instanceof PDFNumber ? value.asNumber() : 0)) : [0, 0, 0, 0]
      const number = Number(text.slice(origin.length))
      if (!marks.has(number)) marks.set(number, { page: index, x: x0 ?? 0, top: y1 ?? 0 })
    }
  })
  return marks
}

/**
 * The key and value pairs of a PDF name tree (`/Names`) or number tree (`/Nums`), node by node through
 * `/Kids`, each node visited once (a tree that loops ends).
 */
export function treePairs(context: PDFContext, root: PDFObject | undefined, kind: 'Names' | 'Nums'): [PDFObject | undefined, PDFObject | undefined][] {
  const pairs: [PDFObject | undefined, PDFObject | undefined][] = []
  const seen = new Set<PDFObject>()
  const stack: (PDFObject | undefined)[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()
    if (!(node instanceof PDFDict) || seen.has(node)) continue
    seen.add(node)
    const entries = node.lookup(PDFName.of(kind))
    if (entries instanceof PDFArray) for (let index = 0; index + 1 < entries.size(); index += 2) pairs.push([entries.lookup(index), entries.get(index + 1)])
    const kids = node.lookup(PDFName.of('Kids'))
    if (kids instanceof PDFArray) for (const kid of kids.asArray()) stack.push(context.lookup(kid))
  }
  return pairs
}
