/**
 * Print step (digital PDF): the IDs of the tagged PDF's structure elements, the same in every print.
 *
 * Chromium names a structure element that needs an ID (a table's header cell) after its DOM node's
 * number, `node00000284`: a counter of the whole browser process. One node more made elsewhere first
 * (the handouts or the wrap cover printing beside the interior) shifts every number, and the same book
 * came out with other bytes (the cache property found it, test/helpers/cache-property.ts). The IDs only
 * tie a header cell to the cells it heads (`/Headers`), so they are renamed in the order of the ID tree,
 * which is the nodes' order, and every reference with them.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib'
import { treePairs } from './pdf-objects.ts'

const textOf = (object: PDFObject | undefined): string | undefined => (object instanceof PDFString || object instanceof PDFHexString ? object.decodeText() : undefined)

/** Rename the structure elements' IDs `node00000001`, `node00000002`, … in the ID tree's order; returns how many. */
export function stableStructureIds(document: PDFDocument): number {
  const { context, catalog } = document
  const root = catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict)
  if (!root) return 0
  const pairs = treePairs(context, root.lookup(PDFName.of('IDTree')), 'Names')
    .map(([key, value]) => [textOf(key), value] as const)
    .filter((pair): pair is readonly [string, PDFObject] => pair[0] !== undefined && pair[1] !== undefined)
    // A name tree's keys are in order; sorted again, so that a tree of several nodes gives the same order.
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  if (pairs.length === 0) return 0
  const renamed = new Map(pairs.map(([name], index) => [name, `node${String(index + 1).padStart(8, '0')}`]))
  const rename = (object: PDFObject | undefined) => {
    const name = textOf(object)
    const to = name === undefined ? undefined : renamed.get(name)
    return to === undefined ? object : PDFString.of(to)
  }

  // One flat tree (the old one's nodes are dropped on saving: nothing refers to them).
  root.set(PDFName.of('IDTree'), context.obj({ Names: pairs.flatMap(([name, value]) => [PDFString.of(renamed.get(name)!), value]) }))
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('StructElem')) continue
    const id = object.get(PDFName.of('ID'))
    if (id) object.set(PDFName.of('ID'), rename(context.lookup(id))!)
    // Attributes: one dictionary or an array of them (with revision numbers between); `/Headers` lists IDs.
    const attributes = context.lookup(object.get(PDFName.of('A')))
    const dictionaries = attributes instanceof PDFArray ? attributes.asArray().map((entry) => context.lookup(entry)) : [attributes]
    for (const dictionary of dictionaries) {
      if (!(dictionary instanceof PDFDict)) continue
      const headers = context.lookup(dictionary.get(PDFName.of('Headers')))
      if (!(headers instanceof PDFArray)) continue
      for (let index = 0; index < headers.size(); index++) headers.set(index, rename(context.lookup(headers.get(index)))!)
    }
  }
  return pairs.length
}
