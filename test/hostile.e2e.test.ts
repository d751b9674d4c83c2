/**
 * Hostile content end to end: one book whose chapters hold every hostile
 * construct of helpers/hostile.ts (with a byte order mark, CRLF endings and
 * literal control characters) and 200-deep quotes, built once into an
 * EPUB and judged by EPUBCheck 5.1.0 and 4.2.6; then each construct is
 * checked in the XHTML a reading system gets.
 */
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBook, type BuildResult } from '../src/build.ts'
import { runEpubcheck, type EpubcheckResult } from '../src/verify/index.ts'
import { makeBook } from './helpers/book.ts'
import { deepChapterFile, dotPng, hostileChapterFile, printableCases } from './helpers/hostile.ts'
import { activeContent, ancestorsOf, bodyElements, contentModelProblems, danglingFragments, duplicateIds, elementWithText, notXmlChar, parseXml, type ParsedXml } from './helpers/xhtml.ts'

let root: string
let build: BuildResult
let epubPath: string
const documents = new Map<string, string>()
const parsed = new Map<string, ParsedXml>()

beforeAll(async () => {
  root = await makeBook(
    { '2026-01-05-hostile.md': hostileChapterFile('2026-01-05'), '2026-01-12-deep.md': deepChapterFile('2026-01-12') },
    { files: { 'assets/dot.png': dotPng } },
  )
  build = await buildBook({ root, formats: ['epub'], env: { SOURCE_DATE_EPOCH: '1767571200' } })
  if (!build.ok) return
  epubPath = build.written[0]!.path
  const zip = await JSZip.loadAsync(await readFile(epubPath))
  for (const name of Object.keys(zip.files).filter((name) => name.endsWith('.xhtml'))) {
    const xhtml = await zip.file(name)!.async('string')
    documents.set(path.basename(name), xhtml)
    parsed.set(path.basename(name), parseXml(xhtml))
  }
}, 120_000)

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const chapter = () => parsed.get('ch-hostile.xhtml')!
const hostileMessages = () => build.files.find((file) => file.path.endsWith('2026-01-05-hostile.md'))!.messages

describe('the build', () => {
  it('succeeds, with warnings only', () => {
    const errors = build.files.flatMap((file) => file.messages.filter((message) => message.fatal).map(String))
    expect(errors).toEqual([])
    expect(build.ok).toBe(true)
    expect(documents.has('ch-hostile.xhtml') && documents.has('ch-deep.xhtml')).toBe(true)
  })

  it('reports the literal control characters with the line and column an editor shows, despite BOM and CRLF', () => {
    const text = new TextDecoder().decode(hostileChapterFile('2026-01-05')).replace(/^\uFEFF/, '')
    const lines = text.split('\r\n')
    const line = lines.findIndex((content) => content.startsWith('FORBID1')) + 1
    const x001 = hostileMessages().filter((message) => message.ruleId === 'x-001' && message.line === line)
    expect(x001.map((message) => message.column)).toEqual([
      'FORBID1'.length + 1,
      lines[line - 1]!.indexOf('FORBID3') + 'FORBID3'.length + 1,
    ])
  })
})

describe('EPUBCheck', () => {
  let results: EpubcheckResult[]

  beforeAll(async () => {
    results = await Promise.all([runEpubcheck(epubPath, '5.1.0'), runEpubcheck(epubPath, '4.2.6')])
  }, 300_000)

  it('5.1.0 reports 0 fatals, 0 errors, 0 warnings', () => {
    expect(results[0]!.messages).toEqual([])
    expect([results[0]!.fatals, results[0]!.errors, results[0]!.warnings]).toEqual([0, 0, 0])
  })

  it('4.2.6 reports 0 fatals, 0 errors, 0 warnings', () => {
    expect(results[1]!.messages).toEqual([])
    expect([results[1]!.fatals, results[1]!.errors, results[1]!.warnings]).toEqual([0, 0, 0])
  })
})

describe('every content document', () => {
  it('parses with a strict XML parser (saxes, namespaces on)', () => {
    expect(parsed.size).toBeGreaterThanOrEqual(7)
    for (const [name, result] of parsed) expect(result.errors, name).toEqual([])
  })

  it('has unique ids, and every #fragment link reaches one', () => {
    for (const [name, result] of parsed) {
      expect(duplicateIds(result.elements), name).toEqual([])
      expect(danglingFragments(result), name).toEqual([])
    }
  })

  it('keeps chapter-body ids unique across the whole book (the print book is one document)', () => {
    const bodies = [...parsed.values()].flatMap((result) => bodyElements(result))
    expect(duplicateIds(bodies)).toEqual([])
  })

  it('carries no script, style, event handler, javascript: or data: URL, or foreign element in its body', () => {
    for (const [name, result] of parsed) expect(activeContent(result), name).toEqual([])
  })

  it('nests elements the way XHTML allows', () => {
    for (const [name, result] of parsed) expect(contentModelProblems(result), name).toEqual([])
  })

  it('holds no character XML forbids, no byte order mark, no carriage return', () => {
    for (const [name, xhtml] of documents) expect(xhtml, name).not.toMatch(new RegExp(`${notXmlChar.source}|\\uFEFF|\\r|&#x(?:D|FEFF);`, 'i'))
  })
})

describe.each(printableCases())('in the EPUB: $name', (hostile) => {
  it('keeps what is content and drops what is not', () => {
    hostile.check({ parsed: chapter(), messages: hostileMessages() })
  })
})

describe('in the EPUB: deep nesting', () => {
  it('keeps 200 levels of block quote and 60 of list', () => {
    const deep = parsed.get('ch-deep.xhtml')!
    expect(ancestorsOf(elementWithText(deep, 'DEEPQUOTE')!).filter((element) => element.name === 'blockquote')).toHaveLength(200)
    expect(ancestorsOf(elementWithText(deep, 'DEEPLIST60')!).filter((element) => element.name === 'ul')).toHaveLength(60)
  })
})
