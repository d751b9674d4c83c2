/**
 * check's handout layouts in the build cache (src/cache/handout-layouts.ts): a layout is found again only while
 * everything the handout is made from is the same, or, for a changed chapter, while its handout's HTML is; the
 * cache keeps the entries of the chapters checked. The browser side is in workflow.e2e.test.ts (no browser
 * started when nothing changed; one handout laid out when one chapter changed).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { handoutLayouts, type HandoutFacts } from '../src/cache/handout-layouts.ts'
import { BuildCache, MemoryStore } from '../src/cache/index.ts'

const roots: string[] = []
afterAll(async () => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))))

async function setUp() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'springboard-layouts-'))
  roots.push(root)
  const browser = path.join(root, 'chrome')
  await writeFile(browser, 'one build of a browser')
  const facts: HandoutFacts = { root, config: { title: 'Careers', url: 'https://example.org/' }, volume: { title: 'Careers', chapters: [1, 2, 3], description: 'About careers.' }, browser }
  const cache = new BuildCache(new MemoryStore(), { program: 'program-1' })
  return { root, browser, facts, cache }
}
const chapter = { meta: { title: 'Nurse', competencies: ['Care'] }, body: { type: 'root', children: [] } }
/** A layout of `pages` pages, with what the audit reads of it (a full page drops the excerpts). */
/** What the audit found of a full page (a-006). */
const full = { code: 'a-006' as const, message: 'The handout leaves out its excerpts (The job, Pay, Outlook): the page is full; …' }
const layout = (pages: number, compact = false) => ({ pages, reading: { text: 'CAREER PROFILE Nurse', compact, titleLines: 1, summaryLines: 2, competencies: 1, resources: 1, certifications: 0 } })

describe('handout layouts in the build cache', () => {
  it('are found while the chapter, the config, the volume, the templates and the browser are the same, and only then', async () => {
    const { root, browser, facts, cache } = await setUp()
    handoutLayouts(cache.run(), facts).set('nurse.md', chapter, '<page>', layout(2, true), [full])
    const again = () => handoutLayouts(cache.run(), facts).byInputs('nurse.md', structuredClone(chapter))
    expect(again()).toEqual({ layout: layout(2, true), findings: [full] })

    expect(handoutLayouts(cache.run(), facts).byInputs('nurse.md', { ...chapter, meta: { ...chapter.meta, competencies: ['Care', 'More care'] } })).toBeUndefined()
    expect(handoutLayouts(cache.run(), facts).byInputs('nurse.md', { ...chapter, body: { type: 'root', children: [{ type: 'text', value: 'x' }] } })).toBeUndefined()
    expect(handoutLayouts(cache.run(), { ...facts, config: { title: 'Careers', url: 'https://example.com/' } }).byInputs('nurse.md', chapter)).toBeUndefined()
    expect(handoutLayouts(cache.run(), { ...facts, volume: { ...facts.volume, chapters: [1, 2, 3, 4] } }).byInputs('nurse.md', chapter)).toBeUndefined()
    expect(handoutLayouts(cache.run(), { ...facts, volume: { ...facts.volume, title: 'Careers 2026' } }).byInputs('nurse.md', chapter)).toBeUndefined()
    expect(handoutLayouts(new BuildCache(cache.store, { program: 'program-2' }).run(), facts).byInputs('nurse.md', chapter)).toBeUndefined()
    expect(again()).toEqual({ layout: layout(2, true), findings: [full] })

    // The book's own handout stylesheet, and another browser.
    await mkdir(path.join(root, 'templates', 'print'), { recursive: true })
    await writeFile(path.join(root, 'templates', 'print', 'handout.css'), 'body { color: red }')
    expect(again()).toBeUndefined()
    await rm(path.join(root, 'templates'), { recursive: true })
    expect(again()).toEqual({ layout: layout(2, true), findings: [full] })
    await writeFile(browser, 'another build of the browser')
    expect(again()).toBeUndefined()
  })

  it('take no entry without what the audit reads (one an older version wrote): the handout is laid out again', async () => {
    const { facts, cache } = await setUp()
    const layouts = handoutLayouts(cache.run(), facts)
    layouts.set('nurse.md', chapter, '<page>', { pages: 1 } as never, [])
    expect(handoutLayouts(cache.run(), facts).byInputs('nurse.md', chapter)).toBeUndefined()
    expect(handoutLayouts(cache.run(), facts).byPage('nurse.md', '<page>')).toBeUndefined()
  })

  it('find a changed chapter by its handout page when the page is the same, and keep each chapter checked', async () => {
    const { facts, cache } = await setUp()
    const first = handoutLayouts(cache.run(), facts)
    first.set('nurse.md', chapter, '<page of the nurse>', layout(1), [])
    first.set('pharmacist.md', { ...chapter, meta: { title: 'Pharmacist' } }, '<page of the pharmacist>', layout(1), [])
    first.finish()

    const edited = { ...chapter, body: { type: 'root', children: [{ type: 'text', value: 'a later paragraph' }] } }
    const second = handoutLayouts(cache.run(), facts)
    expect(second.byInputs('nurse.md', edited)).toBeUndefined()
    expect(second.byPage('nurse.md', '<page of the nurse>')).toEqual(layout(1))
    expect(second.byPage('nurse.md', '<another page>')).toBeUndefined()
    // The pharmacist is no longer in the book: its entries go; the nurse's page entry stays though not read.
    second.finish()
    const third = handoutLayouts(cache.run(), facts)
    expect(third.byInputs('pharmacist.md', { ...chapter, meta: { title: 'Pharmacist' } })).toBeUndefined()
    expect(third.byInputs('nurse.md', chapter)).toEqual({ layout: layout(1), findings: [] })
    third.finish()
    expect(handoutLayouts(cache.run(), facts).byPage('nurse.md', '<page of the nurse>')).toEqual(layout(1))
  })
})
