/**
 * What a build says while it runs. On a terminal: one line per stage with
 * counts and times, and a bar over chapters for long builds. In CI or when
 * piped: the same lines, no animation. `quiet` says nothing; `verbose`
 * adds a line per chapter.
 */
import { visible } from './messages.ts'
export interface Progress {
  /** A stage finished: `load  8 chapters  12 ms`. */
  stage(name: string, detail: string, ms: number): void
  /** A long loop over `total` items; the bar shows only on a terminal. */
  loop(name: string, total: number): { tick(item: string): void; done(): void }
  /** Detail for --verbose. */
  detail(line: string): void
}

export const silentProgress: Progress = {
  stage() {},
  loop: () => ({ tick() {}, done() {} }),
  detail() {},
}

export interface ProgressOptions {
  write(text: string): void
  /** Draw bars with carriage returns (an interactive terminal, not CI). */
  interactive: boolean
  quiet?: boolean
  verbose?: boolean
}

/** Loops shorter than this finish before a bar would be worth drawing. */
const barThreshold = 20

export function createProgress(options: ProgressOptions): Progress {
  if (options.quiet) return silentProgress
  const { write, interactive, verbose } = options
  return {
    stage(name, detail, ms) {
      write(`${name.padEnd(10)} ${visible(detail).padEnd(34)} ${formatMs(ms).padStart(8)}\n`)
    },
    loop(name, total) {
      const draw = interactive && total >= barThreshold
      let done = 0
      return {
        tick(item) {
          done++
          if (verbose) write(`  ${name}: ${visible(item)}\n`)
          else if (draw) {
            const width = 30
            const filled = Math.round((done / total) * width)
            write(`\r${name.padEnd(10)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`)
          }
        },
        done() {
          if (draw && !verbose) write('\r\u001b[2K')
        },
      }
    },
    detail(line) {
      if (verbose) write(`  ${visible(line)}\n`)
    },
  }
}

export function isInteractive(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb'
}

function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`
}
