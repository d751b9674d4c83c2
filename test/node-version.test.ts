/**
 * The first run on an older Node (issue 25): the launcher, `npm test` and `npm ci` stop with one line and
 * exit 2 before anything imports the TypeScript sources. The launcher runs under a faked older version (a
 * preload that changes `process.versions.node`), and under a real older Node where the machine has one
 * (Debian's and Ubuntu's default Node 20, as on CI's fresh machine).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { nodeVersionProblem } from '../scripts/node-version.js'
import { projectRoot } from './helpers/book.ts'

const launcher = path.join(projectRoot, 'scripts/springboard.js')
const fakeNode20 = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.20.2"})'
const oneLine = /^SpringBoard needs Node 22\.18 or newer \(Node 24 LTS recommended\); this is Node 20\.\d+\.\d+: install Node 24 LTS from https:\/\/nodejs\.org\/[^\n]*\n$/

describe('the Node version check', () => {
  it('accepts 22.18 and newer, refuses older ones', () => {
    expect(nodeVersionProblem('24.21.0')).toBeUndefined()
    expect(nodeVersionProblem('22.18.0')).toBeUndefined()
    expect(nodeVersionProblem('23.0.0')).toBeUndefined()
    expect(nodeVersionProblem('22.17.1')).toMatch(/this is Node 22\.17\.1/)
    expect(nodeVersionProblem('20.20.2')).toMatch(/needs Node 22\.18 or newer/)
  })

  it('stops the launcher with one line and exit 2 under a faked Node 20, before any source is imported', () => {
    for (const command of [['build'], ['check'], ['--help']]) {
      const run = spawnSync(process.execPath, ['--import', fakeNode20, launcher, ...command], { cwd: projectRoot, encoding: 'utf8' })
      expect(run.status).toBe(2)
      expect(run.stdout).toBe('')
      expect(run.stderr).toMatch(oneLine)
    }
    // The script `npm test` and `npm ci` (preinstall) run first.
    const script = spawnSync(process.execPath, ['--import', fakeNode20, path.join(projectRoot, 'scripts/node-version.js')], { encoding: 'utf8' })
    expect(script.status).toBe(2)
    expect(script.stderr).toMatch(oneLine)
  })

  it('is what `npm test` and `npm ci` run first', async () => {
    const { scripts } = (await import('../package.json', { with: { type: 'json' } })).default
    expect(scripts.test).toMatch(/^node scripts\/node-version\.js && /)
    expect(scripts.preinstall).toBe('node scripts/node-version.js')
  })

  const olderNode = ['/usr/bin/node', '/usr/local/bin/node'].find((node) => {
    if (!existsSync(node)) return false
    const version = execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()
    return nodeVersionProblem(version) !== undefined && version.startsWith('20.')
  })
  it.runIf(olderNode)(`stops the launcher under the machine's own older Node (${olderNode})`, () => {
    const run = spawnSync(olderNode!, [launcher, 'build'], { cwd: projectRoot, encoding: 'utf8' })
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(oneLine)
  })
})
