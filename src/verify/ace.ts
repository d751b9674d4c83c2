/**
 * Stage 6, verify: Ace by DAISY, the accessibility checker behind the EPUB
 * Accessibility conformance claim. Ace launches Puppeteer without an
 * executable path, so it is given a small wrapper script that starts our
 * browser with the offline flags.
 */
import { execFile } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { browserFlags, findBrowser } from '../browser/index.ts'

const run = promisify(execFile)
const require = createRequire(import.meta.url)

export interface AceViolation {
  impact: string
  rule: string
  title: string
  file: string
  description: string
}

export interface AceResult {
  outcome: string
  violations: AceViolation[]
}

interface AceReport {
  'earl:result': { 'earl:outcome': string }
  assertions: {
    'earl:testSubject': { url: string }
    assertions?: {
      'earl:test': { 'dct:title': string; 'earl:impact': string; 'dct:description'?: string }
      'earl:result': { 'dct:description'?: string }
    }[]
  }[]
}

export async function runAce(epubPath: string): Promise<AceResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'springboard-ace-'))
  try {
    const wrapper = path.join(dir, 'browser.sh')
    const quoted = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`
    await writeFile(wrapper, `#!/bin/sh\nexec ${quoted(await findBrowser())} ${browserFlags.map(quoted).join(' ')} "$@"\n`)
    await chmod(wrapper, 0o755)
    const cli = path.join(path.dirname(require.resolve('@daisy/ace-cli/package.json')), 'bin/ace.js')
    const out = path.join(dir, 'report')
    try {
      await run(process.execPath, [cli, '--silent', '--outdir', out, '--tempdir', path.join(dir, 'tmp'), epubPath], {
        env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: wrapper, PUPPETEER_SKIP_DOWNLOAD: '1' },
        maxBuffer: 64 * 1024 * 1024,
      })
    } catch (error) {
      // Ace gives up on a book it cannot open (malformed XML, say): that is a failed check, not a crash.
      const output = `${(error as { stderr?: string }).stderr ?? ''}${(error as { stdout?: string }).stdout ?? ''}`.trim()
      const reason = output.split('\n').filter((line) => /error/i.test(line)).slice(0, 3).join(' ') || (error as Error).message
      return { outcome: 'fail', violations: [{ impact: 'critical', rule: 'ace-could-not-check', title: 'Ace could not check the book', file: epubPath, description: reason }] }
    }
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as AceReport
    const violations: AceViolation[] = []
    for (const document of report.assertions) {
      for (const assertion of document.assertions ?? []) {
        violations.push({
          impact: assertion['earl:test']['earl:impact'],
          rule: assertion['earl:test']['dct:title'],
          title: assertion['earl:test']['dct:description'] ?? assertion['earl:test']['dct:title'],
          file: document['earl:testSubject'].url,
          description: assertion['earl:result']['dct:description'] ?? '',
        })
      }
    }
    return { outcome: report['earl:result']['earl:outcome'], violations }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
