/**
 * The validate stage: check each parsed chapter (its YAML front matter and
 * its Markdown tree) against the chapter contract. Every problem becomes
 * a positioned message on the chapter's VFile; a chapter with errors yields
 * no `Chapter`.
 */
import type { Heading, Nodes, Root as MdastRoot, RootContent } from 'mdast'
import { distance } from 'fastest-levenshtein'
import { toString } from 'mdast-util-to-string'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import type { Chapter, ChapterMeta, ChapterSource } from '../chapter.ts'
import { report } from '../report/messages.ts'
import type { Position } from 'unist'
import { measureDepth, maxNesting } from './depth.ts'
import { chapterMetaSchema } from './front-matter.ts'
import { frontMatterText } from './places.ts'
import { checkFrontMatterValues, scanFrontMatterLines } from './front-matter-text.ts'
import { validatePaste } from './paste.ts'
import type { GlyphCoverage } from '../text/glyphs.ts'
import { parseYaml, rangeOf, validateYaml, type YamlRules } from '../report/yaml.ts'
import { location } from 'vfile-location'

export { chapterMetaSchema } from './front-matter.ts'
export { validateVolume } from './volume.ts'
export { maxNesting } from './depth.ts'

/** The sections every chapter has, in this order. */
export const requiredSections = ['Description', 'Education', 'Salary', 'Outlook'] as const

// A field left as `TODO` is reported once, by s-006 (validatePlaceholders), not again as an invalid value.
const frontMatterRules: YamlRules = { syntax: 'm-002', missing: 'm-003', type: 'm-004', unknown: 'm-005', empty: 'm-008', aliases: 'm-020', placeholder: /\bTODO\b/ }

export interface ValidatedChapter {
  /** Present when the chapter meets the contract; its body is `tree`. */
  chapter?: Chapter
  /** The parsed body, present whenever the file could be read, so later stages can still report on it. */
  tree?: MdastRoot
}

/** `tree`: the chapter parsed (src/parse/); none when the file could not be read. `glyphs`: what the book's fonts can set. */
export function validateChapter(source: ChapterSource, tree: MdastRoot | undefined, glyphs: GlyphCoverage): ValidatedChapter {
  const { file } = source
  if (!tree) return {}

  const meta = validateFrontMatter(file, tree, source.fileDate, glyphs)
  const body: MdastRoot = { ...tree, children: tree.children.filter((node) => node.type !== 'yaml') }

  if (!validateDepth(file, body)) return {}
  validateStructure(file, body)
  validateComments(file, body)
  validatePlaceholders(file)
  validatePaste(file, body, glyphs)

  const valid = meta && source.slug && !file.messages.some((message) => message.fatal)
  return valid ? { tree: body, chapter: { file, slug: source.slug!, meta } } : { tree: body }
}

/** Returns false (and reports s-007) when the body is nested too deeply for the tools after this. */
function validateDepth(file: VFile, body: MdastRoot): boolean {
  const { depth, place } = measureDepth<Nodes, Position>(body, (node) => ('children' in node ? node.children : undefined), (node) => node.position)
  if (depth <= maxNesting) return true
  report(file, 's-007', `Content is nested more than ${maxNesting} levels deep`, place)
  return false
}

/** `springboard new` writes `TODO` placeholders: each one left is an error, so a skeleton never ships. */
function validatePlaceholders(file: VFile): void {
  String(file)
    .split('\n')
    .forEach((line, index) => {
      for (const match of line.matchAll(/\bTODO\b/g)) {
        report(file, 's-006', `Placeholder \`TODO\` left in the chapter`, { line: index + 1, column: match.index + 1 })
      }
    })
}

/**
 * Comments never reach the book. A comment block runs to its `-->` (or the end of the chapter, or of its
 * quote or list): one left open hides everything after it, one closed much later hides headings too.
 * Kindle's converter rejects `--` inside a comment (EPUBCheck RSC-016).
 */
function validateComments(file: VFile, body: MdastRoot): void {
  const text = String(file)
  const place = location(file)
  visit(body, 'html', (node, _index, parent) => {
    const start = node.position?.start.offset
    // The node's text is the file's text unless a container (quote, list) took its line prefixes.
    const verbatim = start !== undefined && text.startsWith(node.value, start)
    // A comment in a paragraph is a node only once it is closed; a comment block runs to its `-->`, if any.
    const block = parent !== undefined && ['root', 'blockquote', 'listItem', 'footnoteDefinition'].includes(parent.type)
    const opening = block ? /^[ \t]*<!--/.exec(node.value) : null
    let swallowing = false
    if (opening && node.position) {
      const line = node.position.start.line
      const at = { line, column: node.position.start.column + opening[0].length - 4 }
      // `<!-->` and `<!--->` close themselves (CommonMark 0.31).
      const closing = node.value.indexOf('-->', opening[0].length - 2)
      // The comment's first line is its own note; what follows it is what the editor wrote for the reader.
      const inner = closing === -1 ? node.value.slice(opening[0].length) : node.value.slice(opening[0].length, Math.max(closing, opening[0].length))
      const hidden = hiddenBlocks(inner.includes('\n') ? inner.slice(inner.indexOf('\n') + 1) : '')
      if (closing === -1) {
        const end = node.position.end.offset
        const rest = end === text.length || end === text.trimEnd().length ? 'the rest of the chapter' : `everything to line ${node.position.end.line}`
        report(file, 'x-020', `An HTML comment opened at line ${line} never closes: ${rest}${hidden ? ` (${hidden})` : ''} is left out of every output`, at)
      } else if (/^[ \t]{0,3}#{1,6}[ \t]/m.test(inner) || inner.includes('<!--')) {
        swallowing = true
        const end = line + (node.value.slice(0, closing).match(/\n/g) ?? []).length
        report(file, 'x-021', `An HTML comment opened at line ${line} closes only at line ${end}: it hides ${hidden}`, at)
      }
    }
    for (const match of node.value.matchAll(/<!--([\s\S]*?)-->/g)) {
      const inner = match[1]!
      // A comment that swallowed the next one's `<!--` is reported as that (x-021), not for its `--`.
      if (swallowing && match.index === opening!.index + opening![0].length - 4) continue
      if (inner.includes('--') || inner.startsWith('>') || inner.startsWith('->') || inner.endsWith('-')) {
        report(file, 'x-003', 'An HTML comment contains `--`', verbatim ? place.toPoint(start + match.index) : node.position)
      }
    }
  })
}

/** What a comment's text would have printed: its headings by name, and how many paragraphs besides. */
function hiddenBlocks(inner: string): string {
  const headings = [...inner.matchAll(/^[ \t]{0,3}(#{1,6}[ \t]+.*?)[ \t#]*$/gm)].map((match) => `\`${match[1]}\``)
  const paragraphs = inner
    .split(/\n[ \t]*\n/)
    .map((block) => block.split('\n').filter((line) => line.trim() !== '' && !/^[ \t]{0,3}(?:#{1,6}[ \t]|<!--)/.test(line)))
    .filter((lines) => lines.length > 0).length
  const parts = [...(headings.length > 0 ? [`the heading${headings.length > 1 ? 's' : ''} ${headings.join(', ')}`] : []), ...(paragraphs > 0 ? [`${paragraphs} paragraph${paragraphs > 1 ? 's' : ''}`] : [])]
  return parts.length === 0 ? '' : parts.join(' and ')
}

function validateFrontMatter(file: VFile, tree: MdastRoot, fileDate: string | undefined, glyphs: GlyphCoverage): ChapterMeta | undefined {
  const yaml = frontMatterText(file, tree)
  if (!yaml) {
    const reason = /^---[ \t]*\n/.test(String(file))
      ? 'The front matter that starts on line 1 is never closed by a `---` line'
      : 'The chapter has no front matter (it must start with a `---` line)'
    // The rule is about the file's first line: that is where the front matter starts, or must.
    report(file, 'm-001', reason, { line: 1, column: 1 })
    return undefined
  }
  const { offset } = yaml
  const scanned = scanFrontMatterLines(file, yaml.text, offset)
  const source = { file, text: scanned.text, offset, fallbackOffset: yaml.start, noun: 'front matter' }
  const doc = parseYaml(source, frontMatterRules, scanned.indentation)
  if (!doc) return undefined
  checkFrontMatterValues(file, doc, offset, glyphs)
  const meta = validateYaml(source, doc, chapterMetaSchema, frontMatterRules)
  if (meta) {
    const seen = new Set<string>()
    meta.resources.forEach((resource, index) => {
      const key = resource.url.replace(/\/+$/, '').toLowerCase()
      if (seen.has(key)) {
        const at = location(file).toPoint(offset + rangeOf(doc, ['resources', index, 'url'], source).start)
        report(file, 'l-008', `The resource URL \`${resource.url}\` is listed twice`, at)
      }
      seen.add(key)
    })
  }
  if (meta && fileDate && meta.published !== fileDate) {
    const at = location(file).toPoint(offset + rangeOf(doc, ['published'], source).start)
    report(file, 'v-004', `\`published\` is ${meta.published} but the file name says ${fileDate}`, at)
  }
  return meta
}

function validateStructure(file: VFile, body: MdastRoot): void {
  let previousDepth = 1 // the chapter title is the level-1 heading
  const found: { name: string; node: Heading; index: number }[] = []

  body.children.forEach((node, index) => {
    if (node.type !== 'heading') return
    if (node.depth === 1) {
      report(file, 's-004', `Level-1 heading \`# ${toString(node)}\` in the body`, node.position)
    } else if (node.depth > previousDepth + 1) {
      report(file, 's-005', `Heading level ${node.depth} follows level ${previousDepth}: a level is skipped`, node.position)
    }
    previousDepth = node.depth
    if (node.depth === 2) found.push({ name: toString(node).trim(), node, index })
  })
  // Nested headings (inside lists or quotes) still count for skipped levels.
  visit(body, 'heading', (node, _index, parent) => {
    if (parent && parent.type !== 'root' && node.depth === 1) {
      report(file, 's-004', `Level-1 heading \`# ${toString(node)}\` in the body`, node.position)
    }
  })

  const sections = found.filter((section) => (requiredSections as readonly string[]).includes(section.name))
  const meant = new Set<Heading>()
  for (const [rank, name] of requiredSections.entries()) {
    if (sections.some((section) => section.name === name)) continue
    const near = found.find((section) => !sections.includes(section) && !meant.has(section.node) && nearlyNames(section.name, name))
    if (near) {
      meant.add(near.node)
      report(file, 's-008', `\`## ${near.name}\` is not one of the sections. Did you mean \`## ${name}\`?`, near.node.position, `Write the heading exactly \`## ${name}\`: the sections are ${requiredSections.map((section) => `\`## ${section}\``).join(', ')}.`)
      continue
    }
    // A missing section belongs before the first required section that should follow it, else at the end.
    const next = sections.find((section) => requiredSections.indexOf(section.name as (typeof requiredSections)[number]) > rank)
    report(file, 's-001', `Missing section \`## ${name}\``, next?.node.position ?? endOf(file))
  }
  const order = sections.map((section) => requiredSections.indexOf(section.name as (typeof requiredSections)[number]))
  for (let i = 1; i < order.length; i++) {
    if (order[i]! < order[i - 1]!) {
      const section = sections[i]!
      report(file, 's-002', `Section \`## ${section.name}\` comes after \`## ${sections[i - 1]!.name}\`; the order is ${requiredSections.join(', ')}`, section.node.position)
      break
    }
  }
  for (const section of found) {
    const next = body.children.slice(section.index + 1)
    const end = next.findIndex((node) => node.type === 'heading' && node.depth <= 2)
    const content = (end === -1 ? next : next.slice(0, end)).filter((node) => !isEmptyNode(node))
    if (content.length === 0) report(file, 's-003', `Section \`## ${section.name}\` has no text`, section.node.position)
  }
}

/** A heading that meant a required section: another case, punctuation, a word around it, a typo. */
function nearlyNames(heading: string, section: string): boolean {
  const words = heading.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
  const wanted = section.toLowerCase()
  return words === wanted || words.split(' ').includes(wanted) || distance(words, wanted) <= 2
}

function isEmptyNode(node: RootContent): boolean {
  if (node.type === 'heading') return true
  // A comment prints nothing, one that never closes (x-020) included.
  if (node.type === 'html') return /^\s*<!--[\s\S]*-->\s*$/.test(node.value) || (/^\s*<!--/.test(node.value) && !node.value.includes('-->', node.value.indexOf('<!--') + 2))
  return toString(node).trim() === '' && node.type !== 'table' && node.type !== 'image'
}

function endOf(file: VFile): { line: number; column: number } {
  const lines = String(file).split('\n')
  return { line: lines.length, column: 1 }
}
