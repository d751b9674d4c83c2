/** `1 chapter`, `3 chapters`; `many` for a plural that is not the noun and an s. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}
