/**
 * Issue 3, when things go wrong: a handout too long for its page is a
 * content error on its chapter (p-001); a browser that crashes or hangs
 * gives a clear EnvironmentError and leaves no PDF in dist/, no browser
 * process and no temp folder behind. Real Chromium throughout: the crash
 * is a real SIGKILL of the browser.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { launchBrowser, type BrowserSession } from '../src/browser/index.ts'
import { buildBook, lintBook } from '../src/build.ts'
import { resolveVolumes } from '../src/config/index.ts'
import { EnvironmentError } from '../src/errors.ts'
import { makePrintOutputs } from '../src/print/index.ts'
import { flattenMessages } from '../src/report/messages.ts'
import { Templates } from '../src/render/index.ts'
import { pdfPageTexts } from '../src/verify/pdf.ts'
import { makeBook, projectRoot, sampleChapter, validChapter, validConfig } from './helpers/book.ts'
import { positionOf, runCli } from './helpers/cli.ts'

const run = promisify(execFile)
const cleanup: string[] = []
afterAll(async () => {
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })))
})

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix))
  cleanup.push(dir)
  return dir
}

/** Is any process running with this text in its command line? */
async function processWith(text: string): Promise<boolean> {
  const { stdout } = await run('ps', ['-eo', 'args'])
  return stdout.split('\n').some((line) => line.includes(text) && !line.includes('ps -eo'))
}

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return []
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name)
}

const shortChapter = validChapter()
const longChapter = validChapter({ published: '2026-01-12', title: 'Very Long Career' }).replace(
  'competencies:\n  - Communicating across the organization\n  - Building a department budget',
  `competencies:\n${Array.from({ length: 90 }, (_, index) => `  - Competency number ${index + 1}, described at some length so that it fills a line`).join('\n')}`,
)

describe('a handout too long for one page', () => {
  it('is error p-001 on its chapter, naming it; the build writes nothing', async () => {
    const root = await makeBook({ '2026-01-05-medical-records-director.md': shortChapter, '2026-01-12-very-long-career.md': longChapter })
    cleanup.push(root)
    const out = await tempDir('springboard-out-')
    const result = await buildBook({ root, out, formats: ['handouts'] })
    expect(result.ok).toBe(false)
    const messages = flattenMessages(result.files, root).filter((message) => message.rule === 'p-001')
    expect(messages).toHaveLength(1)
    // At the competencies, the part of the chapter that is too long.
    expect(messages[0]).toMatchObject({ file: 'chapters/2026-01-12-very-long-career.md', ...positionOf(longChapter, 'competencies:'), severity: 'error' })
    expect(messages[0]!.message).toMatch(/Very Long Career.*takes \d+ pages/)
    expect(await listFiles(out)).toEqual([])
  }, 120_000)

  it('makePrintOutputs returns the other handouts and none for the long one', async () => {
    const root = await makeBook({ '2026-01-05-medical-records-director.md': shortChapter, '2026-01-12-very-long-career.md': longChapter })
    cleanup.push(root)
    const { session, outputs } = await withSampleBuild(root, async (input) => makePrintOutputs({ ...input, formats: ['handouts'] }))
    expect(session.browser.connected).toBe(false)
    expect(outputs.map((output) => output.path.replace(/^[^/]+\//, ''))).toEqual(['handouts/medical-records-director.pdf'])
  }, 120_000)

  it('between two others (all printed at once), the others each get their own page, and there is no fair pack', async () => {
    const nurse = validChapter({ published: '2026-01-19', title: 'Registered Nurse' })
    const root = await makeBook({ '2026-01-05-medical-records-director.md': shortChapter, '2026-01-12-very-long-career.md': longChapter, '2026-01-19-registered-nurse.md': nurse })
    cleanup.push(root)
    const { outputs } = await withSampleBuild(root, async (input) => makePrintOutputs({ ...input, formats: ['handouts'] }))
    expect(outputs.map((output) => output.path.replace(/^[^/]+\//, ''))).toEqual(['handouts/medical-records-director.pdf', 'handouts/registered-nurse.pdf'])
    const dir = await tempDir('springboard-handouts-')
    for (const [output, title] of [[outputs[0]!, 'Medical Records Director'], [outputs[1]!, 'Registered Nurse']] as const) {
      const file = path.join(dir, path.basename(output.path))
      await writeFile(file, output.data)
      const pages = await pdfPageTexts(file)
      expect(pages).toHaveLength(1)
      expect(pages[0]).toContain(title)
      expect(pages[0]).not.toContain('Very Long Career')
    }
  }, 120_000)
})

type Input = Parameters<typeof makePrintOutputs>[0]

/** Lint a book and run `work` with its first volume and a fresh browser, closed afterwards. */
async function withSampleBuild<T>(root: string, work: (input: Input) => Promise<T>, options: { timeoutMs?: number; session?: BrowserSession } = {}): Promise<{ session: BrowserSession; outputs: T }> {
  const lint = await lintBook(root)
  const volume = resolveVolumes(lint.config!, lint.chapters.map((transformed) => transformed.chapter))[0]!
  const byFile = new Map(lint.chapters.map((transformed) => [transformed.chapter.file.path, transformed]))
  const session = options.session ?? (await launchBrowser())
  const workDir = await tempDir('springboard-print-work-')
  try {
    const outputs = await work({
      config: lint.config!,
      volume,
      chapters: volume.chapters.map((chapter) => byFile.get(chapter.file.path)!),
      introduction: lint.introduction!,
      templates: new Templates(root),
      session,
      workDir,
      modified: new Date('2026-01-12T00:00:00Z'),
      formats: ['pdf'],
      timeoutMs: options.timeoutMs,
    })
    return { session, outputs }
  } finally {
    await session.close()
  }
}

describe('the browser fails', () => {
  it('a browser killed while printing: a clear EnvironmentError, no PDF in dist/, no process, no temp folder', async () => {
    // The sample book's chapters: seconds of printing (interior, cover, handouts) for the kill to land in.
    const names = (await readdir(path.join(projectRoot, 'chapters'))).filter((name) => name.endsWith('.md') && !name.includes('dental')) // (its chart is not in this book)
    const root = await makeBook(Object.fromEntries(await Promise.all(names.map(async (name) => [name, await sampleChapter(name)]))))
    cleanup.push(root)
    const out = await tempDir('springboard-out-')
    // A private TMPDIR, so that leftovers of this build alone are visible.
    const tmp = await tempDir('springboard-tmp-')
    // The browser is started through a script that SIGKILLs it half a second after the print interior is on
    // disk. Chromium talks to Puppeteer over a pipe (no DevToolsActivePort file to wait for), and the build
    // launches the browser while it writes the interior, so the kill lands while the browser starts, loads or
    // prints: seconds of work for the sample's chapters, against the 20 ms the script takes to notice.
    const wrapper = path.join(tmp, 'crashing-browser.sh')
    await writeFile(
      wrapper,
      `#!/bin/sh
/usr/bin/chromium "$@" &
child=$!
while [ -z "$(find '${tmp}' -name book.html 2>/dev/null | head -n 1)" ]; do
  kill -0 $child 2>/dev/null || exit 1
  sleep 0.02
done
sleep 0.5
kill -9 $child
wait $child
`,
    )
    await chmod(wrapper, 0o755)
    const savedTmp = process.env.TMPDIR
    process.env.TMPDIR = tmp
    let error: unknown
    try {
      await buildBook({ root, out, formats: ['pdf'], env: { ...process.env, SPRINGBOARD_BROWSER: wrapper } })
    } catch (caught) {
      error = caught
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = savedTmp
    }
    expect(error).toBeInstanceOf(EnvironmentError)
    // Said in the build's words (it names the stage) or in the print module's (it names the step), or the
    // launch's, when the kill comes before Puppeteer has connected.
    expect((error as Error).message).toMatch(/^(Could not start the browser|The browser (crashed while (loading|printing|updating|finding|reloading|correcting|marking|unmarking|reading)|stopped unexpectedly))/)
    expect((error as EnvironmentError).hint).toBeTruthy()
    expect(await listFiles(out)).toEqual([])
    expect(await processWith(tmp)).toBe(false)
    expect((await readdir(tmp)).filter((name) => name !== 'crashing-browser.sh')).toEqual([])
  }, 120_000)

  it('a print that does not finish in time: a clear EnvironmentError, and the browser is gone after close', async () => {
    const root = await makeBook({ '2026-01-05-medical-records-director.md': shortChapter })
    cleanup.push(root)
    const session = await launchBrowser()
    const userDataDir = session.browser.process()!.spawnargs.find((arg) => arg.startsWith('--user-data-dir='))!.split('=')[1]!
    const pid = session.browser.process()!.pid!
    await expect(withSampleBuild(root, (input) => makePrintOutputs(input), { timeoutMs: 1, session })).rejects.toThrow(/^The browser did not finish .* within 0 s/)
    expect(existsSync(userDataDir)).toBe(false)
    expect(() => process.kill(pid, 0)).toThrow()
  }, 60_000)
})

describe('fonts and folders (issue 13, defect 5)', () => {
  // A book template whose @font-face rules point at font files that are not there: what a broken install looks like.
  const missingFonts = "<%- fontFaces.replace(/url\\(fonts\\//g, 'url(fonts/missing-') %>"
  it('web fonts that do not load for the print: an EnvironmentError, exit 2, nothing written', async () => {
    const template = 'print/book.html.ejs'
    const builtin = await readFile(path.join(projectRoot, 'templates', template), 'utf8')
    expect(builtin).toContain('<%- fontFaces %>')
    const root = await makeBook({ '2026-01-05-medical-records-director.md': shortChapter }, { files: { [`templates/${template}`]: builtin.replace('<%- fontFaces %>', missingFonts) } })
    cleanup.push(root)
    const out = await tempDir('springboard-out-')
    const result = await runCli(['build', '--root', root, '--out', out, '--format', 'pdf'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Web fonts did not load for loading the print interior')
    expect(await listFiles(out)).toEqual([])
  }, 120_000)

  it('print pages in a folder whose name needs escaping in a URL (a space, a #) load, and nothing is blocked', async () => {
    const root = await makeBook({ '2026-01-05-medical-records-director.md': shortChapter })
    cleanup.push(root)
    const { session, outputs } = await withSampleBuild(root, async (input) => makePrintOutputs({ ...input, workDir: path.join(input.workDir, 'print #1 of 2'), formats: ['handouts'] }))
    expect(outputs.map((output) => output.path.replace(/^[^/]+\//, ''))).toEqual(['handouts/medical-records-director.pdf', 'test-careers-handouts.pdf'])
    expect(session.blocked).toEqual([])
  }, 120_000)
})

describe('a handout with more to say than its page holds', () => {
  it('drops the job, pay and outlook excerpts and stays one page; a short one keeps them', async () => {
    // A generated chapter (scripts/bench/generate.ts) whose full handout runs onto a second page.
    const tall = await readFile(path.join(import.meta.dirname, 'fixtures/handouts/2017-03-06-cardiac-technologist.md'), 'utf8')
    // With a landing page and two stores, as the sample book has: the Buy-now block takes its room too.
    const config = `${validConfig}url: https://www.springboardcareers.org/\nstores:\n  kindle:\n    name: Kindle\n    volumes:\n      complete: https://www.amazon.com/dp/B0TESTBOOK\n  nook:\n    name: Nook\n    volumes:\n      complete: https://www.barnesandnoble.com/w/test/1146000099\n`
    const root = await makeBook({ '2017-03-06-cardiac-technologist.md': tall, '2017-03-13-medical-records-director.md': validChapter({ published: '2017-03-13' }) }, { config })
    cleanup.push(root)
    const result = await buildBook({ root, formats: ['handouts'] })
    // The build says what it left out, and why (the fidelity audit, a-006).
    expect(flattenMessages(result.files, root).map((message) => `${path.basename(message.file)} ${message.severity} ${message.rule}`)).toEqual(['2017-03-06-cardiac-technologist.md warning a-006'])
    expect(flattenMessages(result.files, root)[0]!.message).toMatch(/^The handout leaves out its excerpts \(The job, Pay, Outlook\): the page is full; the title takes \d lines?, the summary \d+ lines?, .*competenc.* and \d+ resources?$/)
    const text = async (name: string) => {
      const file = result.written.find((written) => written.path.endsWith(`handouts/${name}.pdf`))!.path
      const { stdout: info } = await run('pdfinfo', [file])
      const { stdout } = await run('pdftotext', ['-layout', file, '-'])
      // Letter-spaced headings come out of pdftotext with spaces inside words: compare without any.
      return { pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), text: stdout.replace(/\s+/g, '') }
    }
    const compact = await text('cardiac-technologist')
    expect(compact.pages).toBe(1)
    // The headings are set in capitals (handout.css).
    expect(compact.text).toContain('CORECOMPETENCIES')
    expect(compact.text).toContain('Buynow')
    expect(compact.text).not.toContain('THEJOB')
    const full = await text('medical-records-director')
    expect(full.pages).toBe(1)
    expect(full.text).toContain('THEJOB')
  }, 120_000)
})
