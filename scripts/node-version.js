// The Node version check, run before anything else: by the `springboard` command before it imports
// the sources, by `npm ci` (preinstall) and by `npm test`. Plain JavaScript that any Node can parse, so that
// an older Node gets one line and exit 2 rather than a stack trace about `.ts` files.
// The oldest version that works is package.json's `engines.node` (Node's type stripping came in 22.18).
import { readFileSync } from 'node:fs'

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const [wantMajor, wantMinor] = String(packageJson.engines.node).replace(/^>=\s*/, '').split('.').map(Number)

/** The one-line message for a Node that is too old to run SpringBoard, or undefined. */
export function nodeVersionProblem(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number)
  if (major > wantMajor || (major === wantMajor && minor >= (wantMinor || 0))) return undefined
  return (
    `SpringBoard needs Node ${wantMajor}.${wantMinor || 0} or newer (Node 24 LTS recommended); this is Node ${version}: ` +
    'install Node 24 LTS from https://nodejs.org/ or your package manager, or without root `npm install --prefix ~/node24 node@24` ' +
    'and put ~/node24/node_modules/.bin first on PATH, then run the command again.'
  )
}

// Run as a script (`node scripts/node-version.js`): exit 2 with the message on an older Node.
if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  const problem = nodeVersionProblem()
  if (problem) {
    process.stderr.write(`${problem}\n`)
    process.exit(2)
  }
}
