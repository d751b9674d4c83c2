/** Types of node-version.js (plain JavaScript, so that any Node can parse it). */
export function nodeVersionProblem(version?: string): string | undefined
