/** One check of `springboard verify`: its one-line summary, and its findings in the message shape. */
import { flatMessage, type FlatMessage } from '../report/messages.ts'
import type { RuleCode } from '../report/rules.ts'

export interface VerifyLine {
  file: string
  check: string
  ok: boolean
  /** A one-line summary: counts, sizes. */
  detail: string
  /** What the check found, shaped like content messages; absolute paths. */
  messages: FlatMessage[]
}

/** A check's line, with one finding under `code` when it failed. */
export function checkLine(file: string, check: string, ok: boolean, detail: string, code: RuleCode, problem: string): VerifyLine {
  return { file, check, ok, detail, messages: ok ? [] : [flatMessage(code, file, {}, problem)] }
}
