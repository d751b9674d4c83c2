/**
 * The command as editors run it: scripts/springboard.js loads src/ as one
 * CommonJS bundle, compiled from a V8 code cache once there is one
 * (scripts/cli-bundle.js). The other tests call src/ directly, so this is
 * where that path is checked: the cache is made, used, refused when V8's
 * flags differ, and a build from it is the same build.
 */
import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from './helpers/book.ts'

let work: string
let cacheFile: string

function command(args: string[], nodeFlags: string[] = []): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, path.join(projectRoot, 'scripts/springboard.js'), ...args], {
      cwd: projectRoot,
      // Its own cache file, so that the commands other tests run at the same time do not make or replace it.
      env: { ...process.env, CI: 'true', SPRINGBOARD_DEBUG: '1', SPRINGBOARD_CODE_CACHE: cacheFile },
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

const epubBuild = (out: string) => ['build', '--root', projectRoot, '--out', out, '--format', 'epub', '--volume', 'complete', '--quiet']

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'springboard-bundle-'))
  cacheFile = path.join(work, 'cli.v8cache')
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('the bundled command and its code cache', () => {
  it('makes the cache on its first run, starts from it on the next, and builds the same EPUB', async () => {
    const first = await command(epubBuild(path.join(work, 'first')))
    expect(first.code, first.stderr).toBe(0)
    expect(first.stderr).toMatch(/code cache none/)
    expect(first.stderr).toMatch(/code cache written/)
    // The whole bundle's top level and what the build called: megabytes, not a stub.
    expect(statSync(cacheFile).size).toBeGreaterThan(500_000)

    const second = await command(epubBuild(path.join(work, 'second')))
    expect(second.code, second.stderr).toBe(0)
    expect(second.stderr).toMatch(/code cache used/)
    expect(second.stderr).not.toMatch(/code cache written/)
    expect(second.stderr).not.toMatch(/running from source/)

    const epub = 'complete/careers-in-health-care.epub'
    expect(await readFile(path.join(work, 'second', epub))).toEqual(await readFile(path.join(work, 'first', epub)))
  }, 120_000)

  it('prints PDFs from the cache (pdf.js, an ES module, is imported through the loader)', async () => {
    if (!existsSync(cacheFile)) await command(epubBuild(path.join(work, 'warm')))
    const run = await command(['build', '--root', projectRoot, '--out', path.join(work, 'week'), '--format', 'handouts', '--week', '2026-01-12', '--quiet'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/code cache used/)
    const handouts = path.join(work, 'week', 'week-2026-W03', 'handouts')
    const pdfs = await readdir(handouts)
    expect(pdfs).toEqual(['registered-nurse.pdf'])
    expect((await readFile(path.join(handouts, pdfs[0]!))).subarray(0, 5).toString()).toBe('%PDF-')
  }, 180_000)

  it('does not use a cache made under other V8 flags, and replaces it', async () => {
    if (!existsSync(cacheFile)) await command(epubBuild(path.join(work, 'warm')))
    const run = await command(epubBuild(path.join(work, 'flags')), ['--max-semi-space-size=4'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/code cache rejected/)
    expect(run.stderr).toMatch(/code cache written/)
    const again = await command(epubBuild(path.join(work, 'flags-again')), ['--max-semi-space-size=4'])
    expect(again.stderr).toMatch(/code cache used/)
  }, 120_000)

  it('is plain ASCII, so that V8 holds its 3.7 MB as one byte per character', async () => {
    // esbuild escapes non-ASCII in strings but copies regular expressions as written: one curly quote in a
    // pattern in src/ made the whole bundle a two-byte string (read in 17 ms instead of 8). Write it \u2019.
    const made = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(projectRoot, 'scripts/cli-bundle.js')], { cwd: projectRoot })
      let stdout = ''
      child.stdout.on('data', (chunk) => (stdout += chunk))
      child.on('error', reject)
      child.on('close', (code) => (code === 0 ? resolve(stdout.trim()) : reject(new Error(`cli-bundle.js exited ${code}`))))
    })
    for (const file of [made, path.join(path.dirname(made), 'parse-worker.cjs')]) {
      const text = await readFile(file)
      expect(text.length).toBeGreaterThan(100_000)
      const first = text.findIndex((byte) => byte > 0x7f)
      const around = first === -1 ? '' : text.subarray(Math.max(0, first - 80), first + 40).toString()
      expect(first, `${file}: non-ASCII at byte ${first}, in: ${around}`).toBe(-1)
    }
  }, 120_000)
})
