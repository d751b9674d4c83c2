/**
 * Print helper: print-only changes to the rendered HTML, made on the tree
 * rather than on strings:
 *
 * - soft hyphens. Chromium's `hyphens: auto` needs dictionaries that its
 *   component updater downloads, which never happens offline, so words are
 *   hyphenated here with TeX's patterns (npm `hyphen`) and the browser only
 *   breaks at the soft hyphens. TeX's English limits apply: at least two
 *   letters before a break and three after it.
 * - web addresses. A link on paper is only as good as its printed address,
 *   so a link whose text is not its address gets the address after it.
 */
import type { Element, ElementContent, Root } from 'hast'
import { fromParse5 } from 'hast-util-from-parse5'
import { createRequire } from 'node:module'
import { parseFragment } from 'parse5'
import { visitParents } from 'unist-util-visit-parents'
import { toXhtml } from '../transform/index.ts'

const require = createRequire(import.meta.url)

type Hyphenate = (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string

/** Hyphenation patterns by BCP 47 language; other languages are not hyphenated. */
const patternModules: Record<string, string> = {
  'en-us': 'hyphen/en-us',
  'en-gb': 'hyphen/en-gb',
  en: 'hyphen/en-us',
}

export const softHyphen = '\u00AD'
const leftMin = 2
const rightMin = 3

export function hyphenatorFor(language: string): ((word: string) => string) | undefined {
  const tag = language.toLowerCase()
  const name = patternModules[tag] ?? patternModules[tag.split('-')[0]!]
  if (!name) return undefined
  // The package is CommonJS without named exports Node can detect.
  const { hyphenateSync } = require(name) as { hyphenateSync: Hyphenate }
  // A book uses a few thousand words many times over: each is hyphenated once.
  const known = new Map<string, string>()
  return (word) => {
    let result = known.get(word)
    if (result === undefined) known.set(word, (result = hyphenateWord(word)))
    return result
  }
  function hyphenateWord(word: string): string {
    const parts = hyphenateSync(word, { hyphenChar: softHyphen, minWordLength: leftMin + rightMin }).split(softHyphen)
    let result = ''
    let done = 0
    for (const [index, part] of parts.entries()) {
      if (index > 0 && done >= leftMin && word.length - done >= rightMin) result += softHyphen
      result += part
      done += part.length
    }
    return result
  }
}

/** Elements whose text is never hyphenated: headings, addresses, code, tables, figures. */
const noHyphenation = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'code', 'pre', 'kbd', 'samp', 'th', 'td', 'dt', 'figcaption'])
const noHyphenationClasses = new Set(['print-url', 'salary', 'chapter-number', 'toc', 'halftitle', 'titlepage'])

/** A word to hyphenate: letters only (an apostrophe inside is fine); addresses, numbers and acronyms are left alone. */
const wordPattern = /[\p{L}\u2019']+/gu // ’ escaped: see trailingPunctuation in src/text/urls.ts

export function hyphenateText(text: string, hyphenate: (word: string) => string): string {
  return text
    .split(/(\s+)/)
    .map((token) => {
      if (/[/@\d]|\.\p{L}/u.test(token)) return token
      return token.replace(wordPattern, (word) => (word.length < leftMin + rightMin || word === word.toUpperCase() ? word : hyphenate(word)))
    })
    .join('')
}

export interface PrepareOptions {
  language: string
  /** Print the address after external links whose text is not that address. */
  printUrls: boolean
}

export function preparePrintHtml(html: string, options: PrepareOptions): string {
  // Parsed without source positions (hast-util-from-html always records them): this HTML is ours, from
  // the templates and the serializer, and nothing is reported against it; positions cost a third of the parse.
  const tree = fromParse5(parseFragment(html)) as Root
  if (options.printUrls) addPrintedUrls(tree)
  const hyphenate = hyphenatorFor(options.language)
  if (hyphenate) hyphenateTree(tree, hyphenate)
  // The same serializer as the EPUB's: well-formed XML, so hostile content ends the same way in both books.
  return toXhtml(tree)
}

/** Hyphenate every text outside the elements and classes that are never hyphenated. */
function hyphenateTree(parent: Root | Element, hyphenate: (word: string) => string): void {
  for (const child of parent.children) {
    if (child.type === 'text') child.value = hyphenateText(child.value, hyphenate)
    else if (child.type === 'element' && !noHyphenation.has(child.tagName) && !classes(child).some((name) => noHyphenationClasses.has(name))) {
      hyphenateTree(child, hyphenate)
    }
  }
}

function addPrintedUrls(tree: Root): void {
  const links: { link: Element; parent: Element | Root }[] = []
  visitParents(tree, 'element', (node: Element, ancestors) => {
    const href = node.properties.href
    if (node.tagName !== 'a' || typeof href !== 'string' || !/^https?:\/\//.test(href)) return
    const text = textOf(node).trim()
    if (text === href || text === displayUrl(href)) return
    links.push({ link: node, parent: ancestors[ancestors.length - 1] as Element | Root })
  })
  for (const { link, parent } of links) {
    const index = parent.children.indexOf(link)
    parent.children.splice(index + 1, 0, printedUrl(String(link.properties.href)))
  }
}

/** `www.bls.gov/ooh/` for `https://www.bls.gov/ooh/`, with break opportunities after slashes. */
export function displayUrl(href: string): string {
  return href.replace(/^https?:\/\//, '').replace(/\/$/, '')
}

/** The address in pieces, each ending where a line may break (after `/`, `.`, `?`, `&`, `=`, `-`). */
export function urlBreakParts(href: string): string[] {
  return displayUrl(href).split(/(?<=[/.?&=-])/)
}

function printedUrl(href: string): Element {
  const children: ElementContent[] = [{ type: 'text', value: ' ' }]
  const parts = urlBreakParts(href)
  parts.forEach((part, index) => {
    children.push({ type: 'text', value: part })
    if (index < parts.length - 1) children.push({ type: 'element', tagName: 'wbr', properties: {}, children: [] })
  })
  return { type: 'element', tagName: 'span', properties: { className: ['print-url'] }, children }
}

function textOf(node: Element): string {
  return node.children.map((child) => (child.type === 'text' ? child.value : child.type === 'element' ? textOf(child) : '')).join('')
}

function classes(node: Element): string[] {
  const value: unknown = node.properties.className
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : []
}
