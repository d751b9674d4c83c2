/**
 * check's handout layouts (src/cache/handout-layouts.ts): a layout is found again only when everything the
 * handout is made from is the same; the store keeps the most recently used. The browser side is in
 * workflow.e2e.test.ts (no browser started when nothing changed; one handout laid out when one chapter changed).
 */
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DiskHandoutLayouts, handoutBookKey, handoutLayoutKey } from '../src/cache/handout-layouts.ts'

const roots: string[] = []
afterAll(async () => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))))
async function folder(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'springboard-layouts-'))
  roots.push(root)
  return root
}

describe('handout layout keys', () => {
  it('change with the chapter, the config, the templates, the volume, the program and the browser, and only with them', async () => {
    const root = await folder()
    const browser = path.join(root, 'chrome')
    await writeFile(browser, 'one build of a browser')
    const volume = { title: 'Careers', chapters: [1, 2, 3], description: 'About careers.' }
    const config = { title: 'Careers', url: 'https://example.org/' }
    const chapter = { meta: { title: 'Nurse', competencies: ['Care'] }, body: { type: 'root', children: [] } }
    const book = handoutBookKey({ root, config, volume, browser }, 'program-1')
    const key = handoutLayoutKey(book, chapter)
    expect(handoutLayoutKey(handoutBookKey({ root, config: { ...config }, volume: { ...volume }, browser }, 'program-1'), structuredClone(chapter))).toBe(key)

    const changed = [
      handoutLayoutKey(book, { ...chapter, meta: { ...chapter.meta, competencies: ['Care', 'More care'] } }),
      handoutLayoutKey(book, { ...chapter, body: { type: 'root', children: [{ type: 'text', value: 'x' }] } }),
      handoutLayoutKey(handoutBookKey({ root, config: { ...config, url: 'https://example.com/' }, volume, browser }, 'program-1'), chapter),
      handoutLayoutKey(handoutBookKey({ root, config, volume: { ...volume, chapters: [1, 2, 3, 4] }, browser }, 'program-1'), chapter),
      handoutLayoutKey(handoutBookKey({ root, config, volume: { ...volume, title: 'Careers 2026' }, browser }, 'program-1'), chapter),
      handoutLayoutKey(handoutBookKey({ root, config, volume, browser }, 'program-2'), chapter),
    ]
    await writeFile(path.join(root, 'chrome'), 'another build of the browser')
    changed.push(handoutLayoutKey(handoutBookKey({ root, config, volume, browser }, 'program-1'), chapter))
    await mkdir(path.join(root, 'templates'))
    await writeFile(path.join(root, 'templates', 'handout.css'), 'body { color: red }')
    changed.push(handoutLayoutKey(handoutBookKey({ root, config, volume, browser }, 'program-1'), chapter))
    expect(new Set([key, ...changed]).size).toBe(changed.length + 1)
  })
})

describe('the disk store', () => {
  it('gives back what was kept, nothing for an unknown or damaged entry, and keeps the most recently used', async () => {
    const root = await folder()
    const store = new DiskHandoutLayouts(root, { limit: 2 })
    expect(store.get('a')).toBeUndefined()
    store.set('a', 1)
    store.set('b', 2)
    store.set('c', 1)
    expect([store.get('a'), store.get('b'), store.get('c')]).toEqual([1, 2, 1])
    const dir = path.join(root, '.springboard-cache', 'handout-layouts')
    await writeFile(path.join(dir, 'd.json'), '{"pages": "two"}')
    expect(store.get('d')).toBeUndefined()
    // Oldest first: b, then a; c and d are the newest.
    const times: Record<string, number> = { a: 2000, b: 1000, c: 3000, d: 4000 }
    for (const [name, seconds] of Object.entries(times)) await utimes(path.join(dir, `${name}.json`), seconds, seconds)
    store.trim()
    expect((await readdir(dir)).sort()).toEqual(['c.json', 'd.json'])
  })
})
