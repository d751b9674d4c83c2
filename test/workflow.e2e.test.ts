/**
 * The weekly loop end to end: `check` finding a handout too long for its page (Chromium), a week's
 * release (its EPUB and its handout), and the command as a program in processes of its own (progress
 * lines, Ctrl-C and SIGTERM, output through a pipe). The rest of the loop is in workflow.test.ts.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, open, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { positionOf, runCli, spawnCli } from './helpers/cli.ts'
import { projectRoot, temporaryBooks, validChapter } from './helpers/book.ts'

const { book, removeAfterAll } = temporaryBooks()

describe('springboard check', () => {
  it('finds a handout that does not fit its page, as build would, at the competencies key, and says it used the browser; --no-layout does not look', async () => {
    const long = validChapter().replace(
      'competencies:\n',
      `competencies:\n${Array.from({ length: 70 }, (_, i) => `  - A long core competency number ${i + 1} that a handout must print in full\n`).join('')}`,
    )
    const root = await book({ '2026-01-05-medical-records-director.md': long, '2026-01-12-nurse.md': validChapter({ published: '2026-01-12', title: 'Nurse' }) })
    // The browser through a script that counts its launches, for every check of this test (the browser's file is
    // part of a layout's key: the same script throughout).
    const launches = path.join(root, 'launches.txt')
    const wrapper = path.join(root, 'counting-browser.sh')
    await writeFile(wrapper, `#!/bin/sh\necho launched >> '${launches}'\nexec /usr/bin/chromium "$@"\n`)
    await chmod(wrapper, 0o755)
    const launched = async () => (existsSync(launches) ? (await readFile(launches, 'utf8')).split('\n').filter(Boolean).length : 0)
    const saved = process.env.SPRINGBOARD_BROWSER
    process.env.SPRINGBOARD_BROWSER = wrapper
    try {
      const { main } = await import('../src/cli.ts')
      const check = async (...args: string[]) => {
        const progress: string[] = []
        const stderr: string[] = []
        const code = await main(['check', '--root', root, ...args], { stdout: () => {}, stderr: (text) => stderr.push(text), progress: (text) => progress.push(text), cwd: root })
        return { code, stderr: stderr.join('\n'), progress: progress.join('') }
      }
      const first = await check()
      expect(first.code).toBe(1)
      const at = positionOf(long, 'competencies:')
      expect(first.stderr).toMatch(new RegExp(`^chapters/2026-01-05-medical-records-director\\.md:${at.line}:${at.column}: error The handout for \`Medical Records Director\` takes \\d+ pages; .* \\[p-001\\]$`, 'm'))
      expect(first.stderr).not.toContain('nurse.md')
      expect(first.progress).toMatch(/^handouts +2 checked against their page: 2 laid out in Chromium/m)
      expect(await launched()).toBe(1)

      // Nothing changed: the layouts are known, no browser starts, and the messages are the same.
      const again = await check()
      expect([again.code, again.stderr]).toEqual([first.code, first.stderr])
      expect(again.progress).toMatch(/^handouts +2 checked against their page: all unchanged since they were laid out: no browser started/m)
      expect(await launched()).toBe(1)

      // One chapter edited: only its handout is laid out again.
      const nurse = path.join(root, 'chapters', '2026-01-12-nurse.md')
      await writeFile(nurse, (await readFile(nurse, 'utf8')).replace('summary: ', 'summary: Edited. '))
      const edited = await check()
      expect([edited.code, edited.stderr]).toEqual([first.code, first.stderr])
      expect(edited.progress).toMatch(/^handouts +2 checked against their page: 1 laid out in Chromium, 1 unchanged since they were/m)
      expect(await launched()).toBe(2)

      // An edit the handout does not print (a second paragraph under Outlook; the handout quotes the first): its
      // page is the same HTML, known already: no browser.
      await writeFile(nurse, `${(await readFile(nurse, 'utf8')).trimEnd()}\n\nA second paragraph of the outlook.\n`)
      const below = await check()
      expect([below.code, below.stderr]).toEqual([first.code, first.stderr])
      expect(below.progress).toMatch(/^handouts +2 checked against their page: all unchanged since they were laid out: no browser started/m)
      expect(await launched()).toBe(2)

      // --no-cache lays them all out again, and finds the same.
      const fresh = await check('--no-cache')
      expect([fresh.code, fresh.stderr]).toEqual([first.code, first.stderr])
      expect(fresh.progress).toMatch(/^handouts +2 checked against their page: 2 laid out in Chromium/m)
      expect(await launched()).toBe(3)

      const quick = await check('--no-layout')
      expect(quick.code).toBe(0)
      expect(quick.progress).toMatch(/^handouts +not laid out \(--no-layout\)/m)
    } finally {
      if (saved === undefined) delete process.env.SPRINGBOARD_BROWSER
      else process.env.SPRINGBOARD_BROWSER = saved
    }
  }, 240_000)
})

describe('springboard check and the handout audit', () => {
  it('warns of a handout whose page is full (a-006) as build does, the same from its cache, without a browser', async () => {
    // a-006's golden fixture: the chapter, and the message a build gives.
    const fixture = path.join(projectRoot, 'test/fixtures/rules/a-006')
    const name = '2026-01-05-director-of-health-information.md'
    const expected = (await readFile(path.join(fixture, 'expected.txt'), 'utf8')).trimEnd()
    const root = await book({ [name]: await readFile(path.join(fixture, 'chapters', name), 'utf8'), '2026-01-12-nurse.md': validChapter({ published: '2026-01-12', title: 'Nurse' }) })
    const { main } = await import('../src/cli.ts')
    const check = async () => {
      const progress: string[] = []
      const stderr: string[] = []
      const code = await main(['check', '--root', root], { stdout: () => {}, stderr: (text) => stderr.push(text), progress: (text) => progress.push(text), cwd: root })
      return { code, stderr: stderr.join('\n'), progress: progress.join('') }
    }
    const first = await check()
    expect(first.code).toBe(0)
    expect(first.stderr).toContain(expected)
    expect(first.stderr).not.toContain('nurse.md')
    expect(first.progress).toMatch(/^handouts +2 checked against their page: 2 laid out in Chromium/m)
    const again = await check()
    expect([again.code, again.stderr]).toEqual([first.code, first.stderr])
    expect(again.progress).toMatch(/no browser started/)
  }, 240_000)
})

describe('volumes', () => {
  it('builds one week alone with --week', async () => {
    const root = await book({
      '2025-12-29-medical-records-director.md': validChapter({ published: '2025-12-29' }),
      '2026-01-05-nurse.md': validChapter({ published: '2026-01-05', title: 'Nurse' }),
      '2026-01-12-pharmacist.md': validChapter({ published: '2026-01-12', title: 'Pharmacist' }),
    })
    const out = path.join(root, 'week-out')
    const run = await runCli(['build', '--root', root, '--out', out, '--week', '2026-01-07', '--quiet'])
    expect(run.code).toBe(0)
    expect(await readdir(out)).toEqual(['week-2026-W02'])
    // The week's small EPUB and its handout: the weekly release.
    expect((await readdir(path.join(out, 'week-2026-W02'))).sort()).toEqual(['handouts', 'nurse.epub'])
    expect(await readdir(path.join(out, 'week-2026-W02/handouts'))).toEqual(['nurse.pdf'])
    const none = await runCli(['build', '--root', root, '--format', 'epub', '--week', '2027-06-01'])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/No chapter ran in the week of 2027-06-01/)
  }, 120_000)
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
    removeAfterAll(tmp)
    // Interrupt once the checks are done and the browser starts (the slowest step).
    const run = await spawnCli(['build', '--format', 'epub'], root, (stderr) => /^check /m.test(stderr), { TMPDIR: tmp }, signal)
    expect(run.code).toBe(130)
    expect(run.stderr).toMatch(/Interrupted; dist\/ was left as it was/)
    expect(await readFile(epub)).toEqual(before)
    expect((await stat(epub)).mtimeMs).toBe(mtime)
    expect((await readdir(path.join(root, 'dist'))).filter((name) => name.startsWith('.staging'))).toEqual([])
    // Node keeps its compile cache there too (module.enableCompileCache): not a build's temp folder.
    expect((await readdir(tmp)).filter((name) => name !== 'node-compile-cache')).toEqual([])
  }, 180_000) // two builds in processes of their own: the bound of a hang on a loaded machine
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
    removeAfterAll(dir)
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
