/**
 * No test leaves a process behind. Importing this module marks the test
 * worker: every process it starts from then on (a build's Chromium,
 * EPUBCheck's Java, Ghostscript, the command run as a child, a `sleep`)
 * inherits `SPRINGBOARD_TEST_RUN=<a random id>` in its environment, and
 * keeps it when it is orphaned and adopted by init, when it no longer
 * shows in this worker's process tree. Processes of other engineers' test
 * runs, or of the same suite in another worker, carry another id or none.
 *
 * A process's starting environment is read from /proc/<pid>/environ (Linux),
 * which a change to process.env after start does not alter: the worker
 * itself is not counted.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { afterAll, afterEach, expect } from 'vitest'

const variable = 'SPRINGBOARD_TEST_RUN'
process.env[variable] ??= randomUUID()
const marker = `${variable}=${process.env[variable]}`

export interface Leftover {
  pid: number
  command: string
}

/** The live processes this worker started, directly or not (none where /proc is missing). */
export function processesOfThisRun(): Leftover[] {
  if (!existsSync('/proc/self/environ')) return []
  const found: Leftover[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1')
      if (!environ.split('\0').includes(marker)) continue
      // A zombie has exited; only its parent's wait is missing.
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1')
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue
      const command = readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').join(' ').trim().slice(0, 200)
      found.push({ pid: Number(entry), command })
    } catch {
      // It ended while we looked, or is not ours to read.
    }
  }
  return found
}

/** Wait until every process this worker started has ended (they may take a moment); fail naming those that do not. */
export async function expectNoLeftoverProcesses(timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let leftovers = processesOfThisRun()
  while (leftovers.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200))
    leftovers = processesOfThisRun()
  }
  try {
    expect(leftovers, 'processes this test file started are still running').toEqual([])
  } finally {
    // Reported above; not left to the machine, nor to the next test's check.
    for (const { pid } of processesOfThisRun()) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // gone
      }
    }
  }
}

/** Check after each test of the file, and once more after all of them. */
export function checkForLeftoverProcesses(): void {
  afterEach(async () => expectNoLeftoverProcesses(), 60_000)
  afterAll(async () => expectNoLeftoverProcesses(), 60_000)
}
