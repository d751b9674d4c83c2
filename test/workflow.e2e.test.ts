/**
 * The weekly loop where it lays pages out in Chromium: `check` finding a handout too long for its page,
 * and a week's release (its EPUB and its handout). The rest of the loop is in workflow.test.ts.
 */
import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { positionOf, runCli } from './helpers/cli.ts'
import { makeBook, validChapter } from './helpers/book.ts'

const roots: string[] = []
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
})
async function book(...args: Parameters<typeof makeBook>) {
  const root = await makeBook(...args)
  roots.push(root)
  return root
}

describe('springboard check', () => {
  it('finds a handout that does not fit its page, as build would, at the competencies key, and says it used the browser; --no-layout does not look', async () => {
    const long = validChapter().replace(
      'competencies:\n',
      `competencies:\n${Array.from({ length: 70 }, (_, i) => `  - A long core competency number ${i + 1} that a handout must print in full\n`).join('')}`,
    )
    const root = await book({ '2026-01-05-medical-records-director.md': long, '2026-01-12-nurse.md': validChapter({ published: '2026-01-12', title: 'Nurse' }) })
    const progress: string[] = []
    const stderr: string[] = []
    const { main } = await import('../src/cli.ts')
    const code = await main(['check', '--root', root], { stdout: () => {}, stderr: (text) => stderr.push(text), progress: (text) => progress.push(text), cwd: root })
    expect(code).toBe(1)
    const at = positionOf(long, 'competencies:')
    expect(stderr.join('\n')).toMatch(new RegExp(`^chapters/2026-01-05-medical-records-director\\.md:${at.line}:${at.column}: error The handout for \`Medical Records Director\` takes \\d+ pages; .* \\[p-001\\]$`, 'm'))
    expect(stderr.join('\n')).not.toContain('nurse.md')
    expect(progress.join('')).toMatch(/^handouts +2 laid out in Chromium/m)

    const skipped: string[] = []
    const quick = await main(['check', '--no-layout', '--root', root], { stdout: () => {}, stderr: () => {}, progress: (text) => skipped.push(text), cwd: root })
    expect(quick).toBe(0)
    expect(skipped.join('')).toMatch(/^handouts +not laid out \(--no-layout\)/m)
  }, 120_000)
})

describe('volumes', () => {
  it('builds one week alone with --week', async () => {
    const root = await book({
      '2025-12-29-medical-records-director.md': validChapter({ published: '2025-12-29' }),
      '2026-01-05-nurse.md': validChapter({ published: '2026-01-05', title: 'Nurse' }),
      '2026-01-12-pharmacist.md': validChapter({ published: '2026-01-12', title: 'Pharmacist' }),
    })
    const out = path.join(root, 'week-out')
    const run = await runCli(['build', '--root', root, '--out', out, '--week', '2026-01-07', '--quiet'])
    expect(run.code).toBe(0)
    expect(await readdir(out)).toEqual(['week-2026-W02'])
    // The week's small EPUB and its handout: the weekly release.
    expect((await readdir(path.join(out, 'week-2026-W02'))).sort()).toEqual(['handouts', 'nurse.epub'])
    expect(await readdir(path.join(out, 'week-2026-W02/handouts'))).toEqual(['nurse.pdf'])
    const none = await runCli(['build', '--root', root, '--format', 'epub', '--week', '2027-06-01'])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/No chapter ran in the week of 2027-06-01/)
  }, 120_000)
})
