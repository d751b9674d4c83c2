/**
 * Every file the book reads (chapters, images, the cover, templates) must
 * be the book's own: its real path, with every link resolved, lies inside
 * the book folder. A link to a file elsewhere (`ln -s /etc/shadow
 * assets/c.png`) would otherwise put that file inside the book. The
 * program's own files (built-in templates, fonts) come from the installed
 * packages, which Node resolves to their real paths itself.
 */
import { realpathSync } from 'node:fs'
import path from 'node:path'

/** `candidate` is inside `folder` (not the folder itself), by path alone. */
export function isInside(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate)
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)
}

/**
 * Where `file` really is: `inside` when its real path is inside the real path of `root`.
 * `undefined` when it does not exist (or a link on the way leads nowhere).
 */
export function realLocation(root: string, file: string): { real: string; inside: boolean } | undefined {
  let real: string
  try {
    real = realpathSync(file)
  } catch {
    return undefined
  }
  return { real, inside: isInside(realpathSync(root), real) }
}
