/**
 * The book config: find `springboard.yaml` at the book root, validate it,
 * report problems as positioned messages like any content problem.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { VFile } from 'vfile'
import { location } from 'vfile-location'
import { UsageError } from '../errors.ts'
import { parseYaml, rangeOf, validateYaml, type YamlRules } from '../report/yaml.ts'
import { checkCovers } from './covers.ts'
import { report } from '../report/messages.ts'
import { secureForm } from '../text/urls.ts'
import { findConfigPlaceholders, type ConfigPlaceholder } from './placeholders.ts'
import type { Point } from 'unist'
import { bookConfigSchema, type BookConfig } from './schema.ts'

export type { ConfigPlaceholder } from './placeholders.ts'
export { bookConfigSchema, listingLimits, trimSizes, type BookConfig, type VolumeConfig } from './schema.ts'
export { defaultVolumeId, resolveVolumes, volumeReleaseFacts, weekVolume, type Volume } from './volumes.ts'

export const configFileName = 'springboard.yaml'

const configRules: YamlRules = { syntax: 'c-001', missing: 'c-002', type: 'c-003', unknown: 'c-004', empty: 'c-003', aliases: 'c-020' }

export interface LoadedConfig {
  file: VFile
  /** `undefined` when the file has errors (they are on `file`). */
  config?: BookConfig
  /** Where a field's value starts in the file: for problems found after loading (a store naming a volume the book lacks). */
  placeOf?: (path: readonly (string | number)[]) => Point
  /** Example addresses, `TODO`s and impossible ASINs or ISBNs in the file, placed (reported by the check). */
  placeholders?: ConfigPlaceholder[]
}

export async function loadConfig(root: string): Promise<LoadedConfig> {
  const configPath = path.join(root, configFileName)
  let text: string
  try {
    text = await readFile(configPath, 'utf8')
  } catch {
    throw new UsageError(
      `No ${configFileName} in ${root}`,
      `Run the command in the book folder (the one with ${configFileName} and chapters/), or pass --root <folder>.`,
    )
  }
  const file = new VFile({ path: configPath, cwd: root, value: text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n') })
  const source = { file, text: String(file), offset: 0, fallbackOffset: 0, noun: 'config' }
  const doc = parseYaml(source, configRules)
  if (!doc) return { file }
  // A missing field is reported where the fields start, not on the comment lines above them.
  const fieldsStart = doc.contents?.range?.[0] ?? 0
  const config = validateYaml({ ...source, fallbackOffset: fieldsStart }, doc, bookConfigSchema, configRules)
  if (!config) return { file }
  const place = location(file)
  const placeOf = (path: readonly (string | number)[]) => place.toPoint(rangeOf(doc, path, source).start) ?? { line: 1, column: 1 }
  await checkCovers(file, root, config, placeOf)
  checkSecureAddresses(file, config, placeOf)
  return { file, config, placeOf, placeholders: findConfigPlaceholders(file, doc) }
}

/** l-010: the config's own addresses (the book's page, the stores' pages) with `http://`. */
function checkSecureAddresses(file: VFile, config: BookConfig, placeOf: (path: readonly (string | number)[]) => Point): void {
  const addresses: [readonly (string | number)[], string | undefined][] = [[['url'], config.url]]
  for (const [store, { volumes }] of Object.entries(config.stores)) {
    for (const [volume, url] of Object.entries(volumes)) addresses.push([['stores', store, 'volumes', volume], url])
  }
  for (const [at, url] of addresses) {
    const secure = url ? secureForm(url) : undefined
    if (secure) report(file, 'l-010', `\`${at.join('.')}\` (\`${url}\`) is not secure: use \`${secure}\``, placeOf(at))
  }
}
