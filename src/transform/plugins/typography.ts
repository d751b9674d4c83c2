/**
 * Editors type plain ASCII; the book prints curly quotes and apostrophes,
 * `--` as an en dash, `---` as an em dash and `...` as an ellipsis
 * (SmartyPants, through remark-smartypants). Only
 * in text: code, URLs and the text of an autolink (which is its URL) stay
 * as written.
 */
import type { ChapterMeta } from '../../chapter.ts'
import type { Link, Root as MdastRoot, Text } from 'mdast'
import remarkSmartypants from 'remark-smartypants'
import { visit } from 'unist-util-visit'

// The plugin's transformer, made once; its attacher takes no `this`. `--` en dash, `---` em dash.
const typography = (remarkSmartypants as unknown as (options: { dashes: 'oldschool' }) => (tree: MdastRoot) => void)({ dashes: 'oldschool' })

/** Typeset the text of a Markdown body, in place. */
export function typesetBody(tree: MdastRoot): void {
  // remark-smartypants sees every text node; an autolink's text is its address, kept as written.
  const autolinks: [Text, string][] = []
  visit(tree, 'link', (link: Link) => {
    const [child] = link.children
    if (link.children.length === 1 && child?.type === 'text' && isAddressOf(child.value, link.url)) autolinks.push([child, child.value])
  })
  typography(tree)
  for (const [node, value] of autolinks) node.value = value
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
  const node: Text = { type: 'text', value: text }
  typography({ type: 'root', children: [{ type: 'paragraph', children: [node] }] })
  return node.value
}

/** `<https://x>`, `www.x.org` (GFM: `http://` added) and `a@b.org` (`mailto:` added) show their own address. */
function isAddressOf(text: string, url: string): boolean {
  return url === text || url === `http://${text}` || url === `mailto:${text}`
}
