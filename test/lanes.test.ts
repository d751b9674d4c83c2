/**
 * The unit lane itself (test/lanes/unit-setup.ts): it starts no browser, no Java, no Ghostscript and no
 * other external tool. Its guard is in place in this lane, a launch through src/browser/ or a tool run by
 * name reaches only the stand-in (which records it and fails), and a run that recorded one fails.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { launchBrowser } from '../src/browser/index.ts'
import { EnvironmentError } from '../src/errors.ts'
import { externalTools, makeUnitLane, unitLaneEnv } from './lanes/unit-setup.ts'

const run = promisify(execFile)
const scratch: string[] = []
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A log of our own, so that what this file starts on purpose does not fail the lane. */
function privateLog(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'springboard-lane-test-'))
  scratch.push(dir)
  const log = path.join(dir, 'started.log')
  writeFileSync(log, '')
  return log
}

describe('the unit lane', () => {
  it('runs with every external tool and the browser replaced by the stand-in', () => {
    const bin = process.env.SPRINGBOARD_UNIT_LANE
    expect(bin, 'test/lanes/unit-setup.ts is the unit project\'s globalSetup (vitest.config.ts)').toBeTruthy()
    expect(process.env.PATH!.split(path.delimiter)[0]).toBe(bin)
    for (const tool of externalTools) expect(existsSync(path.join(bin!, tool))).toBe(true)
    expect(process.env.SPRINGBOARD_BROWSER).toBe(path.join(bin!, 'chromium'))
    expect(process.env.PUPPETEER_EXECUTABLE_PATH).toBe(path.join(bin!, 'chromium'))
  })

  it('cannot start a browser: a launch through src/browser/ reaches the stand-in, which records it and fails', async () => {
    const log = privateLog()
    const launched = launchBrowser({ env: { ...process.env, SPRINGBOARD_TOOL_LOG: log }, timeout: 30_000 })
    await expect(launched).rejects.toBeInstanceOf(EnvironmentError)
    expect(readFileSync(log, 'utf8')).toMatch(/^chromium .*--headless/m)
  })

  it('cannot run Java or Ghostscript: by name, each is the stand-in, exit 127', async () => {
    const log = privateLog()
    for (const tool of ['java', 'gs', 'pdfinfo']) {
      await expect(run(tool, ['-version'], { env: { ...process.env, SPRINGBOARD_TOOL_LOG: log } })).rejects.toMatchObject({ code: 127 })
    }
    expect(readFileSync(log, 'utf8')).toBe('java -version\ngs -version\npdfinfo -version\n')
  })

  it('fails the run when a test started a tool, naming it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'springboard-lane-test-'))
    scratch.push(dir)
    const teardown = makeUnitLane(dir)
    writeFileSync(unitLaneEnv(dir).SPRINGBOARD_TOOL_LOG!, 'java -jar epubcheck.jar\n')
    expect(() => teardown()).toThrow(/started external tools[\s\S]*java -jar epubcheck\.jar/)
    const quiet = makeUnitLane(dir)
    expect(() => quiet()).not.toThrow()
  })
})
