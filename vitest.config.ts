import { defineConfig } from 'vitest/config'
import { unitLaneEnv } from './test/lanes/unit-setup.ts'

// Three lanes, by file name (docs/architecture.md, "Tests"):
// - unit (`*.test.ts`): no browser, no Java, no Ghostscript, no external tool at all; test/lanes/unit-setup.ts
//   makes each of them fail and the run fail if one was started. `npm run test:unit`.
// - e2e (`*.e2e.test.ts`): the real validators, Chromium, Ace, poppler, Ghostscript. `npm run test:e2e`.
// - slow (`*.slow.test.ts`): ten years of chapters, and the property tests with many cases. `npm run test:slow`, in CI.
// `npm test` is tsc, then the unit and e2e lanes. The unit lane runs on every core (`--maxWorkers=100%` in
// package.json): vitest's default of one fewer left one of two cores idle, as its main process barely works. The limits bound a hang on a loaded two-core machine; they
// measure no speed.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.e2e.test.ts', 'test/**/*.slow.test.ts'],
          globalSetup: ['test/lanes/unit-setup.ts'],
          // This project's workers only: the e2e lane, run beside it, keeps the real PATH and browser.
          env: unitLaneEnv(),
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'slow',
          // The property tests again, with many more generated cases than the unit lane's 100.
          include: ['test/**/*.slow.test.ts', 'test/transform.property.test.ts', 'test/typography.test.ts'],
          env: { FC_RUNS: '3000' },
          testTimeout: 1_800_000,
          hookTimeout: 1_800_000,
        },
      },
    ],
  },
})
