/**
 * One feature's parts → the text of a chapter file. What could not be
 * inferred is written as `TODO` with a comment on the same line saying what
 * is missing; `check` (rule s-006) then reports each one at its line.
 */
import { Document, isMap, isSeq, type Scalar, type YAMLMap } from 'yaml'
import { inferCertifications, inferDegree, inferSalary, inferSummary, inferTitle } from './infer.ts'
import { findOrganization, parseResourceLine, type Organization } from './organizations.ts'
import type { FeatureParts } from './read.ts'

export interface ComposedChapter {
  /** The title, when given or inferred. */
  title?: string
  text: string
  /** What was left as TODO (or flagged), in the words of the comments. */
  todos: string[]
}

const todo = 'TODO'

export function composeChapter(
  parts: FeatureParts,
  options: { title?: string; date: string; organizations: readonly Organization[] },
): ComposedChapter {
  const todos: string[] = []
  /** A comment on one value; every one that asks for work holds the word TODO, or stands beside one. */
  const comments = new Map<string, string>()
  const missing = (key: string, reason: string) => {
    comments.set(key, reason)
    todos.push(reason)
    return todo
  }

  const title = options.title?.trim() || inferTitle(parts.description[0])
  const summary = inferSummary(parts.description[0])
  const degree = inferDegree(parts.education)
  const isOrganization = (name: string) => findOrganization(options.organizations, name) !== undefined
  const certifications = inferCertifications(parts.education, isOrganization)
  const salary = inferSalary(parts.salary)

  const front: Record<string, unknown> = {
    title: title ?? missing('title', 'the description does not start "The <career> is …": give the career'),
    published: options.date,
    summary: summary ?? missing('summary', 'no description in the text: one or two sentences on what the job is'),
    degree: degree ?? missing('degree', 'the education part names no degree: give the usual one, e.g. Bachelor\'s degree'),
  }
  if (certifications.length > 0) front.certifications = certifications
  front.salary = {
    min: salary?.min ?? missing('salary.min', 'no $ range in the salary part: the low end of the typical pay, whole dollars a year'),
    max: salary?.max ?? missing('salary.max', 'the high end'),
    currency: 'USD',
  }
  if (salary?.flag) {
    comments.set('salary.min', `${todo}: ${salary.flag}`)
    todos.push(salary.flag)
  }
  front.competencies = parts.competencies.length > 0 ? parts.competencies : [missing('competencies.0', 'no list of competencies in the text: one core skill a line')]
  front.resources =
    parts.resources.length > 0
      ? parts.resources.map((line, index) => resource(line, index, options.organizations, missing))
      : [{ name: missing('resources.0.name', 'no resources in the text: an organization to learn more from'), url: missing('resources.0.url', 'its https:// address') }]

  const doc = new Document(front)
  for (const [key, comment] of comments) {
    const node = doc.getIn(key.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)), true) as Scalar | YAMLMap | undefined
    if (node && !isMap(node) && !isSeq(node)) node.comment = ` ${comment}`
  }
  const yaml = doc.toString({ lineWidth: 0 })

  const sections: [string, string[], string][] = [
    ['Description', parts.description, 'no description in the text: what people in this job do, and where they work'],
    ['Education', parts.education, 'no education paragraph in the text: the path into the field'],
    ['Salary', parts.salary, 'no salary paragraph in the text: what the job pays, naming the source and the year'],
    ['Outlook', parts.outlook, 'no outlook paragraph in the text: how demand is expected to change, with the source and years'],
  ]
  const body = sections.map(([heading, paragraphs, reason]) => {
    if (paragraphs.length > 0) return `## ${heading}\n\n${paragraphs.map(escapeMarkdown).join('\n\n')}\n`
    todos.push(reason)
    return `## ${heading}\n\n${todo} <!-- ${reason} -->\n`
  })
  return { title, text: `---\n${yaml}---\n\n${body.join('\n')}`, todos }
}

function resource(
  line: string,
  index: number,
  organizations: readonly Organization[],
  missing: (key: string, reason: string) => string,
): { name: string; url: string } {
  const { name, url } = parseResourceLine(line)
  if (!name) return { name: missing(`resources.${index}.name`, `the resource "${line}" has no name`), url: url ?? missing(`resources.${index}.url`, "its https:// address") }
  if (url) return { name, url }
  const known = findOrganization(organizations, name)
  if (known) return { name: known.name, url: known.url }
  return { name, url: missing(`resources.${index}.url`, `the address of "${name}" was cut off: add it (and the organization to templates/organizations.yaml)`) }
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
