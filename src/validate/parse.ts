/**
 * Markdown to mdast: remark-parse with YAML front matter and GFM (tables,
 * footnotes, strikethrough, task lists, autolink literals).
 *
 * GFM's e-mail autolink literal (`name@example.org` made a link) is tried
 * at the start of every word, since the `@` comes only after one; on our
 * chapters that was a third of the parse time. A text with no `@` cannot
 * hold one, so it goes to a parser without that construct. When a
 * construct fails, micromark goes on as if it were not there, so the tree
 * is the same, positions included (test/parse.test.ts checks this on the
 * sample chapters and on generated Markdown).
 *
 * GFM also makes a second pass over the finished tree, for addresses the
 * first could not see (`findAndReplace` with four patterns over every text
 * node): a tenth of the parse. Each of its patterns needs `http://`,
 * `https://`, `www.` or an `@` in a text outside a link, so the pass is
 * run only when one is there (our chapters' URLs are already links by
 * then). Same tree, same tests.
 */
import type { Root as MdastRoot, Text } from 'mdast'
import type { Extension as FromMarkdownExtension, Transform } from 'mdast-util-from-markdown'
import type { Construct, Extension } from 'micromark-util-types'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified, type Processor } from 'unified'
import type { VFile } from 'vfile'
import { EXIT, SKIP, visitParents } from '../tree.ts'

/** Drops the named micromark text constructs (from the extensions added before it). */
export function withoutTextConstructs(this: Processor, names: readonly string[]): undefined {
  const data = this.data()
  data.micromarkExtensions = (data.micromarkExtensions ?? []).map((extension: Extension) => {
    if (!extension.text) return extension
    const text: NonNullable<Extension['text']> = {}
    for (const [code, value] of Object.entries(extension.text)) {
      const kept = (Array.isArray(value) ? value : [value]).filter((construct): construct is Construct => Boolean(construct) && !names.includes(construct!.name ?? ''))
      if (kept.length > 0) text[Number(code)] = kept
    }
    return { ...extension, text }
  })
}

/** What every pattern of GFM's autolink pass over the tree needs (case as in its patterns: the URL one ignores case). */
const autolinkPassTrigger = /https?:\/\/|www\.|@/i

function autolinkPassFinds(tree: MdastRoot): boolean {
  let found = false
  visitParents(tree, (node) => {
    if (node.type === 'link' || node.type === 'linkReference') return SKIP
    if (node.type === 'text' && autolinkPassTrigger.test((node as Text).value)) {
      found = true
      return EXIT
    }
    return undefined
  })
  return found
}

/** Runs GFM's autolink pass over the tree only when it could find something (above). */
export function withCheaperAutolinkPass(this: Processor): undefined {
  const data = this.data()
  let wrapped = 0
  const wrap = (extension: FromMarkdownExtension | FromMarkdownExtension[]): FromMarkdownExtension | FromMarkdownExtension[] => {
    if (Array.isArray(extension)) return extension.map(wrap) as FromMarkdownExtension[]
    if (!extension.transforms?.some((transform) => transform.name === 'transformGfmAutolinkLiterals')) return extension
    const transforms = extension.transforms.map((transform): Transform => {
      if (transform.name !== 'transformGfmAutolinkLiterals') return transform
      wrapped++
      return (tree) => (autolinkPassFinds(tree) ? transform(tree) : undefined)
    })
    return { ...extension, transforms }
  }
  data.fromMarkdownExtensions = (data.fromMarkdownExtensions ?? []).map(wrap)
  // A bug, not a content problem: mdast-util-gfm-autolink-literal renamed its pass, so it would run unwrapped.
  if (wrapped !== 1) throw new Error(`Expected one GFM autolink pass to wrap, found ${wrapped}`)
}

/** GFM as remark-gfm gives it: the reference the faster parsers are tested against. */
export const gfmParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm)
export const fullParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(withCheaperAutolinkPass)
export const parserWithoutEmailLinks = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .use(withCheaperAutolinkPass)
  .use(withoutTextConstructs, ['emailAutolink'])

export function parseMarkdown(file: VFile): MdastRoot {
  return (String(file.value).includes('@') ? fullParser : parserWithoutEmailLinks).parse(file)
}
