/**
 * Issue 4: the weekly loop. `new`, `check`, volumes and `--week`, and the
 * command's exit codes. Progress lines, interruption and pipes, in processes
 * of their own, are in workflow.e2e.test.ts.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { isoWeek } from '../src/dates.ts'
import { positionOf, runCli, spawnCli } from './helpers/cli.ts'
import { projectRoot, temporaryBooks, validChapter, validConfig } from './helpers/book.ts'

const { book, removeAfterAll } = temporaryBooks()

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

  it('exits 0 on the sample book, with only the warnings about its two placeholders (url and the example ISBN)', async () => {
    const run = await runCli(['check', '--no-layout', '--root', projectRoot, '--quiet'])
    expect(run.stderr.split('\n').filter((line) => /^\S+:\d+:\d+: /.test(line)).map((line) => / (warning|error) .*\[(\S+)\]$/.exec(line)!.slice(1))).toEqual([
      ['warning', 'c-030'],
      ['warning', 'c-032'],
    ])
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

  it('stops, naming both files, when two chapters ran in the week (v-020); one a week goes ahead', async () => {
    const root = await weekBook()
    await writeFile(path.join(root, 'chapters/2026-01-08-pharmacist.md'), validChapter({ published: '2026-01-08', title: 'Pharmacist' }))
    const run = await runCli(['build', '--root', root, '--week', week, '--format', 'epub'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^chapters\/2026-01-05-nurse\.md:3:12: error `build --week 2026-01-07` releases one chapter, and week 2026-W02 has 2: this one and 2026-01-08-pharmacist\.md \[v-020\]$/m)
    expect(run.stderr).toMatch(/^chapters\/2026-01-08-pharmacist\.md:3:12: error `build --week 2026-01-07` releases one chapter, and week 2026-W02 has 2: this one and 2026-01-05-nurse\.md \[v-020\]$/m)
    expect(existsSync(path.join(root, 'dist'))).toBe(false)
    // The book keeps both (v-003 is a warning there), and the next week's release is not held back.
    expect((await runCli(['build', '--root', root, '--format', 'epub', '--quiet'])).stderr).not.toMatch(/v-020/)
    const next = await runCli(['build', '--root', root, '--week', '2025-12-30', '--format', 'epub', '--quiet'])
    expect(next.code).toBe(0)
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
    removeAfterAll(tmp)
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
