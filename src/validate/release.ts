/**
 * The validate stage (the release config): what `springboard.yaml` says
 * about the stores and the listing, checked against the volumes the book
 * actually has. The limits themselves (description, keywords, BISAC codes)
 * are in the config schema.
 */
import type { Point } from 'unist'
import type { VFile } from 'vfile'
import { report } from '../report/messages.ts'

type PlaceOf = (path: readonly (string | number)[]) => Point

/** What these checks read of the resolved config (config/ passes it in: validate/ does not import config/). */
export interface ReleaseConfig {
  stores: Readonly<Record<string, { volumes: Readonly<Record<string, unknown>> }>>
  subjects: readonly string[]
}

/** What they read of a volume. */
export interface ReleaseVolume {
  id: string
  description?: string
}

/** c-011: every volume a store lists must be one of the book's volumes. */
export function checkStoreVolumes(file: VFile, config: ReleaseConfig, volumes: readonly Pick<ReleaseVolume, 'id'>[], placeOf: PlaceOf): void {
  const ids = new Set(volumes.map((volume) => volume.id))
  for (const [storeId, store] of Object.entries(config.stores)) {
    for (const id of Object.keys(store.volumes)) {
      if (ids.has(id)) continue
      report(file, 'c-011', `Store \`${storeId}\` lists volume \`${id}\`, which the book does not have (its volumes: ${[...ids].map((known) => `\`${known}\``).join(', ')})`, placeOf(['stores', storeId, 'volumes', id]))
    }
  }
}

/** c-012: a volume's listing needs a description and a BISAC subject before it can be released. */
export function checkReleasable(file: VFile, config: ReleaseConfig, volume: ReleaseVolume, placeOf: PlaceOf): void {
  const missing = [volume.description ? '' : '`description`', config.subjects.length > 0 ? '' : '`subjects` (BISAC codes)'].filter(Boolean)
  if (missing.length === 0) return
  report(file, 'c-012', `Volume \`${volume.id}\` cannot be released: the store listing needs ${missing.join(' and ')}`, placeOf([]))
}
