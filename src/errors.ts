/**
 * The three kinds of failure are kept apart:
 *
 * - content problems are positioned vfile messages (see `report/`), all
 *   reported at once, exit code 1;
 * - usage and environment problems are the typed errors below, exit code 2;
 * - anything else is a bug and is thrown as is.
 */
import path from 'node:path'

/** The command was called wrongly (unknown flag, missing folder, bad value). */
export class UsageError extends Error {
  readonly exitCode = 2
  readonly hint: string | undefined
  constructor(message: string, hint?: string) {
    super(message)
    this.name = 'UsageError'
    this.hint = hint
  }
}

/** The machine lacks something the build needs (a browser, Java, a writable folder). */
export class EnvironmentError extends Error {
  readonly exitCode = 2
  readonly hint: string | undefined
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'EnvironmentError'
    this.hint = hint
  }
}

/** The command was stopped by Ctrl-C or SIGTERM, and cleaned up after itself; exit 130. */
export class InterruptedError extends Error {
  readonly exitCode = 130
  constructor(message = 'Interrupted') {
    super(message)
    this.name = 'InterruptedError'
  }
}

export function isExpectedError(error: unknown): error is UsageError | EnvironmentError {
  return error instanceof UsageError || error instanceof EnvironmentError
}

/**
 * A full disk (or quota) is an environment problem wherever it strikes: the temp folder, the output
 * folder, the chapters. `undefined` for any other error.
 */
export function diskFullError(error: unknown, tmpdir: string, freeBytes: (folder: string) => number | undefined): EnvironmentError | undefined {
  let cause: unknown = error
  for (let depth = 0; cause && depth < 10; depth++) {
    const code = (cause as NodeJS.ErrnoException).code
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      const where = (cause as { dest?: string }).dest ?? (cause as NodeJS.ErrnoException).path
      const inTmp = where ? !pathIsOutside(tmpdir, where) : freeBytes(tmpdir) === 0
      if (inTmp) {
        return new EnvironmentError(
          `The temp folder ${tmpdir} is full (${code === 'EDQUOT' ? 'disk quota exceeded' : 'no space left on the disk'}); nothing was written`,
          'Free some space there, or point TMPDIR at a folder with room: TMPDIR=/path/with/room springboard …',
          { cause },
        )
      }
      return new EnvironmentError(
        `No space left on the disk${where ? ` for ${where}` : ''} (${code})`,
        'Free some space on that disk and run the command again.',
        { cause },
      )
    }
    cause = (cause as { cause?: unknown }).cause
  }
  return undefined
}

function pathIsOutside(folder: string, file: string): boolean {
  const relative = path.relative(path.resolve(folder), path.resolve(file))
  return relative.startsWith('..') || path.isAbsolute(relative)
}
