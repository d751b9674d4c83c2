/**
 * Templates are plain files in `templates/` that an editor can open. A book
 * may override any of them with a file of the same name in its own
 * `templates/` folder; everything else comes from this package.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ejs from 'ejs'

/** The templates that ship with the package. */
export const builtinTemplatesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates')

export class Templates {
  private readonly compiled = new Map<string, ejs.TemplateFunction>()

  readonly root: string
  constructor(root: string) {
    this.root = root
  }

  /** Absolute path of a template: the book's own, else the built-in one. */
  path(name: string): string {
    const own = path.join(this.root, 'templates', name)
    return existsSync(own) ? own : path.join(builtinTemplatesDir, name)
  }

  read(name: string): string {
    return readFileSync(this.path(name), 'utf8')
  }

  /** Render an EJS template; `<%= %>` escapes for XML, `<%- %>` inserts markup already made safe. */
  render(name: string, data: Record<string, unknown>): string {
    let template = this.compiled.get(name)
    if (!template) {
      const file = this.path(name)
      template = ejs.compile(readFileSync(file, 'utf8'), { filename: file, strict: false, _with: true })
      this.compiled.set(name, template)
    }
    return template(data)
  }
}
