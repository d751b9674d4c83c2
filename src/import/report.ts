/**
 * The import report: for each front-matter field and section of a chapter,
 * the source lines it came from and how sure the reader was; what the
 * source held that the chapter does not use; and the `TODO`s left, at
 * their lines in the chapter. `import` prints it, `--format json` gives it.
 */
import type { Lines } from './read.ts'

/**
 * How a value was found: by its label ("Pay:"), from its content (a `$`
 * figure with pay words), from its position (after the description, before
 * the lists), given on the command line, looked up in the directory of
 * organizations; or not found (`todo`), or found but unsure (`unsure`):
 * both are `TODO` in the chapter; `none` is an optional field (certifications) the text leaves out.
 */
export type Sureness = 'label' | 'content' | 'position' | 'given' | 'directory' | 'todo' | 'unsure' | 'none'

export interface ReportEntry {
  /** The field (`title`, `salary`) or the section (`## Education`). */
  name: string
  /** What was written, in short. */
  value?: string
  how: Sureness
  /** The label it was found by, as written. */
  label?: string
  /** Where in the source, 1-based lines. */
  lines: Lines[]
  /** How a value was read from the text: "the range $64,000 to $114,000". */
  note?: string
}

export interface ImportReport {
  fields: ReportEntry[]
  sections: ReportEntry[]
  /** Source text the chapter does not use, and why. */
  unused: { lines: Lines; text: string; why: string }[]
  /** Source text placed only by a guess: a `TODO` in the chapter with the text in a comment. */
  unsure: { lines: Lines; text: string; section: string; why: string }[]
  /** Each `TODO` in the chapter, at its line, with what it asks for. */
  todos: { line: number; text: string }[]
}

const howWords: Record<Sureness, string> = {
  label: 'by its label',
  content: 'from its content',
  position: 'from its position',
  given: 'given with --title',
  directory: 'address from templates/organizations.yaml',
  todo: 'not in the text: TODO',
  unsure: 'unsure: TODO, the candidate in a comment',
  none: 'none in the text (the field is left out)',
}

export function linesText(all: readonly Lines[]): string {
  if (all.length === 0) return ''
  const merged: Lines[] = []
  for (const lines of [...all].sort((a, b) => a.from - b.from)) {
    const last = merged.at(-1)
    if (last && lines.from <= last.to + 1) last.to = Math.max(last.to, lines.to)
    else merged.push({ ...lines })
  }
  const one = (lines: Lines) => (lines.from === lines.to ? `${lines.from}` : `${lines.from}\u2013${lines.to}`)
  const single = merged.length === 1 && merged[0]!.from === merged[0]!.to
  return `${single ? 'line' : 'lines'} ${merged.map(one).join(', ')}`
}

function shorten(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}\u2026` : text
}

/** The report as lines of text, indented under the chapter's "Wrote …" line. */
export function formatReport(report: ImportReport): string[] {
  const out: string[] = []
  for (const entry of [...report.fields, ...report.sections]) {
    const how = entry.label && entry.how === 'label' ? `${howWords.label} "${entry.label}"` : howWords[entry.how]
    const note = entry.note ? `: ${entry.note}` : ''
    out.push(`    ${entry.name.padEnd(15)} ${shorten(entry.value ?? '', 44).padEnd(44)}  ${linesText(entry.lines).padEnd(13)} ${how}${note}`.trimEnd())
  }
  for (const [index, unused] of report.unused.entries()) {
    out.push(`    ${(index === 0 ? 'left out' : '').padEnd(15)} ${linesText([unused.lines]).padEnd(13)} ${unused.why}: "${shorten(unused.text, 60)}"`)
  }
  for (const [index, unsure] of report.unsure.entries()) {
    out.push(`    ${(index === 0 ? 'unsure' : '').padEnd(15)} ${linesText([unsure.lines]).padEnd(13)} ${unsure.why}, put in ${unsure.section} as a TODO: "${shorten(unsure.text, 50)}"`)
  }
  for (const todo of report.todos) out.push(`    TODO at line ${todo.line}: ${todo.text}`)
  return out
}
