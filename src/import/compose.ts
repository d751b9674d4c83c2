/**
 * One feature's structure → the text of a chapter file, and the report of
 * where each part went. What could not be found is written as `TODO` with
 * a comment on the same line saying what is missing; what was found only by
 * a guess is a `TODO` too, with the candidate in the comment, so that
 * `check` (rule s-006) stops on each one at its line and nothing guessed
 * becomes content unseen.
 */
import { Document, isMap, isSeq, type Scalar, type YAMLMap } from 'yaml'
import { inferCertifications, inferDegree, inferSummary } from './infer.ts'
import { findOrganization, parseResourceLine, parseResourceProse, type Organization, type ResourceLine } from './organizations.ts'
import type { Lines } from './read.ts'
import type { ImportReport, ReportEntry, Sureness } from './report.ts'
import { readSalary } from './salary.ts'
import type { FeatureStructure, Part, Placement } from './structure.ts'

export interface ComposedChapter {
  /** The title, when given or found for sure. */
  title?: string
  text: string
  /** What was left as TODO (or flagged), in the words of the comments. */
  todos: string[]
  report: ImportReport
}

const todo = 'TODO'

/** Text for a comment: one line, no `--` (which ends an HTML comment in some readers) and no second TODO. */
function commentText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/-{2,}/g, (dashes) => dashes.split('').join(' ')).replace(/\bTODO\b/g, 'To-do')
}

export function composeChapter(structure: FeatureStructure, options: { title?: string; date: string; organizations: readonly Organization[] }): ComposedChapter {
  const todos: string[] = []
  const fields: ReportEntry[] = []
  const sections: ReportEntry[] = []
  const unused: ImportReport['unused'] = [...structure.unused]
  /** A comment on one value; every one that asks for work holds the word TODO, or stands beside one. */
  const comments = new Map<string, string>()
  const missing = (key: string, reason: string) => {
    comments.set(key, commentText(reason))
    todos.push(reason)
    return todo
  }
  const { parts } = structure
  /** A part's source lines: its labels on lines of their own, and the text placed. */
  const labelLines = (part: Part) => structure.labels.filter((label) => label.part === part).map((label) => label.lines)
  const linesOf = (placements: readonly { lines: Lines }[], part?: Part) => [...(part && placements.length > 0 ? labelLines(part) : []), ...placements.map((placement) => placement.lines)]
  const howOf = (placements: readonly Placement[]): { how: Sureness; label?: string } => {
    const labelled = placements.find((placement) => placement.how === 'label')
    return labelled ? { how: 'label', label: labelled.label } : { how: placements[0]?.how ?? 'todo' }
  }

  // The title.
  let title: string | undefined
  const found = structure.title
  if (options.title?.trim()) {
    title = options.title.trim()
    fields.push({ name: 'title', value: title, how: 'given', lines: [] })
  } else if (found?.sure) {
    title = found.text
    fields.push({ name: 'title', value: title, how: found.how, label: found.label, lines: [found.lines] })
  } else if (found) {
    missing('title', `unsure of the career's name: "${found.text}" (line ${found.lines.from}, by its position only): confirm or give the career`)
    fields.push({ name: 'title', value: found.text, how: 'unsure', lines: [found.lines] })
  } else {
    missing('title', 'no line names the career, and the description does not start "The <career> is …": give the career')
    fields.push({ name: 'title', how: 'todo', lines: [] })
  }

  const front: Record<string, unknown> = { title: title ?? todo, published: options.date }

  // The summary: the description's first sentence (the first that names the career).
  const summary = inferSummary(
    parts.description.map((placement) => placement.text),
    title ?? found?.text,
  )
  front.summary = summary ?? missing('summary', 'no description in the text: one or two sentences on what the job is')
  fields.push({ name: 'summary', value: summary, ...(summary ? howOf(parts.description.slice(0, 1)) : { how: 'todo' }), lines: linesOf(parts.description.slice(0, 1)) })

  // The degree: an at-a-glance "Degree:" line, else the first the education part names.
  const degreeFact = structure.facts.find((fact) => fact.part === 'education' && inferDegree([fact.text]))
  const degreeFrom = degreeFact ? undefined : parts.education.find((placement) => inferDegree([placement.text]))
  const degree = degreeFact ? inferDegree([degreeFact.text]) : degreeFrom && inferDegree([degreeFrom.text])
  front.degree = degree ?? missing('degree', "the education part names no degree: give the usual one, e.g. Bachelor's degree")
  fields.push({
    name: 'degree',
    value: degree,
    ...(degreeFact ? { how: 'label' as const, label: degreeFact.label } : degreeFrom ? howOf([degreeFrom]) : { how: 'todo' as const }),
    lines: degreeFact ? [degreeFact.lines] : degreeFrom ? [degreeFrom.lines] : [],
  })

  // Credentials a person earns or holds, as the education part names them.
  const isOrganization = (name: string) => findOrganization(options.organizations, name) !== undefined
  const certifications = parts.education.flatMap((placement) => inferCertifications([placement.text], isOrganization).map((name) => ({ name, lines: placement.lines })))
  const uniqueCertifications = [...new Set(certifications.map((certification) => certification.name))]
  if (uniqueCertifications.length > 0) front.certifications = uniqueCertifications
  fields.push({
    name: 'certifications',
    value: uniqueCertifications.length > 0 ? uniqueCertifications.join('; ') : undefined,
    how: uniqueCertifications.length > 0 ? 'content' : 'none',
    lines: [...new Set(certifications.map((certification) => certification.lines))],
  })

  // The salary: the salary part's paragraphs, else an at-a-glance pay line.
  const salaryFacts = structure.facts.filter((fact) => fact.part === 'salary')
  const fromText = readSalary(parts.salary.map((placement) => placement.text).join(' '))
  const salary = fromText ?? readSalary(salaryFacts.map((fact) => fact.text).join(' '))
  const salaryLines = fromText ? linesOf(parts.salary) : salary ? salaryFacts.map((fact) => fact.lines) : []
  front.salary = {
    min: salary?.min ?? missing('salary.min', 'no $ figure in the salary part: the low end of the typical pay'),
    max: salary?.max ?? missing('salary.max', 'the high end'),
    currency: 'USD',
    per: salary?.per ?? 'year',
  }
  if (salary?.flag) {
    comments.set('salary.min', `${todo}: ${commentText(salary.flag)}`)
    todos.push(salary.flag)
  }
  const shownPay = salary && `$${salary.min.toLocaleString('en-US')}${salary.max === salary.min ? '' : `\u2013$${salary.max.toLocaleString('en-US')}`} a${salary.per === 'hour' ? 'n hour' : ' year'}`
  fields.push({
    name: 'salary',
    value: shownPay,
    note: salary?.how,
    ...(fromText ? howOf(parts.salary) : salary ? { how: 'label' as const, label: salaryFacts[0]?.label } : { how: 'todo' as const }),
    lines: fromText ? linesOf(parts.salary, 'salary') : salaryLines,
  })
  // An at-a-glance pay line the salary part says again is not used; when it is all there is, it is the salary.
  if (fromText) unused.push(...salaryFacts.map((fact) => ({ lines: fact.lines, text: `${fact.label}: ${fact.text}`, why: 'an at-a-glance line; the salary part says it in full' })))

  // Competencies.
  const competencies = parts.competencies.map((placement) => placement.text)
  const unsureLists = structure.unsure.filter((entry) => entry.part === 'competencies')
  front.competencies = competencies.length > 0 ? competencies : [missing('competencies.0', 'no list of competencies in the text: one core skill a line')]
  for (const entry of unsureLists) {
    const key = `competencies.${(front.competencies as unknown[]).length}`
    ;(front.competencies as unknown[]).push(todo)
    comments.set(key, commentText(`${entry.why} (${linesOrLine(entry.lines)}): "${entry.text}"`))
    todos.push(entry.why)
  }
  fields.push({
    name: 'competencies',
    value: `${competencies.length} item${competencies.length === 1 ? '' : 's'}`,
    ...(competencies.length ? howOf(parts.competencies) : { how: 'todo' }),
    lines: linesOf(parts.competencies, 'competencies'),
  })

  // Resources, with the directory for the addresses the text lost.
  const { resources, how: resourcesHow } = readResources(parts.resources, options.organizations, missing)
  front.resources =
    resources.length > 0 ? resources : [{ name: missing('resources.0.name', 'no resources in the text: an organization to learn more from'), url: missing('resources.0.url', 'its https:// address') }]
  fields.push({
    name: 'resources',
    value: `${resources.length}: ${resources.filter((resource) => resource.url !== todo).length} with an address`,
    ...(resources.length ? (resourcesHow === 'directory' ? { how: 'directory' as const } : howOf(parts.resources)) : { how: 'todo' as const }),
    lines: linesOf(parts.resources, 'resources'),
  })

  const doc = new Document(front)
  for (const [key, comment] of comments) {
    const node = doc.getIn(key.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)), true) as Scalar | YAMLMap | undefined
    if (node && !isMap(node) && !isSeq(node)) node.comment = ` ${comment}`
  }
  const yaml = doc.toString({ lineWidth: 0 })

  // The sections: the part's paragraphs; an at-a-glance line when that is all there is; else TODO.
  const bodyParts: [string, Part, string][] = [
    ['Description', 'description', 'no description in the text: what people in this job do, and where they work'],
    ['Education', 'education', 'no education paragraph in the text: the path into the field'],
    ['Salary', 'salary', 'no salary paragraph in the text: what the job pays, naming the source and the year'],
    ['Outlook', 'outlook', 'no outlook paragraph in the text: how demand is expected to change, with the source and years'],
  ]
  const body = bodyParts.map(([heading, part, reason]) => {
    const placements: Placement[] = parts[part]
    const facts = structure.facts.filter((fact) => fact.part === part)
    const paragraphs = placements.length > 0 ? placements.map((placement) => placement.text) : facts.map((fact) => `${fact.label}: ${fact.text}`)
    if (placements.length > 0 && part !== 'salary' && part !== 'education') {
      unused.push(...facts.map((fact) => ({ lines: fact.lines, text: `${fact.label}: ${fact.text}`, why: 'an at-a-glance line; the section says it in full' })))
    }
    if (placements.length > 0 && part === 'education' && facts.length > 0 && !degreeFact) {
      unused.push(...facts.map((fact) => ({ lines: fact.lines, text: `${fact.label}: ${fact.text}`, why: 'an at-a-glance line; the section says it in full' })))
    }
    const doubts = structure.unsure.filter((entry) => entry.part === part)
    const text = paragraphs.map(escapeMarkdown)
    for (const doubt of doubts) {
      text.push(`${todo} <!-- ${commentText(`${doubt.why} (${linesOrLine(doubt.lines)}); move it where it belongs, or delete it: "${doubt.text}"`)} -->`)
      todos.push(`${doubt.why} (${linesOrLine(doubt.lines)})`)
    }
    sections.push({
      name: `## ${heading}`,
      value: paragraphs.length > 0 ? `${paragraphs.length} paragraph${paragraphs.length === 1 ? '' : 's'}` : undefined,
      ...(placements.length > 0 ? howOf(placements) : facts.length > 0 ? { how: 'label' as const, label: facts[0]!.label } : { how: 'todo' as const }),
      lines: placements.length > 0 ? linesOf(placements, part) : facts.map((fact) => fact.lines),
    })
    if (text.length > 0) return `## ${heading}\n\n${text.join('\n\n')}\n`
    todos.push(reason)
    return `## ${heading}\n\n${todo} <!-- ${reason} -->\n`
  })
  // A label with nothing placed under it ("Resources:" and then the footer) is listed, not dropped.
  for (const label of structure.labels) {
    if (parts[label.part].length === 0) unused.push({ lines: label.lines, text: label.text, why: 'a label with nothing under it' })
  }
  const text = `---\n${yaml}---\n\n${body.join('\n')}`
  const report: ImportReport = {
    fields,
    sections,
    unused: unused.sort((a, b) => a.lines.from - b.lines.from),
    unsure: structure.unsure.map((entry) => ({ lines: entry.lines, text: entry.text, section: entry.part === 'competencies' ? 'competencies' : `## ${entry.part[0]!.toUpperCase()}${entry.part.slice(1)}`, why: entry.why })),
    todos: text.split('\n').flatMap((line, index) => (/\bTODO\b/.test(line) ? [{ line: index + 1, text: todoText(line) }] : [])),
  }
  return { title, text, todos, report }
}

function linesOrLine(lines: Lines): string {
  return lines.from === lines.to ? `line ${lines.from}` : `lines ${lines.from}\u2013${lines.to}`
}

/** What a TODO line asks for: its comment, else the line. */
function todoText(line: string): string {
  const comment = /<!--\s*([\s\S]*?)\s*-->|#\s*(?:TODO:\s*)?(.*)$/.exec(line)
  return (comment?.[1] ?? comment?.[2] ?? line).trim()
}

/**
 * The resources as name and address: the address as written, else from the
 * directory by the name, else `TODO` saying whether it was cut off or never given.
 */
function readResources(
  placements: readonly Placement[],
  organizations: readonly Organization[],
  missing: (key: string, reason: string) => string,
): { resources: { name: string; url: string }[]; how?: 'directory' } {
  const read: ResourceLine[] = []
  for (const placement of placements) {
    for (const line of placement.prose ? parseResourceProse(placement.text) : [parseResourceLine(placement.text)]) {
      const previous = read.at(-1)
      // A name on one line and its address alone on the next.
      if (!line.name && line.url && previous?.name && !previous.url && !previous.cut) previous.url = line.url
      else if (line.name || line.url) read.push(line)
    }
  }
  const resources: { name: string; url: string }[] = []
  const seen = new Set<string>()
  let directory = false
  for (const line of read) {
    const index = resources.length
    const known = line.url ? undefined : findOrganization(organizations, line.name)
    const key = (line.url ?? known?.url)?.replace(/\/+$/, '').toLowerCase()
    if (key && seen.has(key)) continue
    if (key) seen.add(key)
    if (known) {
      directory = true
      resources.push({ name: known.name, url: known.url })
    } else if (!line.name) {
      resources.push({ name: missing(`resources.${index}.name`, `the resource at ${line.url} has no name in the text`), url: line.url! })
    } else if (line.url) {
      resources.push({ name: line.name, url: line.url })
    } else {
      const reason = line.cut
        ? `the address of "${line.name}" was cut off${line.cut.partial ? ` after "${line.cut.partial}"` : ''}: add it (and the organization to templates/organizations.yaml)`
        : `no address for "${line.name}" in the text: add it (and the organization to templates/organizations.yaml)`
      resources.push({ name: line.name, url: missing(`resources.${index}.url`, reason) })
    }
  }
  return { resources, how: directory ? 'directory' : undefined }
}

/**
 * The published text is prose, not Markdown: escape what Markdown would
 * read as markup, so it prints as it was written.
 */
export function escapeMarkdown(paragraph: string): string {
  return paragraph
    .replace(/[\\`*_[\]<~]/g, '\\$&')
    .replace(/^([#>+=|-])/, '\\$1')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2')
}
