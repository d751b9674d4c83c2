import { defineConfig } from 'vitest/config'

// `npx vitest run` is `npm test` without the type check: the main suite, with the 520-chapter
// test (`*.slow.test.ts`) left to `npm run test:scale`. The end-to-end tests start Chromium, Java
// and Ace: their limits are generous, as a loaded two-core machine can be slow, and they bound a
// hang; they measure no speed.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'main',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.slow.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'scale',
          include: ['test/**/*.slow.test.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 1_800_000,
        },
      },
    ],
  },
})
