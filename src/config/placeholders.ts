/**
 * Placeholders in the book config (src/text/placeholders.ts), each placed
 * exactly: every text value of the YAML is searched, including values the
 * schema does not know, and an ISBN under `isbn:` is compared with the
 * well-known examples. `check` and `build` report them as warnings (c-030 an
 * example domain, c-031 a `TODO`, c-032 an ASIN or ISBN that cannot be real),
 * so the sample book shows them; a release refuses them (c-033), the same places
 * listed as errors.
 */
import type { Point } from 'unist'
import type { VFile } from 'vfile'
import { location } from 'vfile-location'
import { isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml'
import { fieldName } from '../report/yaml.ts'
import { exampleIsbnProblem, findPlaceholders, type PlaceholderKind } from '../text/placeholders.ts'
import { report } from '../report/messages.ts'
import type { RuleCode } from '../report/rules.ts'

export interface ConfigPlaceholder {
  kind: PlaceholderKind
  /** The field, as the README names it (`stores.kindle.volumes.complete`). */
  field: string
  message: string
  place: Point
}

export function findConfigPlaceholders(file: VFile, doc: Document): ConfigPlaceholder[] {
  const text = String(file)
  const place = location(file)
  const found: ConfigPlaceholder[] = []
  const visit = (node: unknown, path: (string | number)[]) => {
    if (isMap(node)) {
      for (const pair of node.items) if (isPair(pair) && isScalar(pair.key)) visit(pair.value, [...path, String(pair.key.value)])
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...path, index]))
    } else if (isScalar(node) && node.range && (typeof node.value === 'string' || typeof node.value === 'number')) {
      const value = String(node.value)
      const source = text.slice(node.range[0], node.range[1])
      const at = (needle: string) => place.toPoint(node.range![0] + Math.max(source.indexOf(needle), 0)) ?? { line: 1, column: 1 }
      for (const placeholder of findPlaceholders(value)) {
        found.push({ kind: placeholder.kind, field: fieldName(path), message: placeholder.message, place: at(placeholder.needle) })
      }
      if (path[0] === 'isbn' || (path[0] === 'volumes' && path[2] === 'isbn')) {
        const problem = exampleIsbnProblem(value.replace(/[-\s]/g, ''))
        if (problem) found.push({ kind: 'identifier', field: fieldName(path), message: problem, place: at(source.trim()) })
      }
    }
  }
  visit((doc.contents as YamlNode | null) ?? undefined, [])
  return found
}

const byKind = { domain: 'c-030', todo: 'c-031', identifier: 'c-032' } as const satisfies Record<ConfigPlaceholder['kind'], RuleCode>
const warnings = new Set<string>(Object.values(byKind))

export function reportPlaceholders(file: VFile, placeholders: readonly ConfigPlaceholder[]): void {
  for (const placeholder of placeholders) report(file, byKind[placeholder.kind], `\`${placeholder.field}\`: ${placeholder.message}`, placeholder.place)
}

/** For a release: each placeholder warning on `file` becomes a c-033 error at the same place. */
export function refusePlaceholders(file: VFile): void {
  const found = file.messages.filter((message) => message.ruleId !== undefined && warnings.has(message.ruleId))
  file.messages = file.messages.filter((message) => !found.includes(message))
  for (const message of found) {
    report(file, 'c-033', `${message.reason} (a release cannot carry a placeholder)`, { line: message.line ?? 1, column: message.column ?? 1 })
  }
}
