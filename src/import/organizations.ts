/**
 * The directory of known organizations (templates/organizations.yaml, or the
 * book's own copy): the published features lost every resource's address at
 * the `(`, and this is where import finds it again.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { LineCounter, parseDocument } from 'yaml'
import { yamlAliasLimit } from '../report/yaml.ts'
import { z } from 'zod'
import { UsageError } from '../errors.ts'
import { Templates } from '../render/templates.ts'

export interface Organization {
  name: string
  aliases: string[]
  url: string
}

const organizationsSchema = z
  .array(
    z.strictObject({
      name: z.string().trim().min(1),
      aliases: z.array(z.string().trim().min(1)).default([]),
      url: z.url({ protocol: /^https?$/ }),
    }),
  )
  .nullable()
  .transform((list) => list ?? [])

export const organizationsFile = 'organizations.yaml'

/** The book's `templates/organizations.yaml` if it has one, else the one that ships with the package. */
export function loadOrganizations(root: string): Organization[] {
  const file = new Templates(root).path(organizationsFile)
  const shown = path.relative(root, file) || file
  const fix = `Fix ${shown}: a list of organizations, each with \`name\`, optional \`aliases\` and \`url\` (see the comment at its top).`
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(`Cannot read the organizations directory ${shown}: ${(error as Error).message}`, fix)
  }
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false })
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset)
    return `${shown}:${line}:${col}`
  }
  if (doc.errors[0]) throw new UsageError(`${at(doc.errors[0].pos[0])}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`, fix)
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: yamlAliasLimit })
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error
    throw new UsageError(`${at(0)}: its aliases (\`*name\`) cannot be resolved or repeat more than ${yamlAliasLimit} values`, fix)
  }
  const result = organizationsSchema.safeParse(data)
  if (!result.success) {
    const issue = result.error.issues[0]!
    const node = doc.getIn(issue.path as (string | number)[], true) as { range?: [number, number] } | undefined
    throw new UsageError(`${at(node?.range?.[0] ?? 0)}: ${issue.path.join('.') || 'the file'}: ${issue.message}`, fix)
  }
  return result.data
}

/** Lower case, letters and digits only, without the words that spellings add or drop ("the", "U.S."). */
function normalize(name: string): string {
  return ` ${name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/\bu\.s\.|\bus\b|\bthe\b/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `
}

/**
 * The organization a resource line names: the one whose name or alias the
 * line contains as whole words, the longest such match when several do
 * ("Department of Labor, Bureau of Labor Statistics" is BLS, not the Department).
 */
export function findOrganization(directory: readonly Organization[], text: string): Organization | undefined {
  const wanted = normalize(text)
  let best: { organization: Organization; length: number } | undefined
  for (const organization of directory) {
    for (const name of namesOf(organization)) {
      const key = normalize(name)
      if (key.trim() === '' || !wanted.includes(key)) continue
      if (!best || key.length > best.length) best = { organization, length: key.length }
    }
  }
  return best?.organization
}

/** Its name, aliases, and the name with and without an abbreviation in parentheses: "… Association (AHIMA)". */
function namesOf(organization: Organization): string[] {
  const names = [organization.name, ...organization.aliases]
  return names.flatMap((name) => [name, ...(/^(.+?)\s*\(([^)]+)\)$/.exec(name)?.slice(1) ?? [])])
}

export interface ResourceLine {
  /** The name with the cut-off `(` and any address removed. */
  name: string
  /** An address that survived in the line, if any. */
  url?: string
}

/** "American Nurses Association (" or "American Nurses Association (www.nursingworld.org)". */
export function parseResourceLine(line: string): ResourceLine {
  const address = /\(?\s*((?:https?:\/\/|www\.)[^\s()]+)\s*\)?/i.exec(line)
  const name = (address ? line.slice(0, address.index) + line.slice(address.index + address[0].length) : line)
    .replace(/[\s(:\u2013-]+$/, '')
    .trim()
  if (!address) return { name }
  const url = address[1]!.replace(/[.,;]+$/, '')
  return { name, url: /^https?:\/\//i.test(url) ? url : `https://${url}` }
}
