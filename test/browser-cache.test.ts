/**
 * The browser `check` found, kept in the build cache (src/cache/browser.ts) so that a check with every handout's
 * layout known loads no Puppeteer: found again while the settings, Puppeteer's download folders and the browser's
 * file are the same, and only then.
 */
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { knownBrowser, rememberBrowser } from '../src/cache/browser.ts'
import { BuildCache, MemoryStore } from '../src/cache/index.ts'

const roots: string[] = []
afterAll(async () => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))))

describe('the browser check found, in the build cache', () => {
  it('is found again while nothing that decided it changed, and only then', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'springboard-browser-cache-'))
    roots.push(home)
    const browser = path.join(home, 'chromium')
    await writeFile(browser, 'one build of a browser')
    const env = { HOME: home, PATH: '/usr/bin' }
    const cache = new BuildCache(new MemoryStore(), { program: 'program-1' })
    expect(knownBrowser(cache.run(), env)).toBeUndefined()
    rememberBrowser(cache.run(), env, browser)
    expect(knownBrowser(cache.run(), env)).toBe(browser)
    // Another PATH is not a setting it reads.
    expect(knownBrowser(cache.run(), { ...env, PATH: '/bin' })).toBe(browser)

    // A variable that names a browser or sets Puppeteer up.
    expect(knownBrowser(cache.run(), { ...env, SPRINGBOARD_BROWSER: browser })).toBeUndefined()
    expect(knownBrowser(cache.run(), { ...env, PUPPETEER_CACHE_DIR: path.join(home, 'elsewhere') })).toBeUndefined()
    // Another program (another Puppeteer, by the lock file).
    expect(knownBrowser(new BuildCache(cache.store, { program: 'program-2' }).run(), env)).toBeUndefined()

    // Puppeteer downloads a Chrome (its default folder, ~/.cache/puppeteer/chrome).
    await mkdir(path.join(home, '.cache', 'puppeteer', 'chrome', 'linux-1.0.0'), { recursive: true })
    expect(knownBrowser(cache.run(), env)).toBeUndefined()
    rememberBrowser(cache.run(), env, browser)
    expect(knownBrowser(cache.run(), env)).toBe(browser)

    // The browser's file: a new version, then none.
    await writeFile(browser, 'another build of the browser')
    await utimes(browser, new Date(0), new Date(1000))
    expect(knownBrowser(cache.run(), env)).toBeUndefined()
    rememberBrowser(cache.run(), env, browser)
    expect(knownBrowser(cache.run(), env)).toBe(browser)
    await rm(browser)
    expect(knownBrowser(cache.run(), env)).toBeUndefined()
  })
})
