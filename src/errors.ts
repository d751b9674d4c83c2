/**
 * The three kinds of failure are kept apart:
 *
 * - content problems are positioned vfile messages (see `report/`), all
 *   reported at once, exit code 1;
 * - usage and environment problems are the typed errors below, exit code 2;
 * - anything else is a bug and is thrown as is.
 */

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

export function isExpectedError(error: unknown): error is UsageError | EnvironmentError {
  return error instanceof UsageError || error instanceof EnvironmentError
}
