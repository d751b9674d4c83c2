/**
 * What EPUBCheck and Ace find, as messages of the same shape as content
 * messages (`file:line:col: error text [code]`, a hint). The file is the
 * document inside the EPUB, written `dist/…/book.epub/OEBPS/ch-x.xhtml` as
 * EPUBCheck writes it. EPUBCheck gives the line and column; Ace points at
 * elements with EPUB CFIs, which are resolved here to the element's line
 * and column in the document.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import JSZip from 'jszip'
import { parse, type DefaultTreeAdapterTypes } from 'parse5'
import { flatMessage, type FlatMessage } from '../report/messages.ts'
import type { AceResult } from './ace.ts'
import type { EpubcheckResult } from './epubcheck.ts'

type Element = DefaultTreeAdapterTypes.Element
type Point = { line?: number; column?: number }

export function epubcheckMessages(epubPath: string, result: EpubcheckResult): FlatMessage[] {
  const messages: FlatMessage[] = []
  for (const message of result.messages) {
    const severity = message.severity.toLowerCase()
    if (severity !== 'fatal' && severity !== 'error' && severity !== 'warning') continue
    const code = severity === 'warning' ? 'o-002' : 'o-001'
    const text = `EPUBCheck ${result.version} ${severity} ${message.id}: ${oneLine(message.message)}`
    const hint = message.suggestion ? oneLine(message.suggestion) : undefined
    const locations = message.locations.length > 0 ? message.locations : [{ path: '', line: -1, column: -1 }]
    for (const location of locations) {
      const inside = location.path && location.path !== path.basename(epubPath) ? `${epubPath}/${location.path}` : epubPath
      messages.push(flatMessage(code, inside, location, text, hint))
    }
  }
  return messages
}

/** Ace's findings: critical and serious ones are errors (o-003), the others warnings (o-004). */
export async function aceMessages(epubPath: string, result: AceResult): Promise<FlatMessage[]> {
  if (result.failure !== undefined) return [flatMessage('o-005', epubPath, {}, `Ace by DAISY could not check the EPUB: ${oneLine(result.failure)}`)]
  const book = result.violations.length > 0 ? await openEpub(epubPath) : undefined
  const messages: FlatMessage[] = []
  for (const violation of result.violations) {
    const grave = violation.impact === 'critical' || violation.impact === 'serious'
    const text = `Ace ${violation.rule} (${violation.impact}): ${oneLine(violation.title)}`
    const hint = violation.help ? `${oneLine(violation.help.description)}: ${violation.help.url}` : undefined
    const name = book?.resolve(violation.file)
    const file = name ? `${epubPath}/${name}` : epubPath
    const pointers = violation.pointers.length > 0 ? violation.pointers : ['']
    for (const pointer of pointers) {
      const place = name && pointer ? await book!.locate(name, pointer) : {}
      messages.push(flatMessage(grave ? 'o-003' : 'o-004', file, place, text, hint))
    }
  }
  return messages
}

interface OpenEpub {
  /** The path inside the EPUB of a document as Ace names it. */
  resolve(url: string): string | undefined
  /** Line and column of the element an EPUB CFI points at. */
  locate(name: string, cfi: string): Promise<Point>
}

async function openEpub(epubPath: string): Promise<OpenEpub | undefined> {
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(await readFile(epubPath))
  } catch {
    return undefined // Ace read it, so this is unlikely; the messages then point at the EPUB itself
  }
  const names = Object.keys(zip.files).filter((name) => !zip.files[name]!.dir)
  const documents = new Map<string, Promise<Element | undefined>>()
  return {
    resolve(url) {
      // Ace names documents relative to the package document (`ch-x.xhtml`), or from the root (`/OEBPS/toc.xhtml`).
      const wanted = decodeURI(url.replace(/^\//, '').split('#')[0]!)
      const matches = names.filter((name) => name === wanted || name.endsWith(`/${wanted}`))
      return matches.length === 1 ? matches[0] : matches.find((name) => name === wanted)
    },
    async locate(name, cfi) {
      let root = documents.get(name)
      if (!root) documents.set(name, (root = zip.file(name)!.async('string').then(htmlElement)))
      const html = await root
      return html ? elementPlace(html, cfi) : {}
    },
  }
}

function htmlElement(text: string): Element | undefined {
  const document = parse(text, { sourceCodeLocationInfo: true })
  return document.childNodes.find((node): node is Element => node.nodeName === 'html')
}

/**
 * Follow a CFI's path from the document's root element: step `/2n` is the
 * n-th child element (odd steps address text, where the element is
 * enough). An `[id]` the element does not have is looked up in the whole
 * document.
 */
function elementPlace(html: Element, cfi: string): Point {
  let element = html
  for (const step of (cfi.split(':')[0] ?? '').matchAll(/\/(\d+)(?:\[([^\]]*)\])?/g)) {
    const index = Number(step[1])
    if (index === 0 || index % 2 !== 0) break
    const child = children(element)[index / 2 - 1]
    if (!child) break
    element = child
    const id = step[2]
    if (id && attribute(element, 'id') !== id) {
      element = findById(html, id) ?? element
      break
    }
  }
  const location = element.sourceCodeLocation
  return location ? { line: location.startLine, column: location.startCol } : {}
}

function children(element: Element): Element[] {
  return element.childNodes.filter((node): node is Element => 'tagName' in node)
}

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value
}

function findById(root: Element, id: string): Element | undefined {
  const stack = [root]
  while (stack.length > 0) {
    const element = stack.pop()!
    if (attribute(element, 'id') === id) return element
    stack.push(...children(element))
  }
  return undefined
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, '; ')
}
