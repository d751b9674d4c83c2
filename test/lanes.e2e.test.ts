/**
 * The e2e lane runs beside the unit lane (`npm test`) and keeps the real tools: none of the unit lane's
 * stand-ins (test/lanes/unit-setup.ts) is on its PATH or in its browser variables.
 */
import { describe, expect, it } from 'vitest'

describe('the e2e lane', () => {
  it('has none of the unit lane\'s stand-ins', () => {
    expect(process.env.SPRINGBOARD_UNIT_LANE).toBeUndefined()
    expect(process.env.SPRINGBOARD_TOOL_LOG).toBeUndefined()
    expect(process.env.PATH ?? '').not.toMatch(/springboard-unit-lane-/)
    expect(process.env.SPRINGBOARD_BROWSER ?? '').not.toMatch(/springboard-unit-lane-/)
    expect(process.env.PUPPETEER_EXECUTABLE_PATH ?? '').not.toMatch(/springboard-unit-lane-/)
  })
})
