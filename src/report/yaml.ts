/**
 * YAML with positions, validated by a zod schema, reported as positioned
 * messages. Shared by the chapter front matter and the book config so that
 * both speak the same way about the same faults.
 */
import { closest, distance } from 'fastest-levenshtein'
import type { VFile } from 'vfile'
import { location } from 'vfile-location'
import { isMap, isPair, isScalar, isSeq, parseDocument, visit, type Alias, type Document, type Node as YamlNode } from 'yaml'
import type { z } from 'zod'
import { report } from '../report/messages.ts'
import type { RuleCode } from '../report/rules.ts'
import { xmlForbidden } from '../text/xml-chars.ts'

/** Which rule codes a YAML source reports its faults under. */
export interface YamlRules {
  syntax: RuleCode
  missing: RuleCode
  type: RuleCode
  unknown: RuleCode
  empty: RuleCode
  /** Aliases (`*name`) that repeat more than `yamlAliasLimit` values. */
  aliases: RuleCode
  /** A placeholder value (`TODO`) that a rule of its own reports: not reported again as an invalid value. */
  placeholder?: RegExp
}

/**
 * How much YAML aliases may repeat: the `yaml` package's own guard against documents that expand without
 * end (`maxAliasCount`, counted over nested aliases too). No front matter or config needs more.
 */
export const yamlAliasLimit = 100

export interface YamlSource {
  file: VFile
  /** The YAML text. */
  text: string
  /** Where `text` starts within the file, as an offset into `String(file)`. */
  offset: number
  /** Where to point when a top-level field is missing. */
  fallbackOffset: number
  /** What the fields are called in messages: "front matter" or "config". */
  noun: string
}

/**
 * Parse YAML, report syntax errors; `undefined` when the text is not usable. `quiet`: a fault
 * already reported explains the syntax errors (a tab in the indentation), so they are not.
 */
export function parseYaml(source: YamlSource, rules: YamlRules, quiet = false): Document | undefined {
  const doc = parseDocument(source.text, { prettyErrors: false, uniqueKeys: true })
  const place = location(source.file)
  for (const error of quiet ? [] : doc.errors) {
    const reason = firstLine(error.message)
    report(source.file, rules.syntax, `Malformed ${source.noun} YAML: ${reason}`, place.toPoint(source.offset + error.pos[0]))
  }
  if (doc.errors.length > 0) return undefined
  removeEscapedXmlForbidden(source, doc)
  return doc
}

/**
 * Characters XML cannot carry that a YAML escape wrote into a value (`"\x01"`, `"\e"`): removed and
 * reported at the value, as load does with the same characters written as they are (x-001).
 */
function removeEscapedXmlForbidden(source: YamlSource, doc: Document): void {
  const place = location(source.file)
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return
      const cleaned = node.value.replace(xmlForbidden, '')
      if (cleaned === node.value) return
      const removed = [...new Set(node.value.match(xmlForbidden))].map((character) => `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)
      const what = removed.length === 1 ? `the character ${removed[0]}` : `the characters ${removed.join(', ')}`
      const at = place.toPoint(source.offset + (node.range?.[0] ?? 0))
      report(source.file, 'x-001', `Removed ${what}, written as a YAML escape: XML cannot carry ${removed.length === 1 ? 'it' : 'them'}`, at, 'Delete the escape (`\\x01`, `\\e`, `\\u001b` …) from the quoted value.')
      node.value = cleaned
    },
  })
}

/**
 * The document's value, or `undefined` after a located message when its aliases cannot be resolved
 * (one before its anchor) or repeat more than the limit (an alias bomb: nine aliases of nine aliases …).
 */
function resolveAliases(source: YamlSource, doc: Document, rules: YamlRules): { data: unknown } | undefined {
  try {
    return { data: doc.toJS({ maxAliasCount: yamlAliasLimit }) ?? {} }
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error
    const place = location(source.file)
    const at = (node: Alias | undefined) => place.toPoint(source.offset + (node?.range?.[0] ?? 0))
    const anchors = new Set<string>()
    const aliases: Alias[] = []
    let unresolved: Alias | undefined
    visit(doc, {
      Node(_key, node) {
        if (node.anchor) anchors.add(node.anchor)
      },
      Alias(_key, node) {
        aliases.push(node)
        if (!anchors.has(node.source)) unresolved ??= node
      },
    })
    if (unresolved) {
      report(source.file, rules.syntax, `Malformed ${source.noun} YAML: the alias \`*${unresolved.source}\` comes before its anchor \`&${unresolved.source}\`, or has none`, at(unresolved))
    } else {
      report(source.file, rules.aliases, `The ${source.noun}'s aliases (\`*name\`) repeat more than ${yamlAliasLimit} values`, at(aliases[0]))
    }
    return undefined
  }
}

/**
 * Validate the parsed document against `schema`. Returns the typed value, or
 * `undefined` after reporting every issue (not just the first).
 */
export function validateYaml<S extends z.ZodType>(
  source: YamlSource,
  doc: Document,
  schema: S,
  rules: YamlRules,
): z.output<S> | undefined {
  const resolved = resolveAliases(source, doc, rules)
  if (!resolved) return undefined
  const data = resolved.data
  const result = schema.safeParse(data)
  if (result.success) return result.data
  const place = location(source.file)
  const at = (offset: number) => place.toPoint(source.offset + offset)

  // A misspelt key is one message: "`sumary` is not a field; did you mean `summary`?". The missing field it
  // was meant to be is not reported again with "Add `summary:`", which would contradict it.
  const renamed = new Set<string>()
  for (const issue of result.error.issues) {
    if (issue.code !== 'unrecognized_keys') continue
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol')
    const known = knownKeys(schema, path)
    for (const key of issue.keys) {
      const suggestion = nearestKey(key, known)
      if (suggestion && valueAt(data, [...path, suggestion]) === undefined) renamed.add(JSON.stringify([...path, suggestion]))
    }
  }

  for (const issue of result.error.issues) {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol')
    const value = valueAt(data, path)
    if (rules.placeholder && typeof value === 'string' && rules.placeholder.test(value)) continue
    const name = describeField(path)
    const custom = issue.code === 'custom' ? (issue.params as { rule?: RuleCode; hint?: string } | undefined) : undefined
    if (custom?.rule) {
      report(source.file, custom.rule, issue.message, at(rangeOf(doc, path, source).start), custom.hint)
      continue
    }
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeys(schema, path)
        const fields = known.map((k) => `\`${k}\``).join(', ')
        for (const key of issue.keys) {
          const suggestion = nearestKey(key, known)
          const keyPath = [...path, key]
          const where = path.length > 0 ? ` of ${describeField(path)}` : ''
          report(
            source.file,
            rules.unknown,
            `\`${key}\` is not a ${source.noun} field${where}${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`,
            at(keyOffsetOf(doc, keyPath, source)),
            suggestion ? `Correct the spelling to \`${suggestion}:\`. The fields here are ${fields}.` : known.length > 0 ? `The fields here are ${fields}; remove the others.` : undefined,
          )
        }
        break
      }
      case 'invalid_type': {
        if (value === undefined || value === null) {
          if (renamed.has(JSON.stringify(path))) break
          report(
            source.file,
            rules.missing,
            path.length > 1 ? `${capitalized(describeField(path.slice(0, -1)))} has no \`${String(path[path.length - 1])}\`` : `Missing required ${source.noun} field ${name}`,
            at(missingOffset(doc, path, source)),
            `Add \`${String(path[path.length - 1])}:\` with ${describeExpected(issue.expected)} to the ${source.noun}.`,
          )
        } else {
          report(
            source.file,
            rules.type,
            `${capitalized(name)} must be ${describeExpected(issue.expected)}, not ${describeValue(value)}`,
            at(rangeOf(doc, path, source).start),
            typeHint(issue.expected, value),
          )
        }
        break
      }
      case 'too_small': {
        const what = issue.origin === 'array' ? 'at least one item' : 'some text'
        report(source.file, rules.empty, `${capitalized(name)} is empty: it needs ${what}`, at(rangeOf(doc, path, source).start))
        break
      }
      default: {
        report(source.file, rules.type, `${capitalized(name)}: ${issue.message}`, at(rangeOf(doc, path, source).start))
      }
    }
  }
  return undefined
}

/** The value node at `path` and where it sits within the YAML text. */
export function rangeOf(doc: Document, path: readonly (string | number)[], source: YamlSource): { start: number; end: number } {
  const node = doc.getIn(path, true) as YamlNode | undefined
  if (node && node.range) return { start: node.range[0], end: node.range[1] }
  if (path.length > 0) return { start: keyOffsetOf(doc, path, source), end: keyOffsetOf(doc, path, source) }
  return { start: source.fallbackOffset - source.offset, end: source.fallbackOffset - source.offset }
}

/** Offset of the key of `path`'s last element (or of its value, for list items). */
export function keyOffsetOf(doc: Document, path: readonly (string | number)[], source: YamlSource): number {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents
  const last = path[path.length - 1]
  if (isMap(parent)) {
    for (const pair of parent.items) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === last && pair.key.range) return pair.key.range[0]
    }
  }
  if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last] as YamlNode | undefined
    if (item?.range) return item.range[0]
  }
  if (path.length > 1) return keyOffsetOf(doc, path.slice(0, -1), source)
  return source.fallbackOffset - source.offset
}

/** For a missing field, point at the object that should hold it. */
function missingOffset(doc: Document, path: readonly (string | number)[], source: YamlSource): number {
  if (path.length <= 1) return source.fallbackOffset - source.offset
  return keyOffsetOf(doc, path.slice(0, -1), source)
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = data
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string | number, unknown>)[key]
  }
  return current
}

/** The keys the schema knows at `path`, for "did you mean" hints. */
function knownKeys(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let current: unknown = schema
  for (const key of [...path, undefined]) {
    current = unwrap(current)
    const def = (current as { _zod?: { def?: Record<string, unknown> } })._zod?.def
    if (!def) return []
    if (key === undefined) return def.type === 'object' ? Object.keys(def.shape as object) : []
    if (def.type === 'object') current = (def.shape as Record<string, unknown>)[key]
    else if (def.type === 'array') current = def.element
    else return []
  }
  return []
}

function unwrap(schema: unknown): unknown {
  let current = schema
  for (let depth = 0; depth < 10; depth++) {
    const def = (current as { _zod?: { def?: Record<string, unknown> } })._zod?.def
    if (!def) return current
    if (def.innerType) current = def.innerType
    else if (def.type === 'pipe') current = def.in
    else return current
  }
  return current
}

export function fieldName(path: readonly (string | number)[]): string {
  let name = ''
  for (const key of path) name += typeof key === 'number' ? `[${key}]` : name ? `.${key}` : key
  return name || '(top level)'
}

/** What an item of a list is called, for the lists the chapter and the config have. */
const listItemNames: Record<string, string> = {
  certifications: 'certification',
  competencies: 'competency',
  resources: 'resource',
  editors: 'editor',
  keywords: 'keyword',
  subjects: 'subject',
  volumes: 'volume',
}

/**
 * A field as an editor counts it, for messages: `` `salary.min` ``, "competency 2", "resource 1's `url`"
 * (list items from 1, as they stand in the file), "item 3 of `foo`".
 */
export function describeField(path: readonly (string | number)[]): string {
  let described = ''
  let keys: string[] = []
  const flush = () => {
    if (keys.length === 0) return
    described += `${described ? "'s " : ''}\`${keys.join('.')}\``
    keys = []
  }
  for (const [index, key] of path.entries()) {
    if (typeof key === 'string') {
      if (typeof path[index + 1] !== 'number') keys.push(key)
      continue
    }
    const list = path[index - 1]
    const item = typeof list === 'string' ? listItemNames[list] : undefined
    flush()
    const itemName = item ? `${item} ${key + 1}` : `item ${key + 1} of \`${String(list)}\``
    described += described ? `'s ${itemName}` : itemName
  }
  flush()
  return described || '(top level)'
}

/** The known key `key` is most likely a misspelling of: a few letters off at most, else none. */
function nearestKey(key: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined
  const nearest = closest(key, known)
  return distance(key.toLowerCase(), nearest.toLowerCase()) <= Math.max(2, Math.floor(nearest.length / 3)) ? nearest : undefined
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text'
    case 'number':
      return 'a number'
    case 'array':
      return 'a list'
    case 'object':
      return 'a set of fields'
    case 'boolean':
      return '`true` or `false`'
    default:
      return `a value of type ${expected}`
  }
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`
  if (typeof value === 'number') return `the number ${value}`
  if (typeof value === 'boolean') return `\`${value}\``
  if (typeof value === 'object') return 'a set of fields'
  return typeof value
}

function typeHint(expected: string, value: unknown): string | undefined {
  if (expected === 'number' && typeof value === 'string') {
    return 'Write the number with digits only, no currency sign or thousands separators: `80000`.'
  }
  if (expected === 'array') return 'Write one item per line, each starting with `- `.'
  if (expected === 'string' && typeof value === 'object') {
    return 'If the text contains a colon or starts with a special character, put it in double quotes.'
  }
  return undefined
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
}
