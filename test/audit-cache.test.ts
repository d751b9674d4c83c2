/**
 * The EPUB audit's findings in the build cache (src/cache/audits.ts): found again only for the same chapter
 * document, byte for byte, and the same chapter; a document that changed is audited again, and what it lost
 * is reported.
 */
import { rm } from 'node:fs/promises'
import JSZip from 'jszip'
import { afterAll, describe, expect, it } from 'vitest'
import { auditEpub } from '../src/audit/epub.ts'
import { SourceCache } from '../src/audit/index.ts'
import { lintBook } from '../src/build.ts'
import { epubAuditCache } from '../src/cache/audits.ts'
import { BuildCache, MemoryStore } from '../src/cache/index.ts'
import { resolveVolumes } from '../src/config/index.ts'
import { packageVolumeEpub } from '../src/package/volume-epub.ts'
import { Templates } from '../src/render/index.ts'
import { makeBook, validChapter } from './helpers/book.ts'

const roots: string[] = []
afterAll(async () => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))))

describe('the EPUB audit in the build cache', () => {
  it('finds the findings again for the same document and chapter, and audits a changed document again', async () => {
    const root = await makeBook({ '2026-01-05-medical-records-director.md': validChapter(), '2026-01-12-nurse.md': validChapter({ published: '2026-01-12', title: 'Nurse' }) })
    roots.push(root)
    const lint = await lintBook(root)
    const config = lint.config!
    const volume = resolveVolumes(config, lint.chapters.map((transformed) => transformed.chapter))[0]!
    const epub = await packageVolumeEpub({ root, config, volume, chapters: lint.chapters, introduction: lint.introduction!, templates: new Templates(root), modified: new Date(0), workDir: `${root}/work` })
    const byFile = new Map(lint.chapters.map((transformed) => [transformed.chapter.file.path, transformed]))
    const cache = new BuildCache(new MemoryStore(), { program: 'program-1' })
    const audit = async (data: Uint8Array, counted: { audited: number }, source = (path: string) => JSON.stringify([byFile.get(path)!.chapter.meta, byFile.get(path)!.blocks])) => {
      const known = epubAuditCache(cache.run(), volume.id, config.language, (chapter) => source(chapter.file.path))
      const counting = { get: known.get, set: (...args: Parameters<typeof known.set>) => (counted.audited++, known.set(...args)) }
      const found = await auditEpub(data, volume.chapters, new SourceCache(config.language, lint.chapters), counting)
      return [...found.values()].flat().map((finding) => `${finding.code} ${finding.message}`)
    }

    const first = { audited: 0 }
    expect(await audit(epub, first)).toEqual([])
    expect(first.audited).toBe(2)
    const again = { audited: 0 }
    expect(await audit(epub, again)).toEqual([])
    expect(again.audited).toBe(0)

    // The nurse's document loses a paragraph: audited again, and the loss reported; the other is still known.
    const zip = await JSZip.loadAsync(epub)
    const name = Object.keys(zip.files).find((file) => file.endsWith('ch-nurse.xhtml'))!
    const document = await zip.file(name)!.async('string')
    const cut = document.replace(/<p>[^<]*<\/p>/, '')
    expect(cut).not.toBe(document)
    zip.file(name, cut)
    const broken = await zip.generateAsync({ type: 'uint8array' })
    const changed = { audited: 0 }
    const findings = await audit(broken, changed)
    expect(changed.audited).toBe(1)
    expect(findings).toEqual([expect.stringMatching(/^a-001 The paragraph at line \d+ is not in the EPUB/)])

    // The same document, another chapter source (its blocks): audited again.
    const other = { audited: 0 }
    await audit(epub, other, (path) => `another version of ${path}`)
    expect(other.audited).toBe(2)
  })
})
