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
import type { Point } from 'unist'
import { bookConfigSchema, type BookConfig } from './schema.ts'

export { bookConfigSchema, listingLimits, trimSizes, type BookConfig, type VolumeConfig } from './schema.ts'
export { defaultVolumeId, resolveVolumes, weekVolume, type Volume } from './volumes.ts'

export const configFileName = 'springboard.yaml'

const configRules: YamlRules = { syntax: 'c-001', missing: 'c-002', type: 'c-003', unknown: 'c-004', empty: 'c-003', aliases: 'c-020' }

export interface LoadedConfig {
  file: VFile
  /** `undefined` when the file has errors (they are on `file`). */
  config?: BookConfig
  /** Where a field's value starts in the file: for problems found after loading (a store naming a volume the book lacks). */
  placeOf?: (path: readonly (string | number)[]) => Point
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
  checkCovers(file, root, config, placeOf)
  return { file, config, placeOf }
}
