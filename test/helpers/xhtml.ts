/**
 * Read XHTML the way a reading system does: with a strict, namespace-aware
 * XML parser (saxes). Any well-formedness error is collected, not thrown,
 * so a test can show all of them. The result is a small element tree with
 * the questions hostile-content tests ask of it.
 */
import { SaxesParser } from 'saxes'

export const xhtmlNamespace = 'http://www.w3.org/1999/xhtml'

export interface XmlElement {
  name: string
  namespace: string
  /** By qualified name (`epub:type`). */
  attributes: Record<string, string>
  children: (XmlElement | string)[]
  parent?: XmlElement
}

export interface ParsedXml {
  errors: string[]
  root?: XmlElement
  elements: XmlElement[]
}

export function parseXml(xml: string): ParsedXml {
  const errors: string[] = []
  const elements: XmlElement[] = []
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  const parser = new SaxesParser({ xmlns: true, position: true })
  parser.on('error', (error) => {
    errors.push(error.message)
  })
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {}
    for (const [name, attribute] of Object.entries(tag.attributes)) attributes[name] = typeof attribute === 'string' ? attribute : attribute.value
    const element: XmlElement = { name: tag.local ?? tag.name, namespace: tag.uri ?? '', attributes, children: [], parent: stack[stack.length - 1] }
    element.parent?.children.push(element)
    root ??= element
    elements.push(element)
    stack.push(element)
  })
  parser.on('closetag', () => {
    stack.pop()
  })
  parser.on('text', (text) => {
    stack[stack.length - 1]?.children.push(text)
  })
  parser.write(xml).close()
  return { errors, root, elements }
}

/** A body fragment (what `serializeBody` returns), parsed inside an XHTML `<div>` that declares the namespaces. */
export function parseFragment(fragment: string): ParsedXml {
  return parseXml(`<div xmlns="${xhtmlNamespace}" xmlns:epub="http://www.idpf.org/2007/ops">${fragment}</div>`)
}

export function textOf(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('')
}

export function ancestorsOf(element: XmlElement): XmlElement[] {
  const ancestors: XmlElement[] = []
  for (let node = element.parent; node; node = node.parent) ancestors.push(node)
  return ancestors
}

/** The innermost element whose own text contains `marker`. */
export function elementWithText(parsed: ParsedXml, marker: string): XmlElement | undefined {
  return parsed.elements.findLast((element) => element.children.some((child) => typeof child === 'string' && child.includes(marker)))
}

/** Elements under `<body>` (or all, for a fragment): documents legitimately have `<link>` and `<meta>` in their head. */
export function bodyElements(parsed: ParsedXml): XmlElement[] {
  const body = parsed.elements.find((element) => element.name === 'body')
  return body ? parsed.elements.filter((element) => ancestorsOf(element).includes(body)) : parsed.elements
}

const activeElements = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'param', 'applet', 'form', 'input', 'button',
  'textarea', 'select', 'option', 'svg', 'math', 'link', 'meta', 'base', 'template', 'noscript', 'video', 'audio', 'canvas',
])

const urlAttributes = new Set(['href', 'src', 'xlink:href', 'action', 'formaction', 'data', 'poster', 'background', 'cite', 'srcset'])

/** A URL as a browser reads its scheme: leading controls and spaces, and all tabs and line breaks, ignored. */
function schemeOf(url: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = url.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '').toLowerCase()
  return /^([a-z][a-z0-9+.-]*):/.exec(cleaned)?.[1] ?? ''
}

/** Everything that could run or load active content: elements, event handlers, script-like and `data:` URLs. */
export function activeContent(parsed: ParsedXml): string[] {
  const found: string[] = []
  for (const element of bodyElements(parsed)) {
    if (element.namespace !== xhtmlNamespace) found.push(`<${element.name}> in namespace ${element.namespace || '(none)'}`)
    if (activeElements.has(element.name.toLowerCase())) found.push(`<${element.name}>`)
    for (const [name, value] of Object.entries(element.attributes)) {
      if (/^on/i.test(name.replace(/^.*:/, ''))) found.push(`${name}= on <${element.name}>`)
      if (name === 'style') found.push(`style= on <${element.name}>`)
      if (urlAttributes.has(name) && ['javascript', 'vbscript', 'data', 'file'].includes(schemeOf(value))) {
        found.push(`${name}="${value}" on <${element.name}>`)
      }
    }
  }
  return found
}

/** Ids that occur more than once. */
export function duplicateIds(elements: readonly XmlElement[]): string[] {
  const seen = new Set<string>()
  const duplicates = new Set<string>()
  for (const element of elements) {
    const id = element.attributes.id
    if (id === undefined) continue
    if (seen.has(id)) duplicates.add(id)
    seen.add(id)
  }
  return [...duplicates]
}

/** `href="#x"` with no element `id="x"` in the same document. */
export function danglingFragments(parsed: ParsedXml): string[] {
  const ids = new Set(parsed.elements.map((element) => element.attributes.id).filter((id) => id !== undefined))
  return parsed.elements
    .map((element) => element.attributes.href)
    .filter((href): href is string => href !== undefined && href.startsWith('#') && !ids.has(href.slice(1)))
}

const phrasing = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'del', 'dfn', 'em', 'i', 'img', 'ins', 'kbd', 'mark', 'q', 's',
  'samp', 'small', 'span', 'strong', 'sub', 'sup', 'u', 'var', 'wbr',
])
const phrasingOnly = new Set([...phrasing, 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre'])
const requiredParents: Record<string, string[]> = {
  li: ['ul', 'ol'], dt: ['dl', 'div'], dd: ['dl', 'div'], figcaption: ['figure'], caption: ['table'],
  thead: ['table'], tbody: ['table'], tfoot: ['table'], tr: ['table', 'thead', 'tbody', 'tfoot'], td: ['tr'], th: ['tr'],
}

/** The HTML content-model rules EPUBCheck enforces that hostile raw HTML breaks most often (RSC-005). */
export function contentModelProblems(parsed: ParsedXml): string[] {
  const problems: string[] = []
  for (const element of parsed.elements) {
    const parent = element.parent?.name ?? ''
    if (!phrasing.has(element.name) && phrasingOnly.has(parent)) problems.push(`<${element.name}> inside <${parent}>`)
    const allowed = requiredParents[element.name]
    if (allowed && !allowed.includes(parent)) problems.push(`<${element.name}> inside <${parent}>`)
  }
  return problems
}

/** XML 1.0 Char production, negated. */
// eslint-disable-next-line no-control-regex
export const notXmlChar = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
