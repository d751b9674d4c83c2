/**
 * The sanitizing allow-list. Deliberately small: what Markdown and GFM
 * produce, plus a few inline elements authors use in raw HTML. Anything else
 * is unwrapped (its text kept) or, for the elements in `strip`, dropped with
 * its content. Semantic attributes (`epub:type`, `role`) are never taken from
 * the author: the pipeline adds them after sanitizing.
 */
import type { Schema } from 'hast-util-sanitize'

export const sanitizeSchema: Schema = {
  tagNames: [
    'a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'cite', 'code', 'dd', 'del', 'dfn', 'div', 'dl', 'dt',
    'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li',
    'mark', 'ol', 'p', 'pre', 'q', 's', 'samp', 'section', 'small', 'span', 'strong', 'sub', 'sup', 'table',
    'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'u', 'ul', 'var',
  ],
  // Dropped together with everything inside them.
  strip: [
    'script', 'style', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
    'textarea', 'select', 'button', 'title', 'svg', 'math', 'head', 'link', 'meta', 'base', 'video', 'audio',
    'canvas', 'map',
  ],
  // Values that XHTML would reject (EPUBCheck RSC-005) are dropped: `dir="up"`, `lang="!!"`, `colspan="0"`.
  attributes: {
    '*': ['id', ['lang', /^(?:[a-z]{2,8}(?:-[a-z\d]{1,8})*)?$/i], ['dir', 'ltr', 'rtl', 'auto'], 'title'],
    a: ['href', 'dataFootnoteRef', 'dataFootnoteBackref'],
    img: ['src', 'alt'],
    abbr: ['title'],
    ol: [['start', /^-?\d+$/]],
    td: [['colSpan', /^[1-9]\d*$/], ['rowSpan', /^\d+$/], ['className', 'align-left', 'align-center', 'align-right']],
    th: [['colSpan', /^[1-9]\d*$/], ['rowSpan', /^\d+$/], ['className', 'align-left', 'align-center', 'align-right']],
    section: ['dataFootnotes'],
    code: [['className', /^language-[\w-]+$/]],
    span: [['className', 'task']],
  },
  // An empty list would allow every scheme (hast-util-sanitize reads it as
  // "no rule"), `data:` included. Web images pass here only to be refused
  // as errors (i-003) by resources.ts; `data:`, `file:` … never pass.
  protocols: {
    href: ['http', 'https', 'mailto', 'tel'],
    src: ['http', 'https'],
  },
  clobber: [],
  clobberPrefix: '',
  allowComments: false,
  allowDoctypes: false,
}

/** Elements whose removal is worth a warning (x-002): active content, not mere formatting. */
export const dangerousTagNames = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'textarea',
  'select', 'button', 'svg', 'math', 'link', 'meta', 'base', 'template', 'noscript', 'video', 'audio', 'canvas',
])
