/**
 * `springboard check` finds what `build` would refuse, and one rule needs
 * the page laid out: a handout that does not fit its US Letter page (p-001,
 * at the chapter's `competencies` key). So check lays the handouts out too,
 * in one print of every valid chapter, and says so in its progress line. On
 * a machine without a browser it says that it could not, and goes on. The same print tells which
 * handouts leave out their excerpts to fit (a-006, the fidelity audit's warning).
 */
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { LintResult } from './build.ts'
import { resolveVolumes } from './config/index.ts'
import { EnvironmentError } from './errors.ts'
import type { Progress } from './report/progress.ts'
import { Templates } from './render/templates.ts'
import { removeWorkFolder } from './files/remove.ts'
import { reportFindings, SourceCache } from './audit/index.ts'
import { auditHandout } from './audit/handouts.ts'

export async function checkHandoutLayout(root: string, lint: LintResult, progress: Progress, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<void> {
  const { config, introduction } = lint
  if (!config || !introduction || lint.chapters.length === 0) return
  // The volume with every valid chapter (each volume's handouts are the same pages).
  const volume = resolveVolumes(config, lint.chapters.map((transformed) => transformed.chapter)).reduce((most, next) => (next.chapters.length > most.chapters.length ? next : most))
  const byFile = new Map(lint.chapters.map((transformed) => [transformed.chapter.file.path, transformed]))
  const started = performance.now()
  const { launchBrowser } = await import('./browser/index.ts')
  let session
  try {
    session = await launchBrowser({ env, signal })
  } catch (error) {
    if (!(error instanceof EnvironmentError) || signal?.aborted) throw error
    progress.stage('handouts', `not laid out: ${error.message}`, performance.now() - started)
    return
  }
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'springboard-check-'))
  // Ctrl-C closes the browser, which ends the print under way.
  const onAbort = () => void session.close()
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    signal?.throwIfAborted()
    const { makePrintOutputs } = await import('./print/index.ts')
    await makePrintOutputs({
      config,
      volume,
      chapters: volume.chapters.map((chapter) => byFile.get(chapter.file.path)!),
      introduction,
      templates: new Templates(root),
      session,
      workDir,
      modified: new Date(0),
      formats: ['handouts'],
      // The handouts' part of the fidelity audit: a handout that leaves out its excerpts says so here too (a-006).
      audit: {
        interior: () => {},
        handouts: (texts) => {
          const sources = new SourceCache(config.language, lint.chapters)
          for (const reading of texts) reportFindings(reading.chapter, auditHandout(byFile.get(reading.chapter.file.path)!, reading, sources))
        },
      },
      signal,
    })
  } finally {
    signal?.removeEventListener('abort', onAbort)
    await session.close()
    await removeWorkFolder(workDir)
  }
  progress.stage('handouts', `${volume.chapters.length} laid out in Chromium, to see that each fits its page`, performance.now() - started)
}
