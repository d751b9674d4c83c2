/**
 * src/validate/parse-pool.ts parses a big book in two threads. The command
 * must report and build exactly what it does in one: the same messages at
 * the same places, the same EPUB bytes. Run through the command (the
 * worker exists only in its bundle, scripts/cli-bundle.js).
 */
import { spawn } from 'node:child_process'
import { statSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bookConfig, makeChapters } from '../scripts/bench/generate.ts'
import { projectRoot } from './helpers/book.ts'

function runCommand(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'scripts/springboard.js'), ...args], { cwd, env: { ...process.env, CI: 'true', SPRINGBOARD_DEBUG: '1', ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const chapters = makeChapters(120)
let root: string

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'springboard-pool-'))
  await mkdir(path.join(root, 'chapters'))
  // No cover art: the build makes one only for PDFs.
  await writeFile(path.join(root, 'springboard.yaml'), bookConfig(chapters.length).replace(/^cover: .*\n/m, ''))
  for (const chapter of chapters) await writeFile(path.join(root, 'chapters', chapter.fileName), chapter.text)
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('parsing in two threads', () => {
  it('reports the same problems at the same places as one thread', async () => {
    // Problems spread over the book, so both threads parse some of them.
    const damaged = [3, 57, 111].map((index) => chapters[index]!)
    await writeFile(path.join(root, 'chapters', damaged[0]!.fileName), damaged[0]!.text.replace('## Salary', '## Pay'))
    await writeFile(path.join(root, 'chapters', damaged[1]!.fileName), `${damaged[1]!.text}\nSee [a chapter](2099-01-05-nobody.md).\n`)
    await writeFile(path.join(root, 'chapters', damaged[2]!.fileName), `${damaged[2]!.text}\n<script>alert(1)</script>\n`)
    try {
      const two = await runCommand(['check', '--format', 'json'], root, {})
      const one = await runCommand(['check', '--format', 'json'], root, { SPRINGBOARD_PARSE_WORKER: '0' })
      expect(two.stderr).toMatch(/the parse worker parsed [1-9]\d* of 120 chapters/)
      expect(one.stderr).not.toMatch(/parse worker/)
      expect(two.code).toBe(1)
      expect(one.code).toBe(1)
      const problems = JSON.parse(two.stdout) as unknown[]
      expect(problems.length).toBeGreaterThanOrEqual(3)
      expect(two.stdout).toBe(one.stdout)
    } finally {
      for (const chapter of damaged) await writeFile(path.join(root, 'chapters', chapter.fileName), chapter.text)
    }
  }, 120_000)

  it('makes the same EPUB, byte for byte', async () => {
    const two = await runCommand(['build', '--format', 'epub', '--out', 'two'], root, {})
    const one = await runCommand(['build', '--format', 'epub', '--out', 'one'], root, { SPRINGBOARD_PARSE_WORKER: '0' })
    expect(two.code, two.stderr).toBe(0)
    expect(one.code, one.stderr).toBe(0)
    expect(two.stderr).toMatch(/the parse worker parsed [1-9]\d* of 120 chapters/)
    const epub = (out: string) => readFile(path.join(root, out, 'complete', 'careers-in-health-care.epub'))
    expect((await epub('two')).equals(await epub('one'))).toBe(true)
  }, 120_000)

  it('compiles the worker from a code cache that its first build writes, and builds the same EPUB from it', async () => {
    // A cache file of this test's own, so that it starts from none (scripts/code-cache.cjs).
    const cache = path.join(root, 'cli.v8cache')
    const first = await runCommand(['build', '--format', 'epub', '--out', 'cache-first'], root, { SPRINGBOARD_CODE_CACHE: cache })
    expect(first.code, first.stderr).toBe(0)
    expect(first.stderr).toMatch(/parse-worker code cache none/)
    expect(first.stderr).toMatch(/parse-worker code cache written/)
    expect(statSync(`${cache}.parse-worker`).size).toBeGreaterThan(50_000)

    const second = await runCommand(['build', '--format', 'epub', '--out', 'cache-second'], root, { SPRINGBOARD_CODE_CACHE: cache })
    expect(second.code, second.stderr).toBe(0)
    expect(second.stderr).toMatch(/parse-worker code cache used/)
    expect(second.stderr).not.toMatch(/parse-worker code cache written/)
    expect(second.stderr).toMatch(/the parse worker parsed [1-9]\d* of 120 chapters/)
    const epub = (out: string) => readFile(path.join(root, out, 'complete', 'careers-in-health-care.epub'))
    expect((await epub('cache-second')).equals(await epub('cache-first'))).toBe(true)
  }, 120_000)
})
