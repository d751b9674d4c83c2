/**
 * Issue 22, the process half: the command is killed, interrupted, or
 * meets a tool that never ends, a lock it must not trust, a busy port, a
 * full temp folder or a reader that stops reading. The real command runs
 * as a child (`scripts/springboard.js`), with the real Chromium, EPUBCheck
 * and Java; every process a test starts carries this file's mark
 * (helpers/orphans.ts), so one left running, even orphaned, fails the test.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, statfs, symlink, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBook } from '../src/build.ts'
import { EnvironmentError } from '../src/errors.ts'
import { lockName, lockText } from '../src/package/lock.ts'
import { runTool } from '../src/process/children.ts'
import { processStart } from '../src/process/tree.ts'
import { makeBook, projectRoot, validChapter } from './helpers/book.ts'
import { runCli } from './helpers/cli.ts'
import { canMountTmpfs, deadPid, withTmpfs } from './helpers/machine.ts'
import { checkForLeftoverProcesses, processesOfThisRun } from './helpers/orphans.ts'

checkForLeftoverProcesses()

const command = path.join(projectRoot, 'scripts/springboard.js')
const folders: string[] = []
let root: string

beforeAll(async () => {
  root = await book()
  expect((await buildBook({ root, formats: ['epub'], volume: 'complete' })).ok).toBe(true)
}, 120_000)

afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })))
})

async function book(): Promise<string> {
  const made = await makeBook({
    '2026-01-05-medical-records-director.md': validChapter(),
    '2026-01-12-nurse.md': validChapter({ published: '2026-01-12', title: 'Nurse' }),
  })
  folders.push(made)
  return made
}

interface Finished {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** `springboard …` as a process of its own, as an editor runs it. */
function springboard(args: readonly string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(process.execPath, [command, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk))
  const done = new Promise<Finished>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })))
  return { child, done }
}

/** Wait until a process of this test file runs whose command line matches. */
async function waitForProcess(pattern: RegExp): Promise<void> {
  await expect.poll(() => processesOfThisRun().some((process) => pattern.test(process.command)), { timeout: 90_000, interval: 50 }).toBe(true)
}

const chromium = /chrom(e|ium)/i
const java = /\bjava\b.*epubcheck/

describe('Chromium dies with the command (defect 7)', () => {
  it('SIGKILL of a PDF build leaves no browser process behind', async () => {
    const run = springboard(['build', '--root', root, '--format', 'pdf', '--no-cache', '--out', path.join(root, 'out-killed')])
    await waitForProcess(chromium)
    run.child.kill('SIGKILL')
    expect((await run.done).signal).toBe('SIGKILL')
    // helpers/orphans.ts: the check after the test fails if any Chromium of this run is left.
  }, 120_000)
})

describe('the first Ctrl-C stops every command and cleans up; a second exits at once (defect 7)', () => {
  it('build: exit 130 while printing, dist/ as it was, no browser left', async () => {
    const before = await readdir(path.join(root, 'dist'), { recursive: true })
    const run = springboard(['build', '--root', root, '--format', 'pdf', '--no-cache'])
    await waitForProcess(chromium)
    run.child.kill('SIGINT')
    const done = await run.done
    expect(done.code).toBe(130)
    expect(done.stderr).toContain('springboard: Interrupted; dist/ was left as it was')
    expect(await readdir(path.join(root, 'dist'), { recursive: true })).toEqual(before)
  }, 120_000)

  it('check: exit 130 while it lays the handouts out, no browser left', async () => {
    const run = springboard(['check', '--root', root, '--no-cache'])
    await waitForProcess(chromium)
    run.child.kill('SIGINT')
    const done = await run.done
    expect(done.code).toBe(130)
    expect(done.stderr).toContain('springboard: Interrupted')
  }, 120_000)

  it('verify: exit 130 while EPUBCheck runs, and no Java left', async () => {
    const run = springboard(['verify', '--root', root])
    await waitForProcess(java)
    run.child.kill('SIGTERM')
    const done = await run.done
    expect(done.code).toBe(130)
    expect(done.stderr).toContain('springboard: Interrupted')
    expect(done.stdout).not.toMatch(/passed, \d+ failed/)
  }, 120_000)

  it('verify: a second Ctrl-C exits at once, and still leaves no Java', async () => {
    const run = springboard(['verify', '--root', root])
    await waitForProcess(java)
    run.child.kill('SIGINT')
    run.child.kill('SIGINT')
    expect((await run.done).code).toBe(130)
  }, 120_000)

  it('dev: exit 0 and the server closed', async () => {
    const port = await freePort()
    const run = springboard(['dev', '--root', root, '--port', String(port)])
    await expect.poll(() => fetch(`http://127.0.0.1:${port}/__dev/state`).then((response) => response.ok, () => false), { timeout: 90_000 }).toBe(true)
    run.child.kill('SIGINT')
    expect((await run.done).code).toBe(0)
    await expect(fetch(`http://127.0.0.1:${port}/__dev/state`)).rejects.toThrow()
  }, 120_000)

  it('dev whose first build cannot finish exits by itself (2), without waiting for a Ctrl-C', async () => {
    const run = springboard(['dev', '--root', root, '--port', String(await freePort()), '--out', '/proc/springboard-nope'])
    const done = await run.done
    expect(done.code).toBe(2)
    expect(done.stderr).toContain('springboard: Cannot create the output folder /proc/springboard-nope')
  }, 120_000)
})

describe('a tool that never ends (defect 7)', () => {
  it('verify stops EPUBCheck at its time limit on an EPUB that makes it work without end (an entity bomb), exit 2, no Java left', async () => {
    const bombed = await book()
    expect((await buildBook({ root: bombed, formats: ['epub'], volume: 'complete' })).ok).toBe(true)
    const epub = path.join(bombed, 'dist/complete/test-careers.epub')
    await writeFile(epub, await withEntityBomb(await readFile(epub)))
    const run = springboard(['verify', '--root', bombed], { SPRINGBOARD_TOOL_TIMEOUT: '15' })
    const done = await run.done
    expect(done.code).toBe(2)
    expect(done.stderr).toContain('springboard: EPUBCheck 5.1.0 on test-careers.epub did not finish within 15 s; it was stopped')
  }, 180_000)

  it('a tool is stopped with what it started, even a helper that left its process group', async () => {
    const started = Date.now()
    const error = await runTool('sh', ['-c', 'setsid sleep 600 & sleep 600'], { timeoutMs: 1_000, doing: 'a tool that hangs' }).catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(EnvironmentError)
    expect((error as Error).message).toBe('a tool that hangs did not finish within 1 s; it was stopped')
    expect(Date.now() - started).toBeLessThan(60_000)
  }, 90_000)

  it('an interrupted tool is stopped too', async () => {
    const controller = new AbortController()
    const running = runTool('sh', ['-c', 'sleep 600 & sleep 600'], { timeoutMs: 600_000, signal: controller.signal }).catch((failure: unknown) => failure)
    await waitForProcess(/^sleep 600/)
    controller.abort()
    expect(await running).toMatchObject({ name: 'InterruptedError' })
  }, 90_000)
})

describe('locks: the pid alone proves nothing (defect 7)', () => {
  async function buildWaits(lockContent: string): Promise<string[]> {
    const out = await mkdtemp(path.join(os.tmpdir(), 'springboard-lock-'))
    folders.push(out)
    await writeFile(path.join(out, lockName), lockContent)
    const waited: string[] = []
    const result = await buildBook({
      root,
      out,
      formats: ['epub'],
      volume: 'complete',
      progress: { stage: (name, detail) => void (name === 'wait' && waited.push(detail)), loop: () => ({ tick() {}, done() {} }), detail() {} },
    })
    expect(result.ok).toBe(true)
    expect(existsSync(path.join(out, lockName))).toBe(false)
    return waited
  }

  it('a lock naming a live process that is not a build (pid only, as older versions wrote) is taken over without waiting', async () => {
    const unrelated = spawn('sleep', ['600'])
    try {
      expect(await buildWaits(`${unrelated.pid}\n`)).toEqual([])
    } finally {
      unrelated.kill()
    }
  }, 60_000)

  it('a lock naming a live process started at another time (its pid reused) is taken over without waiting', async () => {
    const unrelated = spawn('sleep', ['600'])
    try {
      expect(await buildWaits(lockText(unrelated.pid!, `${processStart(unrelated.pid!)}0`, 'feedc0de'))).toEqual([])
    } finally {
      unrelated.kill()
    }
  }, 60_000)

  it("a lock naming this very process (pid 1 in every container), from an earlier start or with a token it does not hold, is taken over", async () => {
    expect(await buildWaits(lockText(process.pid, 'an-earlier-boot/1', 'feedc0de'))).toEqual([])
    expect(await buildWaits(lockText(process.pid, processStart(process.pid)!, 'feedc0de'))).toEqual([])
  }, 60_000)

  it('leftovers of a killed build are removed: staging folders and lock files, a link unlinked and never followed', async () => {
    const out = path.join(root, 'dist')
    const outside = await mkdtemp(path.join(os.tmpdir(), 'springboard-outside-'))
    folders.push(outside)
    await writeFile(path.join(outside, 'keep.txt'), 'not the build’s')
    const dead = deadPid()
    await mkdir(path.join(out, `.staging-${dead}-0a1b2c3d`, 'complete'), { recursive: true })
    await writeFile(path.join(out, `.staging-${dead}-0a1b2c3d`, 'complete', 'x.epub'), 'half')
    await symlink(outside, path.join(out, `.staging-${dead}-0a1b2c3e`))
    await writeFile(path.join(out, `${lockName}.${dead}-0a1b2c3d`), '')
    await writeFile(path.join(out, `${lockName}.stale-${dead}-0a1b2c3d`), '')
    const live = spawn('sleep', ['600'])
    try {
      await mkdir(path.join(out, `.staging-${live.pid}-0a1b2c3f`))
      expect((await buildBook({ root, formats: ['epub'], volume: 'complete' })).ok).toBe(true)
      expect((await readdir(out)).filter((name) => name.startsWith('.'))).toEqual([`.staging-${live.pid}-0a1b2c3f`])
      expect(await readdir(outside)).toEqual(['keep.txt'])
    } finally {
      live.kill()
      await rm(path.join(out, `.staging-${live.pid}-0a1b2c3f`), { recursive: true, force: true })
    }
  }, 60_000)
})

describe('the machine around the command (defect 7)', () => {
  it('a port in use: exit 2 naming the port', async () => {
    const busy = net.createServer().listen(0, '127.0.0.1')
    await new Promise((resolve) => busy.once('listening', resolve))
    const port = (busy.address() as net.AddressInfo).port
    try {
      const run = await runCli(['dev', '--root', root, '--port', String(port)])
      expect(run.code).toBe(2)
      expect(run.stderr).toContain(`springboard: Port ${port} on 127.0.0.1 is already in use`)
      expect(run.stderr).toContain(`--port ${port + 1}`)
    } finally {
      busy.close()
    }
  }, 60_000)

  it('`import … | head -1` ends quietly: the chapters written, no EPIPE', async () => {
    const target = await book()
    const features = await mkdtemp(path.join(os.tmpdir(), 'springboard-features-'))
    folders.push(features)
    const example = await readFile(path.join(projectRoot, 'test/fixtures/import/director-of-medical-records.txt'), 'utf8')
    for (const [name, career] of [['2019-03-04 a.txt', 'Registered Nurse'], ['2019-03-11 b.txt', 'Dental Hygienist'], ['2019-03-18 c.txt', 'Pharmacist']]) {
      await writeFile(path.join(features, name!), example.replaceAll('Director of Medical Records', career!))
    }
    const run = spawn('bash', ['-c', `node "$0" import "$1" --root "$2" | head -1; echo "status \${PIPESTATUS[0]}" >&2`, command, features, target], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    run.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
    run.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    await new Promise((resolve) => run.once('close', resolve))
    expect(stdout).toMatch(/^Wrote \S+\/chapters\/2019-03-04-registered-nurse\.md/)
    expect(stdout.trim().split('\n')).toHaveLength(1)
    expect(stderr).toBe('status 0\n')
    expect((await readdir(path.join(target, 'chapters'))).filter((name) => name.startsWith('2019'))).toHaveLength(3)
  }, 60_000)

  it.skipIf(!canMountTmpfs)('a full TMPDIR: exit 2 saying so, nothing written', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'springboard-full-tmp-'))
    folders.push(tmp)
    await withTmpfs(tmp, '64k', async () => {
      const { bavail, bsize } = await statfs(tmp)
      await writeFile(path.join(tmp, 'filler'), Buffer.alloc(Number(bavail) * Number(bsize)))
      const out = path.join(root, 'out-full-tmp')
      const run = springboard(['build', '--root', root, '--format', 'epub', '--no-cache', '--out', out], { TMPDIR: tmp })
      const done = await run.done
      expect(done.code).toBe(2)
      expect(done.stderr).toContain(`springboard: The temp folder ${tmp} is full (no space left on the disk); nothing was written`)
      expect(done.stderr).toContain('hint: Free some space there, or point TMPDIR at a folder with room')
      expect(existsSync(path.join(out, 'complete'))).toBe(false)
    })
  }, 120_000)
})

describe('the preview never says ok after a rebuild that failed (defect 7)', () => {
  it('a rebuild that cannot write its EPUBs: ok false, with the reason, in the state and the event', async () => {
    const { startDevServer } = await import('../src/dev/server.ts')
    const out = await mkdtemp(path.join(os.tmpdir(), 'springboard-preview-'))
    folders.push(out)
    const logged: string[] = []
    const server = await startDevServer({ root, port: 0, out, log: (line) => logged.push(line) })
    try {
      expect(server.state().ok).toBe(true)
      // The preview's folder becomes a file: the next rebuild cannot write.
      await rm(out, { recursive: true })
      await writeFile(out, 'in the way')
      await expect(server.rebuild()).rejects.toThrow(/Cannot create the output folder|Cannot write/)
      const state = (await (await fetch(`${server.url}__dev/state`)).json()) as { ok: boolean; error?: string; version: number }
      expect(state.ok).toBe(false)
      expect(state.error).toMatch(/is a file, not a folder|Cannot write/)
      expect(server.state()).toMatchObject({ ok: false })
      expect(logged.at(-1)).toMatch(/^Rebuild stopped: .*\nThe preview shows the last good version\.$/)
      // Fixed: the next rebuild is good again.
      await rm(out)
      expect((await server.rebuild()).ok).toBe(true)
    } finally {
      await server.close()
    }
  }, 120_000)
})

/** The EPUB with an SVG of nested entities (a billion `lol`s) that a chapter shows. */
async function withEntityBomb(data: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(data)
  const entities = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)].join('\n')
  zip.file('OEBPS/bomb.svg', `<?xml version="1.0"?>\n<!DOCTYPE svg [\n${entities}\n]>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&lol9;</text></svg>\n`)
  const opf = await zip.file('OEBPS/content.opf')!.async('string')
  zip.file('OEBPS/content.opf', opf.replace('<item id="css"', '<item id="bomb" href="bomb.svg" media-type="image/svg+xml" />\n    <item id="css"'))
  const chapter = 'OEBPS/ch-medical-records-director.xhtml'
  zip.file(chapter, (await zip.file(chapter)!.async('string')).replace('</body>', '<p><img src="bomb.svg" alt="A bomb"/></p></body>'))
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', mimeType: 'application/epub+zip' })
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
