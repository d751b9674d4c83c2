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
  /** The name without the address and the punctuation around it; empty when the line has none. */
  name: string
  /** An address that survived in the line, if any, with `https://` when it was written without. */
  url?: string
  /** Set when the line ends where its address was cut off: at `(`, or in the middle of the address. */
  cut?: { partial?: string }
}

/**
 * An address in a line: a Markdown link, `<https://…>`, `https://…`,
 * `www.…`, or a bare domain (`aota.org`).
 */
const address = /\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)|<(https?:\/\/[^>\s]+)>|(https?:\/\/[^\s<>()]+|www\.[^\s<>()]+|(?<![@\w.-])(?:[a-z0-9][a-z0-9-]*\.)+(?:org|com|net|gov|edu|info|us)(?:\/[^\s<>()]*)?(?![\w-]))/

/** Every address of a text, in order, with where it stands. */
export function findAddresses(text: string): { index: number; length: number; name?: string; url: string }[] {
  const found: { index: number; length: number; name?: string; url: string }[] = []
  const pattern = new RegExp(address.source, 'gi')
  for (const match of text.matchAll(pattern)) {
    const raw = (match[2] ?? match[3] ?? match[4]!).replace(/[.,;:!?]+$/, '')
    found.push({ index: match.index, length: match[0].length - (match[4] ? match[4].length - raw.length : 0), name: match[1], url: /^https?:\/\//i.test(raw) ? raw : `https://${raw}` })
  }
  return found
}

/**
 * One resource as a line gives it: "American Nurses Association (" (cut
 * off), "… (www.nursingworld.org)", "www.nremt.org (National Registry …)",
 * "Name – https://…", "Name: https://…", "[Name](https://…)", "Name <https://…>".
 */
export function parseResourceLine(line: string): ResourceLine {
  const [found] = findAddresses(line)
  if (!found) {
    const cut = /\(\s*$/.test(line)
    return { name: cleanName(line), ...(cut ? { cut: {} } : {}) }
  }
  if (found.name) return { name: cleanName(found.name), url: found.url }
  const before = line.slice(0, found.index)
  const after = line.slice(found.index + found.length)
  const name = cleanName(`${before} ${after}`)
  // "(www.amhca" at the end: the address was cut off in the middle.
  const open = /\(\s*$/.test(before) && !after.includes(')')
  if (open || !/\.[a-z]{2,}$/i.test(hostOf(found.url))) return { name, cut: { partial: line.slice(found.index, found.index + found.length) } }
  return { name, url: found.url }
}

/** The name with the punctuation that stood around the address removed. */
function cleanName(text: string): string {
  let name = text.replace(/\(\s*\)|<\s*>/g, ' ').replace(/\s+/g, ' ').trim()
  // "www.nremt.org (National Registry …)": the name in parentheses after the address.
  if (/^\([^()]*\)$/.test(name)) name = name.slice(1, -1)
  return name
    .replace(/^[\s(:,|\u2013\u2014-]+|[\s(:,|\u2013\u2014-]+$/g, '')
    .replace(/\s+(?:at|on)$/i, '')
    .trim()
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname
  } catch {
    return ''
  }
}

/** A capitalized name at the end of a text: "… visit the American Massage Therapy Association" → the name. */
const trailingName = /[A-Z][\w'\u2019&.-]*(?:\s+(?:(?:of|for|and|on|in|the|&)\s+)*[A-Z][\w'\u2019&.-]*)*$/

/**
 * Resources named in a sentence: "visit the American Massage Therapy
 * Association at www.amtamassage.org and the Federation of State Massage
 * Therapy Boards at www.fsmtb.org" → each name with its address.
 */
export function parseResourceProse(text: string): ResourceLine[] {
  const found: ResourceLine[] = []
  let from = 0
  for (const address of findAddresses(text)) {
    const before = text.slice(from, address.index).replace(/[\s(:,\u2013\u2014-]+$/, '').replace(/\s+(?:at|on|is|are)$/i, '')
    const name = address.name ?? trailingName.exec(before)?.[0]
    found.push({ name: name ? cleanName(name) : '', url: address.url })
    from = address.index + address.length
  }
  return found
}
