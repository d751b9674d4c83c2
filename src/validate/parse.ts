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
 *
 * GFM's table is tried at the start of every block, and it reads the whole
 * first line (a paragraph, often hundreds of characters) before it looks
 * at the next line for the delimiter row (`| --- |`) that every table
 * needs: a fifth of the parse. Here it is tried only on a line whose next
 * line could be one, or inside a table; elsewhere it would fail anyway.
 * Likewise GFM's `www.` and `http://` autolinks, tried at every word
 * starting with a w or an h: only on a line with such an address.
 */
import type { Root as MdastRoot, Text } from 'mdast'
import type { Extension as FromMarkdownExtension, Transform } from 'mdast-util-from-markdown'
import type { Construct, Extension, State, TokenizeContext } from 'micromark-util-types'
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

/** What the gates below need to know of the text being parsed, line by line (1-based). */
export interface LineFacts {
  /** Lines whose next line could be a table's delimiter row. */
  tableStarts: Set<number>
  /** Lines with `http://`, `https://` or `www.` (any case). */
  addressLines: Set<number>
}

/**
 * A superset, each: the constructs themselves decide. A delimiter row is
 * made of `|`, `:`, `-`, spaces and tabs, with at least one `-` (every cell
 * has one), after the prefixes of the blocks it is in (`>` and
 * indentation). An address autolink literal starts with `http://`,
 * `https://` or `www.`, which a line break cannot split.
 */
export function lineFacts(text: string): LineFacts {
  const tableStarts = new Set<number>()
  const addressLines = new Set<number>()
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    if (index > 0 && line.includes('-') && /^[\t >|:-]*$/.test(line)) tableStarts.add(index)
    if (/https?:\/\/|www\./i.test(line)) addressLines.add(index + 1)
  })
  return { tableStarts, addressLines }
}

/** The facts of the text being parsed (set around each parse, below); undefined: every gate is open. */
let facts: LineFacts | undefined

/**
 * Gates two GFM constructs by line, with `lineFacts`: the table (tried only
 * above a possible delimiter row, or where a table goes on) and the `www.`
 * and `http(s)://` autolink literals (tried only on a line that has one).
 */
export function withLineGates(this: Processor): undefined {
  const data = this.data()
  const wrapped = new Map<string, number>()
  const count = (name: string) => wrapped.set(name, (wrapped.get(name) ?? 0) + 1)
  const gatedLinks = new Map<Construct, Construct>()
  data.micromarkExtensions = (data.micromarkExtensions ?? []).map((extension: Extension) => {
    let result = extension
    const flow = extension.flow?.[null as unknown as number]
    const flowConstructs = flow === undefined ? [] : Array.isArray(flow) ? flow : [flow]
    if (flowConstructs.some((construct) => construct.name === 'table')) {
      const gated = flowConstructs.map((construct) => {
        if (construct.name !== 'table') return construct
        count('table')
        return gateTable(construct)
      })
      result = { ...result, flow: { ...result.flow, null: gated } }
    }
    if (extension.text) {
      const text: NonNullable<Extension['text']> = {}
      for (const [code, value] of Object.entries(extension.text)) {
        const list = (Array.isArray(value) ? value : [value]).filter((construct): construct is Construct => Boolean(construct))
        text[Number(code)] = list.map((construct) => {
          if (construct.name !== 'wwwAutolink' && construct.name !== 'protocolAutolink') return construct
          if (!gatedLinks.has(construct)) {
            count(construct.name)
            gatedLinks.set(construct, gateAddressLink(construct))
          }
          return gatedLinks.get(construct)!
        })
      }
      result = { ...result, text }
    }
    return result
  })
  // A bug, not a content problem: a GFM package renamed a construct, so it would run ungated.
  for (const name of ['table', 'wwwAutolink', 'protocolAutolink']) {
    if (wrapped.get(name) !== 1) throw new Error(`Expected one GFM construct \`${name}\` to gate, found ${wrapped.get(name) ?? 0}`)
  }

  // Each parse sets the facts of its own text (a parse runs start to end without yielding).
  const parse = this.parser!
  this.parser = (document, file) => {
    facts = lineFacts(document)
    try {
      return parse(document, file)
    } finally {
      facts = undefined
    }
  }
}

function gateTable(construct: Construct): Construct {
  const tokenize = construct.tokenize
  return {
    ...construct,
    tokenize(this: TokenizeContext, effects, ok, nok): State {
      // micromark calls this where the table would start, just before giving it its first character.
      if (facts !== undefined && !facts.tableStarts.has(this.now().line) && !afterTableRow(this)) return nok
      return tokenize.call(this, effects, ok, nok)
    },
  }
}

/**
 * Text stops at a character that may start a construct whose `previous` allows it there: for these two, the
 * first letter of every word starting with w or h. On a line without an address the attempt would fail.
 */
function gateAddressLink(construct: Construct): Construct {
  const previous = construct.previous!
  return {
    ...construct,
    previous(this: TokenizeContext, code) {
      return (facts === undefined || facts.addressLines.has(this.now().line)) && previous.call(this, code)
    },
  }
}

/** Whether the flow so far ends in a table's row (the table construct then reads a body row): as it decides. */
function afterTableRow(context: TokenizeContext): boolean {
  let index = context.events.length - 1
  while (index > -1 && (context.events[index]![1].type === 'lineEnding' || context.events[index]![1].type === 'linePrefix')) index--
  // The GFM table's token types are not in micromark's type map.
  const tail: string | undefined = index > -1 ? context.events[index]![1].type : undefined
  return tail === 'tableHead' || tail === 'tableRow'
}

/** GFM as remark-gfm gives it: the reference the faster parsers are tested against. */
export const gfmParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm)
export const fullParser = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .use(withCheaperAutolinkPass)
  .use(withLineGates)
/** The same, less the e-mail autolink literal (`copy` makes a new processor with the same plugins). */
export const parserWithoutEmailLinks = fullParser.copy().use(withoutTextConstructs, ['emailAutolink'])

export function parseMarkdown(file: VFile): MdastRoot {
  return (String(file.value).includes('@') ? fullParser : parserWithoutEmailLinks).parse(file)
}
