/**
 * SVG images are data, not documents. An SVG file can hold scripts, event
 * handlers, HTML in a `<foreignObject>`, links and references to files and
 * web addresses, and a DOCTYPE whose entities expand to gigabytes (billion
 * laughs); a reading system, a browser or EPUBCheck may act on any of them.
 *
 * So every SVG is parsed with saxes (a strict XML parser that never reads a
 * DTD, fetches nothing and expands no declared entity), refused when it has
 * a DOCTYPE or is not a well-formed `<svg>` drawing, and rewritten from an
 * allow-list of drawing elements and attributes: what is not on it does not
 * reach any output. References may only point inside the drawing (`#id`).
 * What could act or reach outside is listed, for a warning; editors'
 * bookkeeping (Inkscape's, Illustrator's metadata in their own namespaces,
 * comments, unknown attributes) is dropped without one.
 */
import { readFileSync } from 'node:fs'
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes'
import type { Element, ElementContent, Root } from 'xast'
import { toXml } from 'xast-util-to-xml'

const svgNs = 'http://www.w3.org/2000/svg'
const xlinkNs = 'http://www.w3.org/1999/xlink'
const xmlNs = 'http://www.w3.org/XML/1998/namespace'

/** Past these an SVG is refused: more than any chart or diagram needs, and a parser's worst case. */
export const svgLimits = { bytes: 5 * 1024 * 1024, depth: 100 } as const

/** SVG 1.1's static drawing elements (no scripting, animation, linking, or embedded content). */
const drawingElements = new Set([
  'svg', 'g', 'defs', 'title', 'desc', 'symbol', 'use', 'switch',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker', 'style',
  'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix', 'feDiffuseLighting',
  'feDisplacementMap', 'feDistantLight', 'feFlood', 'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR', 'feGaussianBlur',
  'feMerge', 'feMergeNode', 'feMorphology', 'feOffset', 'fePointLight', 'feSpecularLighting', 'feSpotLight', 'feTile', 'feTurbulence',
])

/** Elements dropped without a word: an editor's notes, not the drawing. */
const bookkeepingElements = new Set(['metadata'])

/** Namespaces of drawing programs' own data (Inkscape, Sodipodi, Illustrator, RDF metadata): dropped without a word. */
const bookkeepingNamespaces = [
  'http://www.inkscape.org/namespaces/inkscape',
  'http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd',
  'http://ns.adobe.com/',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  'http://purl.org/dc/elements/1.1/',
  'http://creativecommons.org/ns#',
  'http://web.resource.org/cc/',
]

/** Presentation and geometry attributes of SVG 1.1, without a namespace. */
const drawingAttributes = new Set([
  'id', 'class', 'style', 'transform', 'viewBox', 'preserveAspectRatio', 'width', 'height', 'x', 'y', 'x1', 'y1', 'x2', 'y2',
  'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'd', 'points', 'pathLength', 'version', 'baseProfile',
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin',
  'stroke-miterlimit', 'stroke-dasharray', 'stroke-dashoffset', 'opacity', 'color', 'display', 'visibility', 'overflow',
  'clip-path', 'clip-rule', 'clipPathUnits', 'mask', 'maskUnits', 'maskContentUnits', 'filter', 'filterUnits', 'primitiveUnits',
  'font-family', 'font-size', 'font-weight', 'font-style', 'font-variant', 'font-stretch', 'font-size-adjust',
  'text-anchor', 'dominant-baseline', 'alignment-baseline', 'baseline-shift', 'letter-spacing', 'word-spacing',
  'text-decoration', 'writing-mode', 'direction', 'unicode-bidi', 'dx', 'dy', 'rotate', 'textLength', 'lengthAdjust',
  'startOffset', 'method', 'spacing', 'gradientUnits', 'gradientTransform', 'spreadMethod', 'offset', 'stop-color', 'stop-opacity',
  'patternUnits', 'patternContentUnits', 'patternTransform', 'markerWidth', 'markerHeight', 'markerUnits', 'refX', 'refY', 'orient',
  'marker-start', 'marker-mid', 'marker-end', 'shape-rendering', 'text-rendering', 'image-rendering', 'color-interpolation',
  'color-interpolation-filters', 'color-rendering', 'enable-background', 'in', 'in2', 'result', 'stdDeviation', 'mode', 'operator',
  'k1', 'k2', 'k3', 'k4', 'type', 'values', 'tableValues', 'slope', 'intercept', 'amplitude', 'exponent', 'bias', 'divisor',
  'kernelMatrix', 'kernelUnitLength', 'order', 'targetX', 'targetY', 'edgeMode', 'preserveAlpha', 'surfaceScale',
  'diffuseConstant', 'specularConstant', 'specularExponent', 'azimuth', 'elevation', 'pointsAtX', 'pointsAtY', 'pointsAtZ',
  'limitingConeAngle', 'z', 'scale', 'xChannelSelector', 'yChannelSelector', 'radius', 'baseFrequency', 'numOctaves', 'seed',
  'stitchTiles', 'flood-color', 'flood-opacity', 'lighting-color', 'media', 'requiredFeatures', 'systemLanguage',
])

/** Elements whose `xlink:href` may point at another element of the drawing. */
const referencing = new Set(['use', 'linearGradient', 'radialGradient', 'pattern', 'textPath', 'filter'])

export type SvgCheck =
  /** `svg`: the drawing rewritten from the allow-list; `removed`: what could act or reach outside, described. */
  | { ok: true; svg: string; removed: string[] }
  /** Refused: `problem` says why; `line` where in the SVG file, when known. */
  | { ok: false; problem: string; line?: number }

/** Refusal with its place, thrown inside the parse. */
class Refused extends Error {
  readonly line: number | undefined
  constructor(message: string, line?: number) {
    super(message)
    this.line = line
  }
}

export function cleanSvg(bytes: Uint8Array): SvgCheck {
  if (bytes.byteLength > svgLimits.bytes) {
    return { ok: false, problem: `it is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB, over the ${svgLimits.bytes / 1024 / 1024} MB an SVG may have` }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '')
  } catch {
    return { ok: false, problem: 'it is not UTF-8 text' }
  }
  const removed = new Map<string, number>()
  const remove = (what: string) => removed.set(what, (removed.get(what) ?? 0) + 1)
  const parser = new SaxesParser({ xmlns: true, position: true })
  const root: Root = { type: 'root', children: [] }
  /** Open elements: the copy kept (or `undefined` when it is left out with its content), the copy its children go into. */
  const open: { kept: Element | undefined; into: Element | Root | undefined }[] = []
  let seenRoot = false
  let keptXlink = false

  const into = () => (open.length === 0 ? root : open[open.length - 1]!.into)

  parser.on('doctype', () => {
    const line = text.slice(0, Math.max(0, text.indexOf('<!DOCTYPE'))).split('\n').length
    throw new Refused('it has a DOCTYPE, whose entities could expand without end', line)
  })
  parser.on('processinginstruction', (instruction) => {
    if (instruction.target === 'xml-stylesheet') remove('an `xml-stylesheet` instruction (an outside style sheet)')
  })
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (open.length >= svgLimits.depth) throw new Refused(`its elements are nested more than ${svgLimits.depth} deep`, parser.line)
    if (!seenRoot) {
      seenRoot = true
      if (tag.local !== 'svg' || tag.uri !== svgNs) {
        throw new Refused(tag.local === 'svg' ? `its \`<svg>\` lacks \`xmlns="${svgNs}"\`` : `it is a \`<${tag.name}>\` document, not an \`<svg>\` drawing`, parser.line)
      }
    }
    const parent = into()
    if (!parent) return void open.push({ kept: undefined, into: undefined }) // inside something left out
    const verdict = elementVerdict(tag)
    if (verdict.report) remove(verdict.report)
    if (verdict.action === 'drop') return void open.push({ kept: undefined, into: undefined })
    if (verdict.action === 'unwrap') return void open.push({ kept: undefined, into: parent })
    const element: Element = { type: 'element', name: tag.local, attributes: {}, children: [] }
    for (const attribute of Object.values(tag.attributes) as SaxesAttributeNS[]) {
      const kept = keepAttribute(tag.local, attribute, remove)
      if (kept) {
        element.attributes[kept.name] = kept.value
        if (kept.name === 'xlink:href') keptXlink = true
      }
    }
    parent.children.push(element as ElementContent)
    open.push({ kept: element, into: element })
  })
  parser.on('closetag', () => {
    open.pop()
  })
  const onText = (value: string) => {
    const parent = open.length > 0 ? open[open.length - 1]!.into : undefined
    if (!parent || parent.type !== 'element') return
    if (parent.name === 'style' && unsafeCss(value)) {
      remove('a style sheet that reaches outside the drawing (`@import`, `url(…)`)')
      parent.attributes['data-springboard-drop'] = ''
      return
    }
    parent.children.push({ type: 'text', value })
  }
  parser.on('text', onText)
  parser.on('cdata', onText)

  try {
    parser.write(text).close()
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problem: error.message, line: error.line }
    // saxes' messages start with "line:column: ".
    const message = (error as Error).message.replace(/^\d+:\d+:\s*/, '').replace(/\.$/, '')
    return { ok: false, problem: `it is not well-formed XML (${message})`, line: parser.line }
  }
  const svg = root.children[0] as Element | undefined
  if (!svg) return { ok: false, problem: 'it has no `<svg>` element' }
  dropMarked(svg)
  svg.attributes = { xmlns: svgNs, ...(keptXlink ? { 'xmlns:xlink': xlinkNs } : {}), ...svg.attributes }
  const out = `<?xml version="1.0" encoding="UTF-8"?>\n${toXml(svg, { closeEmptyElements: true })}\n`
  return { ok: true, svg: out, removed: [...removed].map(([what, count]) => (count > 1 ? `${what} (×${count})` : what)) }
}

type Verdict = { action: 'keep' | 'drop' | 'unwrap'; report?: string }

/** Active elements: each says what it could do. */
const active: Record<string, string> = {
  script: 'a `<script>`',
  handler: 'a `<handler>` (a script)',
  listener: 'a `<listener>` (a script)',
  foreignObject: 'a `<foreignObject>` (HTML inside the drawing)',
  image: 'an `<image>` (a picture from another file or an address)',
  feImage: 'an `<feImage>` (a picture from another file or an address)',
  animate: 'an `<animate>` (animation, which can change links)',
  animateColor: 'an `<animateColor>` (animation)',
  animateMotion: 'an `<animateMotion>` (animation)',
  animateTransform: 'an `<animateTransform>` (animation)',
  set: 'a `<set>` (animation, which can change links)',
  discard: 'a `<discard>` (animation)',
  iframe: 'an `<iframe>`',
  embed: 'an `<embed>`',
  object: 'an `<object>`',
  video: 'a `<video>`',
  audio: 'an `<audio>`',
  canvas: 'a `<canvas>`',
  a: 'a link (`<a>`, its content kept)',
}

function elementVerdict(tag: SaxesTagNS): Verdict {
  if (tag.uri !== svgNs) {
    if (bookkeepingNamespaces.some((ns) => tag.uri.startsWith(ns))) return { action: 'drop' }
    return { action: 'drop', report: `an element from another vocabulary (\`<${tag.name}>\`)` }
  }
  if (tag.local === 'a') return { action: 'unwrap', report: active.a }
  if (drawingElements.has(tag.local)) return { action: 'keep' }
  if (bookkeepingElements.has(tag.local)) return { action: 'drop' }
  return { action: 'drop', report: Object.hasOwn(active, tag.local) ? active[tag.local] : `an element that is not a static drawing (\`<${tag.local}>\`)` }
}

function keepAttribute(element: string, attribute: SaxesAttributeNS, remove: (what: string) => void): { name: string; value: string } | undefined {
  const { uri, local, value } = attribute
  if (uri === xlinkNs || (uri === '' && local === 'href')) {
    if (local !== 'href') return undefined
    if (referencing.has(element) && /^#[^\s#]+$/.test(value.trim())) return { name: 'xlink:href', value: value.trim() }
    remove(`a reference to \`${shorten(value)}\``)
    return undefined
  }
  if (uri === xmlNs) return local === 'space' || local === 'lang' ? { name: `xml:${local}`, value } : undefined
  if (uri !== '') return undefined // another vocabulary's attribute, or a namespace declaration: written anew
  if (/^on/i.test(local)) {
    remove(`an event handler (\`${local}\`)`)
    return undefined
  }
  if (!drawingAttributes.has(local)) return undefined
  if (unsafeCss(value)) {
    remove(`a \`${local}\` that reaches outside the drawing (\`${shorten(value)}\`)`)
    return undefined
  }
  return { name: local, value }
}

/** CSS (or a presentation attribute) that loads something or runs something: `url()` other than `#id`, `@import`, old script hooks. */
function unsafeCss(css: string): boolean {
  if (/@import|expression\s*\(|javascript:|-moz-binding|behavior\s*:/i.test(css)) return true
  for (const match of css.matchAll(/url\(\s*(['"]?)\s*([^'")]*)/gi)) {
    if (!match[2]!.trim().startsWith('#')) return true
  }
  return false
}

/** A `<style>` whose text reached outside goes with all its text. */
function dropMarked(element: Element): void {
  element.children = element.children.filter((child) => child.type !== 'element' || !('data-springboard-drop' in child.attributes))
  for (const child of element.children) if (child.type === 'element') dropMarked(child)
}

function shorten(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim()
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat
}

/** The cleaned drawing of an SVG file that `check` accepted, for the outputs (EPUB, print, preview). */
export function cleanSvgFile(file: string): Buffer {
  const cleaned = cleanSvg(readFileSync(file))
  // `check` refused it otherwise: the file changed during the build.
  if (!cleaned.ok) throw new Error(`The SVG ${file} changed during the build and can no longer be cleaned: ${cleaned.problem}`)
  return Buffer.from(cleaned.svg)
}
