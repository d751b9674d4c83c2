/**
 * Print step: the digital PDF, finished from the one tagged print.
 *
 * - Bookmarks from the headings we know (the contents, the introduction,
 *   each chapter with its sections, the appendix), at the places the first
 *   pass found them (passes.ts). Chromium's own outline reads the tagged
 *   headings and doubled some titles ("EducationEducation").
 * - Page labels as printed: roman in the front matter, arabic from the
 *   first chapter, so a viewer's "page 12" is the folio 12.
 * - XMP metadata (title, editors, language, dates) and /Author.
 * - A description (/Contents) on every link: where it goes.
 * - The structure elements' IDs the same in every print (structure-ids.ts).
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFDocument } from 'pdf-lib'
import { openPdf, savePdf } from './pdf-objects.ts'
import { stableStructureIds } from './structure-ids.ts'
import { pageLabel } from './plan.ts'

export interface Bookmark {
  title: string
  /** 0-based page index, and where on it (PDF points): the heading's top left. */
  page: number
  x: number
  top: number
  children: Bookmark[]
}

export interface DigitalPdfInput {
  title: string
  creators: readonly string[]
  language: string
  modified: Date
  bookmarks: readonly Bookmark[]
  /** The 0-based index of arabic page 1. */
  arabicStart: number
  /** Titles of link targets by id, for the links' descriptions. */
  targets: ReadonlyMap<string, string>
}

export async function finishDigitalPdf(tagged: Uint8Array, input: DigitalPdfInput): Promise<Uint8Array> {
  const document = await openPdf(tagged)
  const { context, catalog } = document
  const pages = document.getPages().map((page) => page.ref)
  const destinations = catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)
  const pageOf = (name: string): number | undefined => {
    const destination = destinations?.lookupMaybe(PDFName.of(name), PDFArray)
    const ref = destination?.get(0)
    return ref instanceof PDFRef ? pages.indexOf(ref) : undefined
  }

  catalog.set(PDFName.of('Outlines'), outline(document, input.bookmarks, pages))
  catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'))

  const labels = input.arabicStart > 0 ? [0, { S: 'r' }, input.arabicStart, { S: 'D' }] : [0, { S: 'D' }]
  catalog.set(PDFName.of('PageLabels'), context.obj({ Nums: labels }))

  const stream = context.stream(new TextEncoder().encode(xmp(input)), { Type: 'Metadata', Subtype: 'XML' })
  catalog.set(PDFName.of('Metadata'), context.register(stream))
  document.setAuthor(input.creators.join(', '))

  for (const page of document.getPages()) {
    const annotations = page.node.Annots()
    for (const annotation of annotations?.asArray() ?? []) {
      const link = context.lookup(annotation)
      if (!(link instanceof PDFDict) || link.get(PDFName.of('Subtype')) !== PDFName.of('Link')) continue
      link.set(PDFName.of('Contents'), PDFHexString.fromText(describeLink(link, input, pageOf)))
    }
  }
  stableStructureIds(document)
  return savePdf(document)
}

function describeLink(link: PDFDict, input: DigitalPdfInput, pageOf: (name: string) => number | undefined): string {
  const action = link.context.lookup(link.get(PDFName.of('A')))
  const uri = action instanceof PDFDict ? action.context.lookup(action.get(PDFName.of('URI'))) : undefined
  if (uri instanceof PDFString || uri instanceof PDFHexString) return `Web page: ${uri.decodeText()}`
  const target = link.context.lookup(link.get(PDFName.of('Dest')))
  if (!(target instanceof PDFName)) return 'Link'
  const dest = target.decodeText()
  const page = pageOf(dest)
  const where = page === undefined ? '' : `page ${pageLabel(page, input.arabicStart)}`
  const title = input.targets.get(dest)
  return `Go to ${[title, where].filter(Boolean).join(', ')}`
}

/** The /Outlines tree: one item per bookmark, children closed, titles in UTF-16. */
function outline(document: PDFDocument, bookmarks: readonly Bookmark[], pages: readonly PDFRef[]): PDFRef {
  const { context } = document
  const root = context.nextRef()
  const dict = items(context, root, bookmarks, true, pages)
  dict.set(PDFName.of('Type'), PDFName.of('Outlines'))
  context.assign(root, dict)
  return root
}

/** An outline node's dictionary (First, Last, Count) for its `children`, each written at a new reference. */
function items(context: PDFDocument['context'], parent: PDFRef, list: readonly Bookmark[], open: boolean, pages: readonly PDFRef[]): PDFDict {
  const node = context.obj({})
  const children = list.filter((child) => pages[child.page] !== undefined)
  const refs = children.map(() => context.nextRef())
  children.forEach((child, index) => {
    const dict = items(context, refs[index]!, child.children, false, pages)
    dict.set(PDFName.of('Title'), PDFHexString.fromText(child.title))
    dict.set(PDFName.of('Parent'), parent)
    dict.set(PDFName.of('Dest'), context.obj([pages[child.page]!, PDFName.of('XYZ'), PDFNumber.of(Math.round(child.x)), PDFNumber.of(Math.round(child.top)), null]))
    if (index > 0) dict.set(PDFName.of('Prev'), refs[index - 1]!)
    if (index < children.length - 1) dict.set(PDFName.of('Next'), refs[index + 1]!)
    context.assign(refs[index]!, dict)
  })
  if (refs.length > 0) {
    node.set(PDFName.of('First'), refs[0]!)
    node.set(PDFName.of('Last'), refs.at(-1)!)
    // The root counts its open items; a closed item counts its children, negative.
    node.set(PDFName.of('Count'), PDFNumber.of(open ? refs.length : -refs.length))
  } else if (open) {
    node.set(PDFName.of('Count'), PDFNumber.of(0))
  }
  return node
}

function xmp(input: DigitalPdfInput): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  const date = input.modified.toISOString().replace(/\.\d{3}Z$/, 'Z')
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escape(input.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq>${input.creators.map((creator) => `<rdf:li>${escape(creator)}</rdf:li>`).join('')}</rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>${escape(input.language)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>${date}</xmp:CreateDate>
   <xmp:ModifyDate>${date}</xmp:ModifyDate>
   <xmp:MetadataDate>${date}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`
}
