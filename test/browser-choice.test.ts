/**
 * Which browser findBrowser picks (src/browser/index.ts; the order the README states): a variable that names
 * one, then the Chrome that `npm ci` downloaded for Puppeteer, then a system Chromium. This machine cannot
 * download, so the download is a fake Puppeteer cache folder (PUPPETEER_CACHE_DIR) holding a file where
 * Puppeteer itself says its Chrome would be. Each case runs in a process of its own, with only the
 * variables it sets, and from the project folder (Puppeteer reads its settings from package.json there).
 * Nothing is launched: a choice is a path.
 */
import { execFile } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from './helpers/book.ts'

const run = promisify(execFile)
const scratch = mkdtempSync(path.join(os.tmpdir(), 'springboard-browser-choice-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const browserModule = pathToFileURL(path.join(projectRoot, 'src/browser/index.ts')).href

/** In a new process: where Puppeteer's Chrome would be (`where`), or findBrowser's choice (or its error) given the system paths. */
async function inProcess(env: Record<string, string>, what: { where: true } | { systemPaths: string[] }): Promise<{ path?: string; error?: string; hint?: string }> {
  const script =
    'where' in what
      ? `const { default: puppeteer } = await import('puppeteer'); console.log(JSON.stringify({ path: await puppeteer.executablePath() }))`
      : `const { findBrowser } = await import(${JSON.stringify(browserModule)})
         try { console.log(JSON.stringify({ path: await findBrowser(process.env, ${JSON.stringify(what.systemPaths)}) })) }
         catch (error) { console.log(JSON.stringify({ error: error.message, hint: error.hint, name: error.constructor.name })) }`
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: projectRoot, env: { PATH: process.env.PATH!, HOME: scratch, ...env } })
  return JSON.parse(stdout) as { path?: string; error?: string; hint?: string }
}

/** An executable file standing for a browser (never run). */
function fakeBrowser(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, '#!/bin/sh\nexit 1\n')
  chmodSync(file, 0o755)
  return file
}

describe('findBrowser', () => {
  const emptyCache = path.join(scratch, 'empty-cache')
  const fullCache = path.join(scratch, 'full-cache')
  const system = fakeBrowser(path.join(scratch, 'system/chromium'))
  let downloaded: string

  beforeAll(async () => {
    mkdirSync(emptyCache, { recursive: true })
    // Where Puppeteer's download of its Chrome would be, asked of Puppeteer with that cache folder.
    downloaded = (await inProcess({ PUPPETEER_CACHE_DIR: fullCache }, { where: true })).path!
    fakeBrowser(downloaded)
  })

  it('looks for the download where Puppeteer keeps it: inside its cache folder', () => {
    expect(downloaded.startsWith(`${fullCache}${path.sep}chrome${path.sep}`)).toBe(true)
  })

  it('prefers the Chrome that npm ci downloaded to a system Chromium', async () => {
    expect(await inProcess({ PUPPETEER_CACHE_DIR: fullCache }, { systemPaths: [system] })).toEqual({ path: downloaded })
  })

  it('uses the system Chromium where nothing was downloaded (PUPPETEER_SKIP_DOWNLOAD, or no network)', async () => {
    expect(await inProcess({ PUPPETEER_CACHE_DIR: emptyCache }, { systemPaths: ['/nonexistent/chrome', system] })).toEqual({ path: system })
  })

  it('takes PUPPETEER_EXECUTABLE_PATH, and SPRINGBOARD_BROWSER before it, over both', async () => {
    const named = fakeBrowser(path.join(scratch, 'named/chrome'))
    const first = fakeBrowser(path.join(scratch, 'first/chrome'))
    expect(await inProcess({ PUPPETEER_CACHE_DIR: fullCache, PUPPETEER_EXECUTABLE_PATH: named }, { systemPaths: [system] })).toEqual({ path: named })
    expect(await inProcess({ PUPPETEER_CACHE_DIR: fullCache, PUPPETEER_EXECUTABLE_PATH: named, SPRINGBOARD_BROWSER: first }, { systemPaths: [system] })).toEqual({ path: first })
  })

  it('without either, is an environment error whose hint names both fixes', async () => {
    const none = await inProcess({ PUPPETEER_CACHE_DIR: emptyCache }, { systemPaths: ['/nonexistent/chrome'] })
    expect(none).toMatchObject({ name: 'EnvironmentError', error: expect.stringMatching(/^No Chrome or Chromium browser found/) })
    expect(none.hint).toMatch(/`npm ci`/)
    expect(none.hint).toMatch(/npx puppeteer browsers install chrome/)
    expect(none.hint).toMatch(/sudo apt-get install chromium/)
  })
})
