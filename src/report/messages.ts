import path from 'node:path'
import type { Point, Position } from 'unist'
import type { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { getRule, type RuleCode, type Severity } from './rules.ts'

export type Place = Point | Position

/**
 * Record a content problem on `file`, positioned, with its rule code and a
 * hint. The severity comes from the catalogue so that one rule is always
 * an error or always a warning.
 */
export function report(
  file: VFile,
  code: RuleCode,
  reason: string,
  place?: Place,
  hint?: string,
): VFileMessage {
  const rule = getRule(code)
  const message = file.message(reason, { place, ruleId: code, source: 'springboard' })
  message.fatal = rule.severity === 'error'
  message.note = hint ?? rule.hint
  return message
}

export function severityOf(message: VFileMessage): Severity {
  return message.fatal ? 'error' : 'warning'
}

export function hasErrors(files: readonly VFile[]): boolean {
  return files.some((file) => file.messages.some((message) => message.fatal))
}

export interface FlatMessage {
  file: string
  line: number
  column: number
  severity: Severity
  message: string
  rule: string
  hint: string
}

/** Every message of `files`, sorted by file, line and column. */
export function flattenMessages(files: readonly VFile[], root: string): FlatMessage[] {
  const flat: FlatMessage[] = []
  for (const file of files) {
    const name = displayPath(file, root)
    for (const message of file.messages) {
      flat.push({
        file: name,
        line: message.line ?? 1,
        column: message.column ?? 1,
        severity: severityOf(message),
        message: message.reason,
        rule: message.ruleId ?? 'unknown',
        hint: message.note ?? '',
      })
    }
  }
  return flat.sort(byPlace)
}

/**
 * A message about a file that is not content (a built EPUB or PDF, for
 * `springboard verify`): the same shape, the severity and default hint from
 * the catalogue. `file` is absolute until it is printed.
 */
export function flatMessage(code: RuleCode, file: string, place: { line?: number; column?: number }, message: string, hint?: string): FlatMessage {
  const rule = getRule(code)
  const at = (value: number | undefined) => (value !== undefined && value >= 1 ? value : 1)
  return { file, line: at(place.line), column: at(place.column), severity: rule.severity, message, rule: code, hint: hint ?? rule.hint }
}

/**
 * Text from the book made safe for a terminal: control characters (an escape sequence that clears the
 * screen, a carriage return that hides the start of a line) are shown as `\u001b`, never sent as they are.
 * Line breaks and tabs stay.
 */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** `chapters/x.md:3:5: error Missing field [m-003]` and an indented hint line. */
export function formatMessages(files: readonly VFile[], root: string): string {
  return formatFlatMessages(flattenMessages(files, root), root)
}

/** The lines of `formatMessages` for messages already flat, sorted; absolute paths are shown relative to `root`. */
export function formatFlatMessages(messages: readonly FlatMessage[], root: string): string {
  const lines: string[] = []
  const shown = messages.map((m) => ({ ...m, file: path.isAbsolute(m.file) ? toPosix(path.relative(root, m.file)) : m.file }))
  for (const m of shown.sort(byPlace)) {
    lines.push(`${visible(m.file)}:${m.line}:${m.column}: ${m.severity} ${visible(m.message)} [${m.rule}]`)
    if (m.hint) lines.push(`    hint: ${visible(m.hint)}`)
  }
  return lines.join('\n')
}

export function countMessages(files: readonly VFile[]): { errors: number; warnings: number } {
  let errors = 0
  let warnings = 0
  for (const file of files) {
    for (const message of file.messages) {
      if (message.fatal) errors++
      else warnings++
    }
  }
  return { errors, warnings }
}

function displayPath(file: VFile, root: string): string {
  if (!file.path) return '<unknown>'
  return toPosix(path.relative(root, path.resolve(file.cwd, file.path)))
}

function toPosix(name: string): string {
  return name.split(path.sep).join('/')
}

function byPlace(a: FlatMessage, b: FlatMessage): number {
  return compare(a.file, b.file) || a.line - b.line || a.column - b.column || compare(a.rule, b.rule)
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Show every message of `file` as a warning, `label` after its text: for
 * problems that do not hold this run back (`build --week` and the chapters
 * of other weeks). The rule code and the place stay as they were.
 */
export function downgradeMessages(file: VFile, label: string): void {
  for (const message of file.messages) {
    message.fatal = false
    message.reason = `${message.reason} ${label}`
    message.message = message.reason
  }
}
