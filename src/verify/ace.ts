/**
 * The verify stage: Ace by DAISY, the accessibility checker behind the EPUB
 * Accessibility conformance claim. Ace launches Puppeteer without an
 * executable path, so it is given a small wrapper script that starts our
 * browser with the offline flags.
 */
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { browserFlags, findBrowser } from '../browser/index.ts'
import { removeWorkFolder } from '../files/remove.ts'
import { InterruptedError, isExpectedError } from '../errors.ts'
import { runTool, toolLimit } from '../process/children.ts'

const require = createRequire(import.meta.url)

export interface AceViolation {
  impact: string
  /** Ace's rule id, e.g. `link-name`. */
  rule: string
  title: string
  /** The document as Ace names it: relative to the package document, or to the EPUB's root. */
  file: string
  description: string
  /** Where in the document: EPUB CFIs of the elements, within the document. */
  pointers: string[]
  help?: { url: string; description: string } | undefined
}

export interface AceResult {
  outcome: string
  violations: AceViolation[]
  /** Why Ace could not check the EPUB at all. */
  failure?: string
}

interface AceReport {
  'earl:result': { 'earl:outcome': string }
  assertions: {
    'earl:testSubject': { url: string }
    assertions?: {
      'earl:test': { 'dct:title': string; 'earl:impact': string; 'dct:description'?: string; help?: { url?: string; 'dct:description'?: string } }
      'earl:result': { 'dct:description'?: string; 'earl:pointer'?: { cfi?: string[] } }
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
      // Not `--silent`: when Ace gives up, its log's error lines are the only account of why.
      await runTool(process.execPath, [cli, '--outdir', out, '--tempdir', path.join(dir, 'tmp'), epubPath], {
        env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: wrapper, PUPPETEER_SKIP_DOWNLOAD: '1' },
        timeoutMs: toolLimit('ace'),
        doing: `Ace on ${path.basename(epubPath)}`,
      })
    } catch (error) {
      // Stopped (its time limit, or Ctrl-C): not something Ace found.
      if (isExpectedError(error) || error instanceof InterruptedError) throw error
      // Ace gives up on a book it cannot open (malformed XML, say): that is a failed check, not a crash.
      const output = stripVTControlCharacters(`${(error as { stderr?: string }).stderr ?? ''}\n${(error as { stdout?: string }).stdout ?? ''}`)
      const errors = output.split('\n').flatMap((line) => /^\s*error:\s*(.+)$/i.exec(line)?.[1]?.trim() ?? [])
      const reason = [...new Set(errors)].slice(0, 3).join('; ') || `Ace exited with code ${(error as { code?: unknown }).code}`
      // Its temporary folders say nothing to an editor and differ on every run.
      return { outcome: 'fail', violations: [], failure: reason.replaceAll(dir, '<temp>').replaceAll(epubPath, path.basename(epubPath)) }
    }
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as AceReport
    const violations: AceViolation[] = []
    for (const document of report.assertions) {
      for (const assertion of document.assertions ?? []) {
        const test = assertion['earl:test']
        violations.push({
          impact: test['earl:impact'],
          rule: test['dct:title'],
          title: test['dct:description'] ?? test['dct:title'],
          file: document['earl:testSubject'].url,
          description: assertion['earl:result']['dct:description'] ?? '',
          pointers: [...new Set(assertion['earl:result']['earl:pointer']?.cfi ?? [])],
          help: test.help?.url ? { url: test.help.url, description: test.help['dct:description'] ?? '' } : undefined,
        })
      }
    }
    return { outcome: report['earl:result']['earl:outcome'], violations }
  } finally {
    await removeWorkFolder(dir)
  }
}
