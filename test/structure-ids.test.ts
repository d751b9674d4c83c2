/**
 * The digital PDF's structure element IDs (src/print/structure-ids.ts): Chromium numbers them after DOM
 * nodes, a counter of the whole browser process, so the same book printed twice could differ in them alone
 * (found by the cache property: `node00000284` in one print, `node00000283` in the other). Renamed in the ID
 * tree's order, with every `/Headers` reference, the two prints are the same bytes.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString, type PDFRef } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { openPdf, savePdf } from '../src/print/pdf-objects.ts'
import { stableStructureIds } from '../src/print/structure-ids.ts'

/** A tagged one-page PDF with a table: two header cells with IDs from `first` on, a data cell headed by both. */
async function taggedTable(first: number): Promise<Uint8Array> {
  const document = await PDFDocument.create({ updateMetadata: false })
  document.addPage([200, 200])
  const { context } = document
  const id = (offset: number) => PDFString.of(`node${String(first + offset).padStart(8, '0')}`)
  const element = (fields: Record<string, unknown>) => context.register(context.obj({ Type: 'StructElem', ...fields } as never))
  const headers = [element({ S: 'TH', ID: id(0), A: [context.obj({ O: 'Table', Scope: 'Column' })] }), element({ S: 'TH', ID: id(1), A: context.obj({ O: 'Table', Scope: 'Column' }) })]
  const cell = element({ S: 'TD', A: [context.obj({ O: 'Table', Headers: [id(0), id(1)] }), context.obj({ O: 'Table', RowSpan: 1 })] })
  const table = element({ S: 'Table', K: [...headers, cell] })
  // The ID tree as Chromium writes it: a root with one leaf, its keys in order, its limits.
  const leaf = context.register(context.obj({ Limits: [id(0), id(1)], Names: [id(0), headers[0]!, id(1), headers[1]!] }))
  const idTree = context.register(context.obj({ Kids: [leaf] }))
  const root = context.register(context.obj({ Type: 'StructTreeRoot', K: table, IDTree: idTree }))
  document.catalog.set(PDFName.of('StructTreeRoot'), root)
  return document.save({ useObjectStreams: false })
}

const text = (object: unknown) => (object instanceof PDFString ? object.decodeText() : String(object))

describe('the structure element IDs of the digital PDF', () => {
  it('are the same whatever node numbers Chromium gave, and every /Headers names the new ID of its header cell', async () => {
    const made: Uint8Array[] = []
    for (const first of [284, 283, 1]) {
      const document = await openPdf(await taggedTable(first))
      expect(stableStructureIds(document)).toBe(2)
      made.push(await savePdf(document))
    }
    expect(Buffer.from(made[0]!).equals(Buffer.from(made[1]!))).toBe(true)
    expect(Buffer.from(made[0]!).equals(Buffer.from(made[2]!))).toBe(true)

    const document = await openPdf(made[0]!)
    const { context } = document
    const root = document.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict)
    const names = root.lookup(PDFName.of('IDTree'), PDFDict).lookup(PDFName.of('Names'), PDFArray)
    expect([text(names.lookup(0)), text(names.lookup(2))]).toEqual(['node00000001', 'node00000002'])
    const table = root.lookup(PDFName.of('K'), PDFDict)
    const [first, second, cell] = table.lookup(PDFName.of('K'), PDFArray).asArray().map((ref) => context.lookup(ref as PDFRef, PDFDict))
    // The tree points at the elements that carry its names.
    expect(context.lookup(names.get(1))).toBe(first)
    expect([text(first!.get(PDFName.of('ID'))), text(second!.get(PDFName.of('ID')))]).toEqual(['node00000001', 'node00000002'])
    const headed = cell!.lookup(PDFName.of('A'), PDFArray).lookup(0, PDFDict).lookup(PDFName.of('Headers'), PDFArray)
    expect(headed.asArray().map(text)).toEqual(['node00000001', 'node00000002'])
  })

  it('leaves a PDF without tags or without IDs as it was', async () => {
    const plain = await PDFDocument.create({ updateMetadata: false })
    plain.addPage([100, 100])
    expect(stableStructureIds(await openPdf(await plain.save()))).toBe(0)
  })
})
