#!/usr/bin/env node
// The `springboard` command: runs the TypeScript sources through tsx, so
// there is no compile step between `npm ci` and the first build.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli.ts')
process.exitCode = await main(process.argv.slice(2))
