/**
 * Placeholders in a text: what a sample or a half-filled config holds in
 * place of a real value. Reserved host names never resolve (RFC 2606,
 * RFC 6761); `TODO` is what `springboard new` writes; an ASIN or ISBN in a
 * store's address that fails its pattern or check digit cannot be a real
 * product; and a few ISBNs are the examples that documentation uses.
 */
import { isValidIsbn13 } from './isbn.ts'

export type PlaceholderKind = 'domain' | 'todo' | 'identifier'

export interface Placeholder {
  kind: PlaceholderKind
  /** Where the placeholder starts in the text, and what it is (searched for in the source to place it exactly). */
  index: number
  needle: string
  message: string
}

/** Reserved for documentation and tests: never a real page. */
const reservedSecondLevel = new Set(['example.com', 'example.org', 'example.net'])
const reservedTopLevel = new Set(['example', 'test', 'invalid', 'localhost'])

export function isReservedHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '')
  if (name === 'localhost') return true
  const labels = name.split('.')
  if (reservedTopLevel.has(labels.at(-1)!)) return true
  return reservedSecondLevel.has(labels.slice(-2).join('.'))
}

/**
 * ISBNs that are examples, not books anyone may publish under: the check-digit example of Wikipedia's ISBN
 * article and the one on its sample barcode. Documentation and samples (this project's too) use them.
 */
export const exampleIsbns: ReadonlyMap<string, string> = new Map([
  ['9780306406157', 'the check-digit example that ISBN documentation uses'],
  ['9783161484100', 'the ISBN of the sample barcode that ISBN documentation shows'],
])

const urlPattern = /\bhttps?:\/\/[^\s<>"'`)\]]+/gi
const emailPattern = /\b[\w.+-]+@([\w-]+(?:\.[\w-]+)+)\b/g

/** Every placeholder in `text`, in order. */
export function findPlaceholders(text: string): Placeholder[] {
  const found: Placeholder[] = []
  for (const match of text.matchAll(/\bTODO\b/g)) {
    found.push({ kind: 'todo', index: match.index, needle: 'TODO', message: 'still says `TODO`' })
  }
  for (const match of text.matchAll(urlPattern)) {
    let url: URL
    try {
      url = new URL(match[0])
    } catch {
      continue
    }
    if (isReservedHost(url.hostname)) {
      found.push({ kind: 'domain', index: match.index + match[0].indexOf(url.hostname), needle: url.hostname, message: `\`${match[0]}\` is on \`${url.hostname}\`, a domain reserved for examples: it leads nowhere` })
      continue
    }
    for (const problem of storeIdentifierProblems(url)) {
      const at = match[0].indexOf(problem.needle)
      found.push({ kind: 'identifier', index: match.index + Math.max(at, 0), needle: problem.needle, message: problem.message })
    }
  }
  for (const match of text.matchAll(emailPattern)) {
    const host = match[1]!
    if (isReservedHost(host)) found.push({ kind: 'domain', index: match.index + match[0].indexOf(host), needle: host, message: `\`${match[0]}\` is on \`${host}\`, a domain reserved for examples: no mail arrives there` })
  }
  return found.sort((a, b) => a.index - b.index)
}

/** An ISBN given as an `isbn:` value: a well-known example is a placeholder (its check digit is right). */
export function exampleIsbnProblem(digits: string): string | undefined {
  const what = exampleIsbns.get(digits)
  return what ? `ISBN ${digits} is ${what}, not one assigned to this book` : undefined
}

/** Amazon's product pages name an ASIN (or, for print books, an ISBN-10); others may carry an ISBN-13 (`?ean=`, `?isbn=`). */
function storeIdentifierProblems(url: URL): { needle: string; message: string }[] {
  const problems: { needle: string; message: string }[] = []
  if (/(^|\.)amazon\.[a-z.]+$/i.test(url.hostname)) {
    const id = /\/(?:dp|gp\/product|product)\/([^/?#]+)/i.exec(url.pathname)?.[1]
    if (id !== undefined && !isAsin(id) && !isIsbn10(id)) {
      problems.push({ needle: id, message: `\`${id}\` in \`${url.href}\` is not an ASIN (\`B0\` and 8 capital letters or digits) or an ISBN-10` })
    }
  }
  for (const [key, value] of url.searchParams) {
    if (!/^(ean|isbn|isbn13)$/i.test(key)) continue
    const digits = value.replace(/-/g, '')
    if (!isValidIsbn13(digits)) problems.push({ needle: value, message: `\`${value}\` in \`${url.href}\` is not a valid ISBN-13 (its check digit or its 978/979 prefix is wrong)` })
    else if (exampleIsbns.has(digits)) problems.push({ needle: value, message: exampleIsbnProblem(digits)! })
  }
  return problems
}

/** Kindle books without an ISBN: `B0` and 8 capital letters or digits. */
export function isAsin(id: string): boolean {
  return /^B0[0-9A-Z]{8}$/.test(id)
}

export function isIsbn10(id: string): boolean {
  if (!/^\d{9}[\dX]$/.test(id)) return false
  let sum = 0
  for (let i = 0; i < 10; i++) sum += (id[i] === 'X' ? 10 : Number(id[i])) * (10 - i)
  return sum % 11 === 0
}
