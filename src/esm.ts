/**
 * `import()` from code that may run in the bundled command: of a package
 * that is only an ES module (pdf.js), or of what is loaded only when needed
 * (Node's worker threads).
 *
 * The bundle is CommonJS, compiled from a V8 code cache (scripts/cli-bundle.js
 * says why), and on Node 20 code loaded from that cache loses its `import()`:
 * it throws ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING. So the bundle's loader,
 * itself an ES module, lends its own `import()` under this symbol; run from
 * the sources, there is none and the plain `import()` below is used.
 */
const hostImport = Symbol.for('springboard-press.import')

export function importEsm<T>(specifier: string): Promise<T> {
  const host = (globalThis as { [hostImport]?: (specifier: string) => Promise<unknown> })[hostImport]
  return (host ? host(specifier) : import(specifier)) as Promise<T>
}
