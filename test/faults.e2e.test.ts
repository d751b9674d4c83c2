/**
 * Issue 6, faults and the network: a browser that dies mid-render, two
 * builds at once, a stale lock, and proof that a build reaches nothing
 * outside the machine.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import tls from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBook, InterruptedError } from '../src/build.ts'
import { EnvironmentError } from '../src/errors.ts'
import { lockName } from '../src/package/lock.ts'
import { makeBook, projectRoot, validBody, validChapter } from './helpers/book.ts'
import { holdLock } from './helpers/lock-holder.ts'

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')
let root: string
let epubPath: string
let goodHash: string

beforeAll(async () => {
  root = await makeBook({
    '2026-01-05-medical-records-director.md': validChapter(),
    '2026-01-12-nurse.md': validChapter({ published: '2026-01-12', title: 'Nurse' }),
  })
  expect((await buildBook({ root, formats: ['epub'] })).ok).toBe(true)
  epubPath = path.join(root, 'dist/complete/test-careers.epub')
  goodHash = sha(await readFile(epubPath))
}, 120_000)

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** Chromium processes whose user-data-dir is in `tmp`: ours, not those of builds running beside the test. */
function ourBrowserPids(tmp: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (cmdline.includes(`--user-data-dir=${tmp}/springboard-browser-`)) pids.push(Number(entry))
    } catch {
      // the process ended while we looked
    }
  }
  return pids
}

/** Run `work` with a private temp folder, so that leftovers can be told apart from other builds'. */
async function withPrivateTmp<T>(work: (tmp: string) => Promise<T>): Promise<T> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'springboard-faults-tmp-'))
  const saved = process.env.TMPDIR
  process.env.TMPDIR = tmp
  try {
    return await work(tmp)
  } finally {
    if (saved === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = saved
  }
}

describe('a browser that dies mid-render', () => {
  it('gives a clear environment error, leaves dist/ as it was, and no process or temp folder behind', async () => {
    await withPrivateTmp(async (tmp) => {
      // Kill the browser once the paperback's wrap cover page is written and about to print.
      let killed = false
      const killer = setInterval(() => {
        if (killed) return
        const rendering = readdirSync(tmp, { recursive: true }).some((name) => String(name).endsWith('cover.html'))
        const pids = ourBrowserPids(tmp)
        if (rendering && pids.length > 0) {
          for (const pid of pids) process.kill(pid, 'SIGKILL')
          killed = true
        }
      }, 5)
      try {
        const error = await buildBook({ root, formats: ['pdf'] }).then(
          () => undefined,
          (failure: unknown) => failure,
        )
        expect(killed).toBe(true)
        expect(error).toBeInstanceOf(EnvironmentError)
        expect((error as Error).message).toMatch(/The browser stopped unexpectedly \(it crashed or was killed\)/)
      } finally {
        clearInterval(killer)
      }
      expect(sha(await readFile(epubPath))).toBe(goodHash)
      expect((await readdir(path.join(root, 'dist'))).sort()).toEqual(['complete'])
      await expect.poll(() => ourBrowserPids(tmp), { timeout: 30_000 }).toEqual([])
      expect(await readdir(tmp)).toEqual([])
    })
  }, 60_000)
})

describe('a book with problems, built with its PDFs', () => {
  it('reports them, and stops the browser that launched beside the check: no process or temp folder behind', async () => {
    const chapters: Record<string, string> = { '2026-01-05-medical-records-director.md': validChapter({ body: `${validBody()}\nTODO: ask the editor for the salary figure.\n` }) }
    for (let week = 1; week < 12; week++) {
      const published = new Date(Date.UTC(2026, 0, 5 + 7 * week)).toISOString().slice(0, 10)
      chapters[`${published}-career-${week}.md`] = validChapter({ published, title: `Career ${week}` })
    }
    const broken = await makeBook(chapters)
    try {
      await withPrivateTmp(async (tmp) => {
        const result = await buildBook({ root: broken, formats: ['epub', 'pdf', 'handouts'], cache: false })
        expect(result.ok).toBe(false)
        expect(result.files.flatMap((file) => file.messages.map((message) => message.ruleId))).toContain('s-006')
        await expect.poll(() => ourBrowserPids(tmp), { timeout: 10_000 }).toEqual([])
        expect(await readdir(tmp)).toEqual([])
        expect(existsSync(path.join(broken, 'dist'))).toBe(false)
      })
    } finally {
      await rm(broken, { recursive: true, force: true })
    }
  }, 60_000)

  it('a launch cut short: the browser process is stopped and its profile folder removed', async () => {
    await withPrivateTmp(async (tmp) => {
      const { launchBrowser } = await import('../src/browser/index.ts')
      const cancel = new AbortController()
      const launching = launchBrowser({ signal: cancel.signal }).then(
        async (session) => {
          await session.close()
          return 'launched before the abort'
        },
        (error: unknown) => error,
      )
      // Abort once the browser's process exists, while puppeteer waits for it to answer.
      await expect.poll(() => ourBrowserPids(tmp).length, { timeout: 30_000, interval: 2 }).toBeGreaterThan(0)
      cancel.abort()
      const outcome = await launching
      expect(outcome).toBeInstanceOf(EnvironmentError)
      await expect.poll(() => ourBrowserPids(tmp), { timeout: 10_000 }).toEqual([])
      expect(await readdir(tmp)).toEqual([])
    })
  }, 60_000)
})

describe('two builds at once', () => {
  it('both finish, and each file is whole', async () => {
    const results = await Promise.all([buildBook({ root, formats: ['epub'] }), buildBook({ root, formats: ['epub'] })])
    expect(results.map((result) => result.ok)).toEqual([true, true])
    expect(sha(await readFile(epubPath))).toBe(goodHash)
    expect((await readdir(path.join(root, 'dist'))).filter((name) => name.startsWith('.'))).toEqual([])
  }, 120_000)

  /** A build whose progress says when it starts to wait for the output folder. */
  function waitingBuild() {
    const waited: string[] = []
    const build = buildBook({
      root,
      formats: ['epub'],
      progress: {
        stage: (name, detail) => {
          if (name === 'wait') waited.push(detail)
        },
        loop: () => ({ tick() {}, done() {} }),
        detail() {},
      },
    })
    return { waited, build }
  }

  it('a build waits while another holds the output folder, then writes', async () => {
    const holder = await holdLock(path.join(root, 'dist'))
    const lock = path.join(root, 'dist', lockName)
    const held = await readFile(lock, 'utf8')
    // Each build renames a new file into place, so the EPUB's inode tells
    // whether it was written yet. (Its mtime cannot: the kernel stamps files
    // from a coarse clock that can lag Date.now() by a few milliseconds.)
    const before = (await stat(epubPath)).ino
    const { waited, build } = waitingBuild()
    try {
      await expect.poll(() => waited, { timeout: 60_000 }).toEqual([`for the build in process ${holder.pid}`])
      expect((await stat(epubPath)).ino).toBe(before) // nothing written while the other build holds the folder
      expect(await readFile(lock, 'utf8')).toBe(held)
    } finally {
      // The other build finishes.
      await holder.release()
    }
    expect((await build).ok).toBe(true)
    expect((await stat(epubPath)).ino).not.toBe(before) // written after it let go
    expect(sha(await readFile(epubPath))).toBe(goodHash)
    expect(existsSync(lock)).toBe(false)
  }, 60_000)

  it('a lock just created, its pid not yet written, is not taken over', async () => {
    // What a build sees in the moment between another build creating the lock file and writing its pid.
    const lock = path.join(root, 'dist', lockName)
    await writeFile(lock, '')
    const before = (await stat(epubPath)).ino
    const { waited, build } = waitingBuild()
    try {
      await expect.poll(() => waited, { timeout: 60_000 }).toEqual(['for another build'])
      expect((await stat(epubPath)).ino).toBe(before)
      expect(await readFile(lock, 'utf8')).toBe('') // still the other build's, not replaced
    } finally {
      await rm(lock, { force: true })
    }
    expect((await build).ok).toBe(true)
    expect((await stat(epubPath)).ino).not.toBe(before)
    expect(existsSync(lock)).toBe(false)
    expect((await readdir(path.join(root, 'dist'))).filter((name) => name.startsWith('.'))).toEqual([])
  }, 60_000)

  it('a lock without a pid that is old is taken over', async () => {
    const lock = path.join(root, 'dist', lockName)
    await writeFile(lock, '')
    const hourAgo = new Date(Date.now() - 3_600_000)
    await utimes(lock, hourAgo, hourAgo)
    const { waited, build } = waitingBuild()
    expect((await build).ok).toBe(true)
    expect(waited).toEqual([])
    expect(existsSync(lock)).toBe(false)
  }, 60_000)

  it('an interrupted build stops waiting for the output folder', async () => {
    const holder = await holdLock(path.join(root, 'dist'))
    const lock = path.join(root, 'dist', lockName)
    const held = await readFile(lock, 'utf8')
    const controller = new AbortController()
    const waited: string[] = []
    const build = buildBook({
      root,
      formats: ['epub'],
      signal: controller.signal,
      progress: { stage: (name, detail) => void (name === 'wait' && waited.push(detail)), loop: () => ({ tick() {}, done() {} }), detail() {} },
    }).then(
      () => undefined,
      (failure: unknown) => failure,
    )
    try {
      await expect.poll(() => waited.length, { timeout: 60_000 }).toBe(1)
      controller.abort()
      expect(await build).toBeInstanceOf(InterruptedError)
      expect(await readFile(lock, 'utf8')).toBe(held)
    } finally {
      await holder.release()
    }
    expect(sha(await readFile(epubPath))).toBe(goodHash)
  }, 60_000)

  it('a lock left by a process that is gone is taken over', async () => {
    await writeFile(path.join(root, 'dist', lockName), '999999999')
    const result = await buildBook({ root, formats: ['epub'] })
    expect(result.ok).toBe(true)
    expect(existsSync(path.join(root, 'dist', lockName))).toBe(false)
  }, 60_000)
})

describe('no network', () => {
  it('a whole build of the sample book (EPUB and PDF) makes no request outside the machine', async () => {
    const attempts: string[] = []
    const isLoopback = (host: unknown) => host === undefined || host === 'localhost' || /^(127\.|::1$|\[::1\]$)/.test(String(host))
    const originals = { httpRequest: http.request, httpsRequest: https.request, fetch: globalThis.fetch, netConnect: net.connect, tlsConnect: tls.connect, socketConnect: net.Socket.prototype.connect }
    const hostOf = (args: unknown[]) => {
      const first = args[0] as { host?: string; hostname?: string } | string | URL | number
      if (typeof first === 'string') return /^[a-z]+:/.test(first) ? new URL(first).hostname : first
      if (first instanceof URL) return first.hostname
      if (typeof first === 'number') return typeof args[1] === 'string' ? args[1] : 'localhost'
      return first?.hostname ?? first?.host
    }
    http.request = ((...args: unknown[]) => (attempts.push(`http ${hostOf(args)}`), (originals.httpRequest as (...a: unknown[]) => unknown)(...args))) as typeof http.request
    https.request = ((...args: unknown[]) => (attempts.push(`https ${hostOf(args)}`), (originals.httpsRequest as (...a: unknown[]) => unknown)(...args))) as typeof https.request
    globalThis.fetch = ((...args: Parameters<typeof fetch>) => (attempts.push(`fetch ${String(args[0])}`), originals.fetch(...args))) as typeof fetch
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      const host = hostOf(args)
      const pathLike = typeof args[0] === 'object' && args[0] !== null && 'path' in (args[0] as object)
      if (!pathLike && !isLoopback(host)) attempts.push(`socket ${String(host)}`)
      return (originals.socketConnect as (...a: unknown[]) => net.Socket).apply(this, args)
    } as typeof net.Socket.prototype.connect
    const out = await import('node:fs/promises').then((fs) => fs.mkdtemp(path.join(os.tmpdir(), 'springboard-no-network-')))
    try {
      const result = await buildBook({ root: projectRoot, out, formats: ['epub', 'pdf'], volume: 'complete' })
      expect(result.ok).toBe(true)
      expect(result.written.map((file) => path.basename(file.path))).toEqual(
        expect.arrayContaining(['careers-in-health-care.epub', 'careers-in-health-care-print.pdf', 'careers-in-health-care-digital.pdf', 'careers-in-health-care-cover.pdf']),
      )
      expect(result.blocked).toEqual([])
      expect(attempts.filter((attempt) => !/ (localhost|127\.0\.0\.1|::1)$/.test(attempt))).toEqual([])
    } finally {
      Object.assign(http, { request: originals.httpRequest })
      Object.assign(https, { request: originals.httpsRequest })
      globalThis.fetch = originals.fetch
      net.Socket.prototype.connect = originals.socketConnect
      await rm(out, { recursive: true, force: true })
    }
  }, 240_000)

  it('the browser blocks a page that reaches for the network, and says what it blocked', async () => {
    const { launchBrowser } = await import('../src/browser/index.ts')
    const dir = await import('node:fs/promises').then((fs) => fs.mkdtemp(path.join(os.tmpdir(), 'springboard-page-')))
    const session = await launchBrowser()
    try {
      await writeFile(path.join(dir, 'page.html'), '<!DOCTYPE html><img src="https://example.com/x.png"><link rel="stylesheet" href="file:///etc/hostname"><p>hi</p>')
      const page = await session.newPage(dir)
      await page.goto(`file://${dir}/page.html`, { waitUntil: 'load' })
      expect(session.blocked.sort()).toEqual(['file:///etc/hostname', 'https://example.com/x.png'])
    } finally {
      await session.close()
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
