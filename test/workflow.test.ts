/**
 * Issue 4: the weekly loop. `new`, `check`, volumes and `--week`, and how
 * the command behaves as a program: exit codes, progress, interruption.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isoWeek } from '../src/dates.ts'
import { positionOf, runCli } from './helpers/cli.ts'
import { makeBook, projectRoot, validChapter, validConfig } from './helpers/book.ts'

const roots: string[] = []
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
})
async function book(...args: Parameters<typeof makeBook>) {
  const root = await makeBook(...args)
  roots.push(root)
  return root
}

describe('springboard new', () => {
  it('writes a skeleton dated a week after the newest chapter, which fails check until filled in', async () => {
    const root = await book({ '2026-01-05-medical-records-director.md': validChapter() })
    const run = await runCli(['new', 'Medical Coder', '--root', root])
    expect(run.code).toBe(0)
    const file = path.join(root, 'chapters/2026-01-12-medical-coder.md')
    expect(run.stdout).toContain('2026-01-12-medical-coder.md')
    const text = await readFile(file, 'utf8')
    expect(text).toMatch(/^---\ntitle: "Medical Coder"\npublished: 2026-01-12\n/)

    const check = await runCli(['check', '--no-layout', '--root', root])
    expect(check.code).toBe(1)
    expect(check.stderr).toMatch(/^chapters\/2026-01-12-medical-coder\.md:4:\d+: error Placeholder `TODO` left in the chapter \[s-006\]$/m)
  })

  it('takes --date, and refuses to overwrite an existing chapter (exit 2)', async () => {
    const root = await book({ '2026-01-05-medical-records-director.md': validChapter() })
    expect((await runCli(['new', 'Medical Coder', '--date', '2026-03-02', '--root', root])).code).toBe(0)
    const file = path.join(root, 'chapters/2026-03-02-medical-coder.md')
    await writeFile(file, 'edited by hand')
    const again = await runCli(['new', 'Medical Coder', '--date', '2026-03-02', '--root', root])
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/already exists/)
    expect(await readFile(file, 'utf8')).toBe('edited by hand')
    expect((await runCli(['new', 'Medical Coder', '--date', '2026-02-30', '--root', root])).code).toBe(2)
  })

  it('refuses a title that a chapter already has, ignoring case and spaces, naming that file (exit 2)', async () => {
    const root = await book({
      '2026-01-05-medical-records-director.md': validChapter(),
      '2026-01-12-rn.md': validChapter({ published: '2026-01-12', title: 'Registered Nurse' }),
    })
    const before = (await readdir(path.join(root, 'chapters'))).sort()
    const run = await runCli(['new', '  registered NURSE ', '--root', root])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('springboard: A chapter titled "Registered Nurse" already exists: chapters/2026-01-12-rn.md; nothing was written')
    expect((await readdir(path.join(root, 'chapters'))).sort()).toEqual(before)
    // Another title still works.
    expect((await runCli(['new', 'Registered Nurse Anesthetist', '--root', root])).code).toBe(0)
  })
})

describe('springboard check', () => {
  it('prints every problem as JSON with --format json', async () => {
    const root = await book({
      '2026-01-05-medical-records-director.md': validChapter().replace('min: 80000', 'min: 200000'),
      '2026-01-12-nurse.md': '',
    })
    const run = await runCli(['check', '--no-layout', '--root', root, '--format', 'json'])
    expect(run.code).toBe(1)
    const messages = JSON.parse(run.stdout) as { file: string; line: number; column: number; rule: string; severity: string; hint: string }[]
    expect(messages.map((message) => [message.file, message.rule])).toEqual([
      ['chapters/2026-01-05-medical-records-director.md', 'm-006'],
      ['chapters/2026-01-12-nurse.md', 'f-002'],
    ])
    expect(messages[0]).toMatchObject({ line: 10, column: 8, severity: 'error' })
  })

  it('exits 0 on the sample book', async () => {
    const run = await runCli(['check', '--no-layout', '--root', projectRoot, '--quiet'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
  }, 120_000)
})

describe('volumes', () => {
  let root: string
  beforeAll(async () => {
    root = await book({
      '2025-12-29-medical-records-director.md': validChapter({ published: '2025-12-29' }),
      '2026-01-05-nurse.md': validChapter({ published: '2026-01-05', title: 'Nurse' }),
      '2026-01-12-pharmacist.md': validChapter({ published: '2026-01-12', title: 'Pharmacist' }),
    })
  })

  it('builds one volume per calendar year plus one with everything when the config lists none', async () => {
    const run = await runCli(['build', '--root', root, '--format', 'epub', '--quiet'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect((await readdir(path.join(root, 'dist'))).sort()).toEqual(['2025', '2026', 'complete'])
    const JSZip = (await import('jszip')).default
    const chaptersOf = async (file: string) =>
      Object.keys((await JSZip.loadAsync(await readFile(path.join(root, 'dist', file)))).files).filter((name) => name.includes('/ch-')).sort()
    expect(await chaptersOf('2025/test-careers-2025.epub')).toEqual(['OEBPS/ch-medical-records-director.xhtml'])
    expect(await chaptersOf('2026/test-careers-2026.epub')).toEqual(['OEBPS/ch-nurse.xhtml', 'OEBPS/ch-pharmacist.xhtml'])
    expect(await chaptersOf('complete/test-careers.epub')).toHaveLength(3)
  }, 120_000)

  it('builds the volumes the config lists, and only the one --volume names', async () => {
    const listed = await book(
      { '2026-01-05-nurse.md': validChapter({ published: '2026-01-05', title: 'Nurse' }), '2026-03-02-pharmacist.md': validChapter({ published: '2026-03-02', title: 'Pharmacist' }) },
      { config: `${validConfig}volumes:\n  - id: winter\n    title: Winter Careers\n    to: 2026-02-28\n  - id: spring\n    from: 2026-03-01\n` },
    )
    const run = await runCli(['build', '--root', listed, '--format', 'epub', '--volume', 'winter', '--quiet'])
    expect(run.code).toBe(0)
    expect(await readdir(path.join(listed, 'dist'))).toEqual(['winter'])
    expect(existsSync(path.join(listed, 'dist/winter/winter-careers.epub'))).toBe(true)
    const unknown = await runCli(['build', '--root', listed, '--format', 'epub', '--volume', 'summer'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Volumes in this book: winter, spring.')
  }, 120_000)

  it("refuses a volume's cover that does not exist, at that volume's `cover` value, and writes nothing", async () => {
    const config = `${validConfig}volumes:\n  - id: winter\n    to: 2026-02-28\n  - id: spring\n    from: 2026-03-01\n    cover: assets/missing.jpg\n`
    const broken = await book({ '2026-01-05-nurse.md': validChapter({ published: '2026-01-05', title: 'Nurse' }), '2026-03-02-pharmacist.md': validChapter({ published: '2026-03-02', title: 'Pharmacist' }) }, { config })
    const run = await runCli(['build', '--root', broken, '--format', 'epub'])
    expect(run.code).toBe(1)
    const { line, column } = positionOf(config, 'assets/missing.jpg')
    expect(run.stderr).toContain(`springboard.yaml:${line}:${column}: error The cover of volume \`spring\`, \`assets/missing.jpg\`, does not exist [c-005]`)
    expect(existsSync(path.join(broken, 'dist'))).toBe(false)
  }, 120_000)
})

describe('build --week beside chapters of other weeks', () => {
  const week = '2026-01-07' // ISO week 2026-W02: the nurse chapter
  async function weekBook(nurse = validChapter({ published: '2026-01-05', title: 'Nurse' })) {
    const root = await book({
      '2025-12-29-medical-records-director.md': validChapter({ published: '2025-12-29' }),
      '2026-01-05-nurse.md': nurse,
    })
    // Next week's draft, as `new` writes it: every field a TODO.
    expect((await runCli(['new', 'Medical Coder', '--root', root])).code).toBe(0)
    return root
  }

  it("goes ahead past a draft full of TODOs, listing the draft's problems as warnings", async () => {
    const root = await weekBook()
    expect((await runCli(['check', '--no-layout', '--root', root, '--quiet'])).code).toBe(1)
    const run = await runCli(['build', '--root', root, '--week', week, '--format', 'epub', '--quiet'])
    expect(run.code).toBe(0)
    expect(await readdir(path.join(root, 'dist/week-2026-W02'))).toEqual(['nurse.epub'])
    const draft = run.stderr.split('\n').filter((line) => line.startsWith('chapters/2026-01-12-medical-coder.md:'))
    expect(draft.length).toBeGreaterThan(5)
    for (const line of draft) expect(line).toMatch(/^chapters\/2026-01-12-medical-coder\.md:\d+:\d+: warning .* \(not in this week's release\) \[[a-z]-\d{3}\]$/)
    expect(draft).toContain("chapters/2026-01-12-medical-coder.md:4:11: warning Placeholder `TODO` left in the chapter (not in this week's release) [s-006]")
    expect(run.stderr).not.toMatch(/: error /)
  }, 120_000)

  it("still fails on an error in the week's own chapter, and writes nothing", async () => {
    const root = await weekBook(validChapter({ published: '2026-01-05', title: 'Nurse' }).replace('min: 80000', 'min: 180000'))
    const run = await runCli(['build', '--root', root, '--week', week, '--format', 'epub'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^chapters\/2026-01-05-nurse\.md:10:8: error The salary minimum \(180000\) is greater than the maximum \(120000\) \[m-006\]$/m)
    expect(run.stderr).toMatch(/^chapters\/2026-01-12-medical-coder\.md:\d+:\d+: warning .*\(not in this week's release\)/m)
    expect(existsSync(path.join(root, 'dist'))).toBe(false)
  }, 120_000)

  it("fails when the week's chapter has the title of another week's chapter, reported on the week's chapter", async () => {
    const root = await weekBook()
    await writeFile(path.join(root, 'chapters/2026-01-19-nurse-again.md'), validChapter({ published: '2026-01-19', title: 'Nurse' }))
    const run = await runCli(['build', '--root', root, '--week', week, '--format', 'epub'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^chapters\/2026-01-05-nurse\.md:2:8: error The title "Nurse" is also used by 2026-01-19-nurse-again\.md \[v-002\]$/m)
    expect(existsSync(path.join(root, 'dist'))).toBe(false)
  }, 120_000)
})

describe('isoWeek', () => {
  it('follows ISO 8601 across year boundaries', () => {
    expect(isoWeek('2026-01-01')).toBe('2026-W01')
    expect(isoWeek('2025-12-29')).toBe('2026-W01')
    expect(isoWeek('2026-01-04')).toBe('2026-W01')
    expect(isoWeek('2026-01-05')).toBe('2026-W02')
    expect(isoWeek('2024-12-30')).toBe('2025-W01')
    expect(isoWeek('2021-01-03')).toBe('2020-W53')
    expect(isoWeek('2026-12-31')).toBe('2026-W53')
  })
})

describe('usage and environment problems exit 2 with a hint', () => {
  it('an unknown option', async () => {
    const run = await runCli(['build', '--colour'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^springboard: .*--colour.*\n {4}hint: /)
  })

  it('a folder that is not a book', async () => {
    const run = await runCli(['build', '--root', os.tmpdir()])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/is not a book folder/)
    expect(run.stderr).toMatch(/hint: .*--root/)
  })

  it('no browser: a PDF build says how to get one', async () => {
    const root = await book({ '2026-01-05-medical-records-director.md': validChapter() })
    // SPRINGBOARD_BROWSER is looked at first: unset here (the unit lane points it at a stand-in).
    const saved = { PUPPETEER_EXECUTABLE_PATH: process.env.PUPPETEER_EXECUTABLE_PATH, SPRINGBOARD_BROWSER: process.env.SPRINGBOARD_BROWSER }
    process.env.PUPPETEER_EXECUTABLE_PATH = '/nonexistent/chrome'
    delete process.env.SPRINGBOARD_BROWSER
    try {
      const run = await runCli(['build', '--root', root, '--format', 'pdf'])
      expect(run.code, run.stderr).toBe(2)
      expect(run.stderr).toMatch(/PUPPETEER_EXECUTABLE_PATH is set to \/nonexistent\/chrome, but there is no such file/)
      expect(run.stderr).toMatch(/hint: Either let Puppeteer download its Chrome: .*`npm ci`.*; or install Chromium \(Debian\/Ubuntu: `sudo apt-get install chromium`/)
      expect(existsSync(path.join(root, 'dist'))).toBe(false)
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })

  it('an output folder that cannot be made (under /proc) exits 2 naming it, and leaves no temp folder', async () => {
    // Node's recursive mkdir spun for ever there, deaf to SIGTERM.
    const chart = await readFile(path.join(import.meta.dirname, 'fixtures/chart.png'))
    const root = await book({ '2026-01-05-medical-records-director.md': validChapter() }, { config: `${validConfig}cover: assets/cover.png\n`, files: { 'assets/cover.png': chart } })
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'springboard-proc-tmp-'))
    roots.push(tmp)
    // The bound only ends a hang; vitest's limit is longer.
    const run = await spawnCli(['build', '--out', '/proc/nope', '--format', 'epub'], root, undefined, { TMPDIR: tmp }, 'SIGINT', 100_000)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^springboard: Cannot create the output folder \/proc\/nope: /m)
    expect(run.stderr).toMatch(/hint: .*--out/)
    expect((await readdir(tmp)).filter((name) => name.startsWith('springboard-build-'))).toEqual([])
  }, 120_000)

  it('an output folder that cannot be written names the path', async () => {
    const root = await book({ '2026-01-05-medical-records-director.md': validChapter() })
    const blocker = path.join(root, 'not-a-folder')
    await writeFile(blocker, 'a file where the output folder should be')
    const run = await runCli(['build', '--root', root, '--out', path.join(blocker, 'dist'), '--format', 'epub'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(path.join(blocker, 'dist'))
  }, 60_000)
})

describe('the command as a program', () => {
  it('prints a plain line per stage when not on a terminal, and a summary of the files written', async () => {
    const root = await book({ '2026-01-05-medical-records-director.md': validChapter() })
    const { code, stdout, stderr } = await spawnCli(['build', '--format', 'epub'], root)
    expect(code).toBe(0)
    for (const stage of ['load', 'check', 'cover', 'epub', 'write']) expect(stderr).toMatch(new RegExp(`^${stage} +.+ \\d+ ms$`, 'm'))
    expect(stderr).not.toContain('\r')
    expect(stdout).toMatch(/^Wrote dist\/complete\/test-careers\.epub \(\d+\.\d KiB\)$/m)
  }, 60_000)

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`on ${signal} (Ctrl-C, or a stop from outside) stops, exits 130, leaves dist/ as it was and no temp or staging folder`, async () => {
    const root = await book({ '2026-01-05-medical-records-director.md': validChapter() })
    expect((await spawnCli(['build', '--format', 'epub', '--quiet'], root)).code).toBe(0)
    const epub = path.join(root, 'dist/complete/test-careers.epub')
    const before = await readFile(epub)
    const mtime = (await stat(epub)).mtimeMs
    // A private temp folder, so that other builds' temp folders do not count.
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'springboard-sigint-tmp-'))
    roots.push(tmp)
    // Interrupt once the checks are done and the browser starts (the slowest step).
    const run = await spawnCli(['build', '--format', 'epub'], root, (stderr) => /^check /m.test(stderr), { TMPDIR: tmp }, signal)
    expect(run.code).toBe(130)
    expect(run.stderr).toMatch(/Interrupted; dist\/ was left as it was/)
    expect(await readFile(epub)).toEqual(before)
    expect((await stat(epub)).mtimeMs).toBe(mtime)
    expect((await readdir(path.join(root, 'dist'))).filter((name) => name.startsWith('.staging'))).toEqual([])
    // Node keeps its compile cache there too (module.enableCompileCache): not a build's temp folder.
    expect((await readdir(tmp)).filter((name) => name !== 'node-compile-cache')).toEqual([])
  }, 60_000)
  }
})

describe('output through a pipe', () => {
  // More than a pipe's 64 KiB buffer of messages, on stderr (text) and on stdout (JSON): a process.exit()
  // at the end used to drop whatever was still queued for the pipe. 520 messages: 40 chapters of 13 TODOs.
  const chapters = 40
  const todos = 13
  const messages = chapters * todos
  let root: string
  beforeAll(async () => {
    const files: Record<string, string> = {}
    for (let index = 0; index < chapters; index++) {
      const published = new Date(Date.UTC(2016, 0, 4) + index * 7 * 86_400_000).toISOString().slice(0, 10)
      files[`${published}-career-${index}.md`] = validChapter({ published, title: `Career ${index}`, append: '\nTODO: say more.\n'.repeat(todos) })
    }
    root = await book(files)
  })

  /**
   * The command as a shell runs `springboard check 2>&1 | cat`: its output
   * goes into a real pipe (a child's own stdio would be a socket pair, whose
   * buffer is larger). Its exit code comes back on fd 3.
   */
  function throughPipe(args: string[]): Promise<{ code: number; output: string }> {
    return new Promise((resolve, reject) => {
      const script = '{ "$0" "$@" 2>&1; echo $? >&3; } | cat'
      const child = spawn('sh', ['-c', script, process.execPath, path.join(projectRoot, 'scripts/springboard.js'), ...args], {
        cwd: root,
        env: { ...process.env, CI: 'true' },
        stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
      })
      let output = ''
      let code = ''
      child.stdout!.on('data', (chunk) => (output += chunk))
      child.stdio[3]!.on('data', (chunk) => (code += chunk))
      child.on('error', reject)
      child.on('close', () => resolve({ code: Number(code.trim()), output }))
    })
  }

  /** The same, sent to a file instead. */
  async function toFile(args: string[]): Promise<Buffer> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'springboard-redirect-'))
    roots.push(dir)
    const file = await open(path.join(dir, 'output'), 'w')
    try {
      const child = spawn(process.execPath, [path.join(projectRoot, 'scripts/springboard.js'), ...args], { cwd: root, env: { ...process.env, CI: 'true' }, stdio: ['ignore', file.fd, file.fd] })
      await new Promise((resolve, reject) => child.on('error', reject).on('close', resolve))
    } finally {
      await file.close()
    }
    return readFile(path.join(dir, 'output'))
  }

  it('check: every message and the summary arrive, as many bytes as redirected to a file', async () => {
    const piped = await throughPipe(['check', '--no-layout'])
    expect(piped.code).toBe(1)
    expect(Buffer.byteLength(piped.output)).toBeGreaterThan(64 * 1024)
    expect(piped.output.match(/: error Placeholder `TODO` left in the chapter \[s-006\]$/gm)).toHaveLength(messages)
    expect(piped.output).toMatch(new RegExp(`\\n${messages} errors, 0 warnings\\n$`))
    expect(Buffer.byteLength(piped.output)).toBe((await toFile(['check', '--no-layout'])).byteLength)
  })

  it('check --format json: the JSON is whole and has every message, as many bytes as redirected to a file', async () => {
    const piped = await throughPipe(['check', '--no-layout', '--format', 'json'])
    expect(piped.code).toBe(1)
    expect(Buffer.byteLength(piped.output)).toBeGreaterThan(64 * 1024)
    const found = JSON.parse(piped.output) as { rule: string }[]
    expect(found.filter((message) => message.rule === 's-006')).toHaveLength(messages)
    expect(Buffer.byteLength(piped.output)).toBe((await toFile(['check', '--no-layout', '--format', 'json'])).byteLength)
  })
})

function spawnCli(
  args: string[],
  cwd: string,
  interruptWhen?: (stderr: string) => boolean,
  env: NodeJS.ProcessEnv = {},
  signal: NodeJS.Signals = 'SIGINT',
  /** Kill (SIGKILL) a run that takes longer than this many milliseconds: a hang must not outlive the test. */
  killAfter?: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'scripts/springboard.js'), ...args], { cwd, env: { ...process.env, CI: 'true', ...env }, timeout: killAfter, killSignal: 'SIGKILL' })
    let stdout = ''
    let stderr = ''
    let sent = false
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => {
      stderr += chunk
      if (interruptWhen && !sent && interruptWhen(stderr)) {
        sent = true
        child.kill(signal)
      }
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
