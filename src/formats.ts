/** The outputs a build can make; apart from build.ts so that `check` need not load the packaging and print code. */
export type Format = 'epub' | 'pdf' | 'pdfx' | 'handouts'
/** What `--format all` makes. PDF/X (for IngramSpark and offset printers) is asked for by name: it adds a print and Ghostscript's conversion. */
export const formats: readonly Format[] = ['epub', 'pdf', 'handouts']
export const extraFormats: readonly Format[] = ['pdfx']
