/**
 * Who made the book, as the stores and e-readers name them. The primary
 * contributor is what a reader sees as the author: the configured `author`,
 * else the editors (an editorial team that wrote the profiles). KindleGen
 * shows a creator only in the role `aut` ("Unknown" for an editor alone),
 * so the primary contributors carry `aut`; editors keep `edt`, beside it
 * when they are the primary ones, else as contributors.
 */
import type { BookConfig } from './schema.ts'

export type Role = 'aut' | 'edt'

export interface Contributor {
  /** An id for the OPF (`creator-1`, `contributor-1`). */
  id: string
  name: string
  /** MARC relator codes, the first one the main role. */
  roles: Role[]
  /** The primary contributor's short biography, when configured. */
  bio?: string
}

export interface Contributors {
  /** Shown as the author: `dc:creator`, KDP's "Primary author or contributor". */
  primary: Contributor[]
  /** The other editors: `dc:contributor`, the stores' contributors. */
  others: Contributor[]
}

export function bookContributors(config: Pick<BookConfig, 'author' | 'editors'>): Contributors {
  const editors = new Set(config.editors)
  const primaryNames = config.author ? [config.author.name] : config.editors
  const primary = primaryNames.map((name, index) => ({
    id: `creator-${index + 1}`,
    name,
    roles: editors.has(name) ? (['aut', 'edt'] as Role[]) : (['aut'] as Role[]),
    ...(config.author?.bio && name === config.author.name ? { bio: config.author.bio } : {}),
  }))
  const others = config.editors
    .filter((name) => !primaryNames.includes(name))
    .map((name, index) => ({ id: `contributor-${index + 1}`, name, roles: ['edt'] as Role[] }))
  return { primary, others }
}

/** The stores' word for a role. */
export const roleNames: Record<Role, string> = { aut: 'Author', edt: 'Editor' }
