/**
 * The typefaces the cover and the print book use, shipped from npm
 * (@fontsource) so that output never depends on the fonts of the machine.
 * The package's own CSS is reused, with the font files copied next to the
 * page so that the browser loads them from inside the build folder.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)

/** The package and the CSS files (one per weight and style) we load. */
export const fontFaces = [
  { pkg: '@fontsource/source-serif-4', css: ['400.css', '400-italic.css', '600.css', '700.css', '700-italic.css'] },
  { pkg: '@fontsource/source-sans-3', css: ['400.css', '600.css', '700.css'] },
] as const

export const serifFamily = 'Source Serif 4'
export const sansFamily = 'Source Sans 3'

/**
 * Copy the font files into `dir/fonts` and return the `@font-face` rules
 * pointing at them (relative to `dir`).
 */
export async function installFonts(dir: string): Promise<string> {
  const fontsDir = path.join(dir, 'fonts')
  await mkdir(fontsDir, { recursive: true })
  const rules: string[] = []
  for (const face of fontFaces) {
    const packageDir = path.dirname(require.resolve(`${face.pkg}/package.json`))
    for (const cssName of face.css) {
      const css = await readFile(path.join(packageDir, cssName), 'utf8')
      const files = new Set<string>()
      // Only woff2: every browser we drive reads it, and it is the smallest.
      const rewritten = css.replace(/src: url\(\.\/files\/([^)]+\.woff2)\) format\('woff2'\)(, url\([^)]+\) format\('woff'\))?/g, (_match, file: string) => {
        files.add(file)
        return `src: url(fonts/${file}) format('woff2')`
      })
      await Promise.all([...files].map((file) => copyFile(path.join(packageDir, 'files', file), path.join(fontsDir, file))))
      rules.push(rewritten)
    }
  }
  return rules.join('\n')
}
