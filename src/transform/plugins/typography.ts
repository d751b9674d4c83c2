/**
 * Editors type plain ASCII; the book prints curly quotes and apostrophes,
 * `--` as an en dash, `---` as an em dash and `...` as an ellipsis
 * (SmartyPants, through remark-smartypants). Only
 * in text: code, URLs and the text of an autolink (which is its URL) stay
 * as written.
 */
import type { ChapterMeta } from '../../chapter.ts'
import type { Heading, Link, Root as MdastRoot, Paragraph, TableCell, Text } from 'mdast'
import { toString } from 'mdast-util-to-string'
import remarkSmartypants from 'remark-smartypants'
import { visit } from 'unist-util-visit'

// The plugin's transformer, made once; its attacher takes no `this`. `--` en dash, `---` em dash.
const typography = (remarkSmartypants as unknown as (options: { dashes: 'oldschool' }) => (tree: MdastRoot) => void)({ dashes: 'oldschool' })

/** What SmartyPants can change: straight quotes and backticks, `--`, and dots that may be an ellipsis. */
const changeable = /["'`]|--|\.\s*\./

/** A block with a word in it ends the context around a block to typeset: punctuation alone does not. */
const hasWord = /[\p{L}\p{N}]/u

type Block = Paragraph | Heading | TableCell

/**
 * Typeset the text of a Markdown body, in place. remark-smartypants reads
 * the text block by block (a paragraph, a heading or a table cell, a space
 * between them), and a quote mark looks only at its neighbours: it is
 * handed the blocks it can change, each between the blocks around it (the
 * text on either side decides how the words at its edges are split), and
 * gives them what it gives them in the whole text. In most prose that is a
 * small part of the text (bench/README.md); test/typography.test.ts
 * compares the two.
 */
export function typesetBody(tree: MdastRoot): void {
  // remark-smartypants sees every text node; an autolink's text is its address, kept as written.
  const autolinks: [Text, string][] = []
  visit(tree, 'link', (link: Link) => {
    const [child] = link.children
    if (link.children.length === 1 && child?.type === 'text' && isAddressOf(child.value, link.url)) autolinks.push([child, child.value])
  })
  typography({ type: 'root', children: changeableBlocks(tree) as MdastRoot['children'] })
  for (const [node, value] of autolinks) node.value = value
}

/** The blocks with something to change, each with its neighbours up to one with a word on either side, in document order. */
function changeableBlocks(tree: MdastRoot): Block[] {
  const blocks: Block[] = []
  visit(tree, (node) => node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell', (node) => {
    blocks.push(node as Block)
  })
  const texts = blocks.map((block) => toString(block))
  const chosen = new Set<number>()
  texts.forEach((text, index) => {
    if (!changeable.test(text)) return
    chosen.add(index)
    for (let before = index - 1; before >= 0 && !chosen.has(before); before--) {
      chosen.add(before)
      if (hasWord.test(texts[before]!)) break
    }
    for (let after = index + 1; after < texts.length; after++) {
      chosen.add(after)
      if (hasWord.test(texts[after]!)) break
    }
  })
  return [...chosen].sort((a, b) => a - b).map((index) => blocks[index]!)
}

/** The printed fields of a chapter's front matter, typeset; dates, numbers and URLs as they are. */
export function typesetMeta(meta: ChapterMeta): ChapterMeta {
  return {
    ...meta,
    title: typeset(meta.title),
    summary: typeset(meta.summary),
    category: meta.category === undefined ? undefined : typeset(meta.category),
    degree: typeset(meta.degree),
    certifications: meta.certifications.map(typeset),
    competencies: meta.competencies.map(typeset),
    resources: meta.resources.map((resource) => ({ ...resource, name: typeset(resource.name) })),
  }
}

export function typeset(text: string): string {
  if (!changeable.test(text)) return text
  const node: Text = { type: 'text', value: text }
  typography({ type: 'root', children: [{ type: 'paragraph', children: [node] }] })
  return node.value
}

/** `<https://x>`, `www.x.org` (GFM: `http://` added) and `a@b.org` (`mailto:` added) show their own address. */
function isAddressOf(text: string, url: string): boolean {
  return url === text || url === `http://${text}` || url === `mailto:${text}`
}
