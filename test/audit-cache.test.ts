/**
 * The EPUB audit's findings in the build cache (src/cache/audits.ts): found again only for the same chapter
 * document as stored, byte for byte, and the same chapter (what its check read); a document that changed is
 * audited again, and what it lost is reported.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import JSZip from 'jszip'
import { afterAll, describe, expect, it } from 'vitest'
import { auditEpub } from '../src/audit/epub.ts'
import { SourceCache } from '../src/audit/index.ts'
import { lintBook } from '../src/build.ts'
import { silentProgress } from '../src/report/progress.ts'
import { epubAuditCache } from '../src/cache/audits.ts'
import { BuildCache, MemoryStore } from '../src/cache/index.ts'
import { resolveVolumes } from '../src/config/index.ts'
import { packageVolumeEpub } from '../src/package/volume-epub.ts'
import { Templates } from '../src/render/index.ts'
import { makeBook, validChapter } from './helpers/book.ts'

const roots: string[] = []
afterAll(async () => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))))

describe('the EPUB audit in the build cache', () => {
  it('finds the findings again for the same stored document and chapter, and audits a changed one again', async () => {
    const root = await makeBook({ '2026-01-05-medical-records-director.md': validChapter(), '2026-01-12-nurse.md': validChapter({ published: '2026-01-12', title: 'Nurse' }) })
    roots.push(root)
    const cache = new BuildCache(new MemoryStore(), { program: 'program-1' })
    const check = async () => {
      const lint = await lintBook(root, silentProgress, cache)
      const volume = resolveVolumes(lint.config!, lint.chapters.map((transformed) => transformed.chapter))[0]!
      return { lint, volume }
    }
    const { lint, volume } = await check()
    const config = lint.config!
    const epub = await packageVolumeEpub({ root, config, volume, chapters: lint.chapters, introduction: lint.introduction!, templates: new Templates(root), modified: new Date(0), workDir: `${root}/work` })
    const audit = async (data: Uint8Array, counted: { audited: number }, checked = { lint, volume }) => {
      const known = epubAuditCache(checked.lint.cacheRun!, checked.volume.id, config.language)
      const counting = { get: known.get, set: (...args: Parameters<typeof known.set>) => (counted.audited++, known.set(...args)) }
      const found = await auditEpub(data, checked.volume.chapters, new SourceCache(config.language, checked.lint.chapters), counting)
      return [...found.values()].flat().map((finding) => `${finding.code} ${finding.message}`)
    }

    const first = { audited: 0 }
    expect(await audit(epub, first)).toEqual([])
    expect(first.audited).toBe(2)
    const again = { audited: 0 }
    expect(await audit(epub, again)).toEqual([])
    expect(again.audited).toBe(0)

    // The EPUB zipped again (by JSZip, stored), then the nurse's document loses a paragraph in it: the changed
    // document is audited again and its loss reported; the other, stored the same, is still known.
    const zip = await JSZip.loadAsync(epub)
    const restored = await zip.generateAsync({ type: 'uint8array' })
    const stored = { audited: 0 }
    expect(await audit(restored, stored)).toEqual([])
    expect(stored.audited).toBe(2)
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

    // The EPUB as zipped again, the nurse's chapter edited (its check read another text): the director is
    // still known, the nurse is audited again, and the new paragraph is not in that EPUB.
    const nurse = `${root}/chapters/2026-01-12-nurse.md`
    await writeFile(nurse, `${await readFile(nurse, 'utf8')}\nOne more paragraph.\n`)
    const edited = { audited: 0 }
    const afterEdit = await audit(restored, edited, await check())
    expect(edited.audited).toBe(1)
    expect(afterEdit).toEqual([expect.stringMatching(/^a-001 The paragraph at line \d+ is not in the EPUB/)])
  })
  it('reads a cached chapter\'s blocks from their own entry only when asked, the same as the check made them; without it, from the text', async () => {
    const root = await makeBook({ '2026-01-05-medical-records-director.md': validChapter() })
    roots.push(root)
    const store = new MemoryStore()
    const cache = new BuildCache(store, { program: 'program-1' })
    const fresh = (await lintBook(root, silentProgress, cache)).chapters[0]!
    const made = fresh.blocks!()!
    expect(made.body.length).toBeGreaterThan(3)
    const reads: string[] = []
    const read = store.read.bind(store)
    store.read = (kind, name) => (reads.push(kind), read(kind, name))
    const cached = (await lintBook(root, silentProgress, cache)).chapters[0]!
    expect(reads).toEqual(['chapters'])
    expect(cached.blocks!()).toEqual(made)
    expect(reads).toEqual(['chapters', 'blocks'])
    const language = 'en-US'
    const expected = new SourceCache(language, [fresh]).blocksOf(fresh.chapter)
    expect(new SourceCache(language, [cached]).blocksOf(cached.chapter)).toEqual(expected)
    store.prune('blocks', new Set())
    const without = (await lintBook(root, silentProgress, cache)).chapters[0]!
    expect(without.blocks!()).toBeUndefined()
    expect(new SourceCache(language, [without]).blocksOf(without.chapter)).toEqual(expected)
  })
})
