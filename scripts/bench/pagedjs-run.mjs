// Runs the Paged.js CLI with Puppeteer's protocol timeout lifted. The CLI's own --timeout (0, none, by
// default) does not reach Puppeteer's 180 s limit on one DevTools call, and rendering a long book is one
// call: without this, Paged.js fails on ten years of chapters instead of finishing.
//   node scripts/bench/pagedjs-run.mjs /path/to/pagedjs-cli/src/cli.js [pagedjs-cli arguments]
import { realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const cli = realpathSync(process.argv[2])
// The same `puppeteer` module instance the CLI imports: resolved from the CLI's own folder, ESM entry.
const require = createRequire(cli)
const packageJson = require.resolve('puppeteer/package.json')
const { exports: entries } = require(packageJson)
const esm = entries['.'].import
const puppeteer = (await import(pathToFileURL(path.join(path.dirname(packageJson), typeof esm === 'string' ? esm : esm.default)).href)).default
const launch = puppeteer.launch.bind(puppeteer)
puppeteer.launch = (options = {}) => launch({ ...options, protocolTimeout: 24 * 60 * 60 * 1000 })
process.argv.splice(1, 2, cli)
await import(pathToFileURL(cli).href)
