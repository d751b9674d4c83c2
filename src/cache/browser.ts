/**
 * The browser `check` lays handouts out with, in the build cache (index.ts, its one rule). Finding it asks
 * Puppeteer where its download would be, and loading Puppeteer takes about 0.2 s of a `check` that, with every
 * handout's layout known, starts no browser at all. So the browser found is an entry like any other, kept while
 * what decided it is the same:
 * - the variables that name a browser or set Puppeteer up (`SPRINGBOARD_BROWSER`, `PUPPETEER_*`, `HOME`);
 * - the folders Puppeteer downloads browsers into (its documented default, `~/.cache/puppeteer`, or
 *   `PUPPETEER_CACHE_DIR`): a download adds a folder there;
 * - the browser's file itself: its path, size and time (a new version of the system's Chromium).
 * Puppeteer's own version is the lock file's, one of the cache's versions.
 */
import { statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { CacheRun } from './index.ts'

const id = 'browser'

/** What stands for a browser's version: its path, size and time. */
export function browserStamp(file: string): string {
  const stat = statSync(file, { throwIfNoEntry: false })
  return `${file}\0${stat?.size ?? 'none'}\0${stat?.mtimeMs ?? 'none'}`
}

function settings(env: NodeJS.ProcessEnv): string {
  const names = Object.keys(env).filter((name) => name === 'SPRINGBOARD_BROWSER' || name === 'HOME' || name.startsWith('PUPPETEER_')).sort()
  return JSON.stringify(names.map((name) => [name, env[name]]))
}

function downloadFolders(env: NodeJS.ProcessEnv): string[] {
  const cache = env.PUPPETEER_CACHE_DIR || path.join(env.HOME || os.homedir(), '.cache', 'puppeteer')
  return [cache, path.join(cache, 'chrome'), path.join(cache, 'chrome-headless-shell')]
}

/** The browser found before, while nothing that decided it changed; undefined: find it again. */
export function knownBrowser(run: CacheRun, env: NodeJS.ProcessEnv): string | undefined {
  const value = run.get('browser', id, { settings: settings(env) })?.value as { file?: unknown; stamp?: unknown } | undefined
  if (typeof value?.file !== 'string' || value.stamp !== browserStamp(value.file)) return undefined
  return value.file
}

export function rememberBrowser(run: CacheRun, env: NodeJS.ProcessEnv, file: string): void {
  const reads = run.log()
  reads.input('settings', settings(env))
  for (const folder of downloadFolders(env)) reads.folder(folder)
  run.set('browser', id, reads, { file, stamp: browserStamp(file) })
}
