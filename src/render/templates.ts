/**
 * Templates are plain files in `templates/` that an editor can open. A book
 * may override any of them with a file of the same name in its own
 * `templates/` folder; everything else comes from this package.
 */
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ejs from 'ejs'
import { UsageError } from '../errors.ts'
import { realLocation } from '../files/inside.ts'

/** The templates that ship with the package. */
export const builtinTemplatesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates')

export class Templates {
  private readonly compiled = new Map<string, ejs.TemplateFunction>()

  readonly root: string
  constructor(root: string) {
    this.root = root
  }

  /**
   * Absolute path of a template: the book's own, else the built-in one. A book's template that is a link to
   * a file outside the book is never read (`check` reports it: outsideTemplates).
   */
  path(name: string): string {
    const own = path.join(this.root, 'templates', name)
    return existsSync(own) && realLocation(this.root, own)?.inside ? own : path.join(builtinTemplatesDir, name)
  }

  /** A template may include the book's own files and the built-in templates, nothing else. */
  private includable(from: string, included: string, resolved: string): string {
    if (realLocation(this.root, resolved)?.inside || realLocation(builtinTemplatesDir, resolved)?.inside) return resolved
    throw new UsageError(`The template ${from} includes \`${included}\`, which is not a file inside the book folder`, 'Include only templates kept in the book\'s own templates/ folder.')
  }

  read(name: string): string {
    return readFileSync(this.path(name), 'utf8')
  }

  /** Render an EJS template; `<%= %>` escapes for XML, `<%- %>` inserts markup already made safe. */
  render(name: string, data: Record<string, unknown>): string {
    let template = this.compiled.get(name)
    if (!template) {
      const file = this.path(name)
      template = ejs.compile(readFileSync(file, 'utf8'), { filename: file, strict: false, _with: true, includer: (included, resolved) => ({ filename: this.includable(file, included, resolved) }) })
      this.compiled.set(name, template)
    }
    return template(data)
  }
}

/** The book's own templates (under `<root>/templates/`) that are links to files outside the book, by absolute path. */
export function outsideTemplates(root: string): string[] {
  let entries: Dirent[]
  try {
    entries = readdirSync(path.join(root, 'templates'), { recursive: true, withFileTypes: true })
  } catch {
    return []
  }
  return entries
    .filter((entry) => entry.isFile() || entry.isSymbolicLink()) // `templates/` itself may be the link
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => realLocation(root, file)?.inside === false)
    .sort()
}
