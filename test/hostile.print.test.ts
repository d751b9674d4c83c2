/**
 * Issue 6: hostile content ends as well-formed XHTML with unique ids in the
 * print book too, which is one HTML document for the whole volume.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lintBook } from '../src/build.ts'
import { resolveVolumes } from '../src/config/index.ts'
import { Templates } from '../src/render/index.ts'
import { interiorLayout } from '../src/config/print-layout.ts'
import { renderPrintBook } from '../src/print/html.ts'
import { makeBook } from './helpers/book.ts'
import { deepChapterFile, dotPng, hostileChapterFile } from './helpers/hostile.ts'
import { activeContent, bodyElements, duplicateIds, parseFragment, type ParsedXml } from './helpers/xhtml.ts'

let root: string
let dir: string
let body: ParsedXml

beforeAll(async () => {
  root = await makeBook(
    { '2026-01-05-hostile.md': hostileChapterFile('2026-01-05'), '2026-01-12-deep.md': deepChapterFile('2026-01-12') },
    { files: { 'assets/dot.png': dotPng } },
  )
  dir = await mkdtemp(path.join(os.tmpdir(), 'springboard-hostile-print-'))
  const lint = await lintBook(root)
  const volume = resolveVolumes(lint.config!, lint.chapters.map((transformed) => transformed.chapter)).find((candidate) => candidate.id === 'complete')!
  const book = await renderPrintBook({
    config: lint.config!,
    volume,
    chapters: lint.chapters,
    introduction: lint.introduction!,
    templates: new Templates(root),
    dir,
    layout: interiorLayout(lint.config!.print.trim, false, 0),
  })
  const html = await readFile(book.htmlPath, 'utf8')
  body = parseFragment(/<body[^>]*>([\s\S]*)<\/body>/.exec(html)![1]!)
}, 120_000)

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
  await rm(dir, { recursive: true, force: true })
})

describe('the print book of the hostile chapters', () => {
  it('is well-formed XML', () => {
    expect(body.errors).toEqual([])
    expect(body.elements.length).toBeGreaterThan(100)
  })

  it('has unique ids across the whole volume', () => {
    expect(duplicateIds(bodyElements(body))).toEqual([])
  })

  it('carries nothing that runs', () => {
    expect(activeContent(body)).toEqual([])
  })
})
