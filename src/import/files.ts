/**
 * The files of `springboard import`: what it reads and how it writes.
 *
 * It reads only regular files of at most `featureLimitBytes`, never more
 * than that from any file (load/bounded-read.ts: a device or a pipe is
 * refused before a byte is read), and only text: a file with NUL bytes or
 * other control characters is a PDF, a Word document, UTF-16 or worse.
 *
 * It writes all or nothing: every chapter goes to a staging folder inside
 * chapters/ first (the same disk, so a full one fails there), and only when
 * all are written is each linked to its name, which fails rather than
 * replace anything that appeared meanwhile; a failure takes back the ones
 * already placed. A staging folder left by an import that was killed is
 * removed by the next one.
 */
import { randomBytes } from 'node:crypto'
import { link, lstat, mkdir, readdir, readlink, rename, stat, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { EnvironmentError, InterruptedError, UsageError } from '../errors.ts'
import { formatSize, readBounded } from '../load/bounded-read.ts'
import { chapterLimitBytes } from '../load/limits.ts'
import { isTagRunning, processTag } from '../process/tree.ts'
import { removeInside } from '../files/remove.ts'

/** The largest feature file import reads: the largest chapter (a weekly feature is 5–10 KB of text). */
export const featureLimitBytes = chapterLimitBytes

const textHint = 'Import the feature as plain text: in your editor, "Save as" → Plain text (.txt), encoding UTF-8.'

/** The bytes of a feature file, or a UsageError that says why it is not one. */
export async function readFeatureFile(file: string): Promise<Uint8Array> {
  let read
  try {
    read = await readBounded(file, featureLimitBytes)
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}; nothing was imported`, 'Check the path of the feature file, and that you may read it.')
  }
  if ('notFile' in read) throw new UsageError(`${file} is ${read.notFile}, not a file: nothing was imported`, textHint)
  if ('tooLarge' in read) {
    throw new UsageError(
      `${file} is ${formatSize(read.tooLarge)}; a feature file may be at most ${formatSize(featureLimitBytes)}: nothing was imported`,
      'A weekly feature is a few pages of text: check that this is the file you meant, or split it into one file a feature.',
    )
  }
  const notText = whyNotText(read.bytes)
  if (notText) throw new UsageError(`${file} is not plain text: ${notText}; nothing was imported`, textHint)
  return read.bytes
}

/** Why these bytes are not a plain text file; `undefined` when they are one. */
export function whyNotText(bytes: Uint8Array): string | undefined {
  const starts = (signature: string) => Buffer.from(bytes.subarray(0, signature.length)).toString('latin1') === signature
  if (starts('%PDF-')) return 'it is a PDF'
  if (starts('PK\u0003\u0004')) return 'it is a Word document (.docx) or another zip file'
  if (starts('\u00d0\u00cf\u0011\u00e0')) return 'it is an old Word document (.doc)'
  if (starts('{\\rtf')) return 'it is a rich text document (.rtf)'
  if (starts('\u00ff\u00fe') || starts('\u00fe\u00ff')) return 'it was saved as UTF-16 ("Unicode"), not UTF-8'
  // Tab, line feed, form feed, carriage return and Ctrl-Z (the end mark of old DOS files) occur in text.
  const at = bytes.findIndex((byte) => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1a)
  if (at === -1) return undefined
  return bytes[at] === 0 ? `it holds NUL bytes (the first at byte ${at})` : `it holds control characters (byte 0x${bytes[at]!.toString(16).padStart(2, '0')} at byte ${at})`
}

export interface PlannedChapter {
  /** Absolute path of the chapter to write. */
  file: string
  text: string
}

const stagingPrefix = '.import-'
const interrupted = 'Interrupted; nothing was imported'

/**
 * Write every chapter or none. `root` is the book; the chapters go to `root/chapters/`. Throws a
 * UsageError when a name is taken (by a file, a folder or a link, even one to nowhere), an
 * EnvironmentError when the disk is full or the folder cannot be written, an InterruptedError on Ctrl-C;
 * chapters/ is then as it was.
 */
export async function writeChaptersAtOnce(root: string, chapters: readonly PlannedChapter[], signal?: AbortSignal): Promise<void> {
  const folder = path.join(root, 'chapters')
  await mkdir(folder, { recursive: true }).catch((error: Error) => {
    throw cannotWrite(folder, error)
  })
  await removeStaleStaging(folder)
  await refuseTakenNames(root, chapters)
  if (signal?.aborted) throw new InterruptedError(interrupted)

  const staging = path.join(folder, `${stagingPrefix}${processTag()}-${randomBytes(4).toString('hex')}`)
  const placed: { file: string; staged: string }[] = []
  try {
    await mkdir(staging)
    const staged = chapters.map((chapter, index) => ({ ...chapter, staged: path.join(staging, `${index}.md`) }))
    for (const chapter of staged) {
      await writeFile(chapter.staged, chapter.text, { flag: 'wx' })
      signal?.throwIfAborted()
    }
    for (const chapter of staged) {
      await place(chapter.staged, chapter.file)
      placed.push(chapter)
    }
  } catch (error) {
    // Take back what was placed: each only while it is still the file this import wrote.
    for (const { file, staged } of placed.reverse()) {
      const [a, b] = await Promise.all([lstat(file).catch(() => undefined), lstat(staged).catch(() => undefined)])
      if (a && b && a.ino === b.ino && a.dev === b.dev) await unlink(file).catch(() => undefined)
    }
    throw explainWriteFailure(error, root, signal)
  } finally {
    await removeInside(root, staging, { recursive: true })
  }
}

/** Link `staged` to `file`: fails with EEXIST rather than replace. Without hard links, a rename checked first. */
async function place(staged: string, file: string): Promise<void> {
  try {
    await link(staged, file)
    return
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error
  }
  if (await lstat(file).catch(() => undefined)) throw Object.assign(new Error(`${file} exists`), { code: 'EEXIST', path: file })
  await rename(staged, file)
}

/** Every target name free, or a UsageError listing those that are not (before anything is written). */
async function refuseTakenNames(root: string, chapters: readonly PlannedChapter[]): Promise<void> {
  const taken: string[] = []
  for (const chapter of chapters) {
    const info = await lstat(chapter.file).catch(() => undefined)
    if (!info) continue
    const name = path.relative(root, chapter.file)
    if (info.isSymbolicLink() && !(await stat(chapter.file).catch(() => undefined))) {
      taken.push(`${name} (a link to ${await readlink(chapter.file).catch(() => 'nowhere')}, which does not exist)`)
    } else taken.push(name)
  }
  if (taken.length > 0) {
    throw new UsageError(
      `${taken.join(', ')} already ${taken.length === 1 ? 'exists' : 'exist'}; nothing was imported`,
      'import never overwrites a chapter: give another --date or --title, or move the existing chapter (or link) away first.',
    )
  }
}

/** Staging folders of imports that no longer run (killed half-way); a link is removed, never followed. */
async function removeStaleStaging(folder: string): Promise<void> {
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    if (!name.startsWith(stagingPrefix)) continue
    const tag = /^\.import-(\d+-[0-9a-f]{8})-[0-9a-f]+$/.exec(name)?.[1]
    if (!tag || isTagRunning(tag) !== false) continue
    await removeInside(folder, path.join(folder, name), { recursive: true })
  }
}

function explainWriteFailure(error: unknown, root: string, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return new InterruptedError(interrupted)
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EEXIST') {
    const name = path.relative(root, (error as { dest?: string }).dest ?? (error as NodeJS.ErrnoException).path ?? '')
    return new UsageError(`${name || 'A chapter'} appeared while importing; nothing was imported`, 'Run the import again: it never overwrites a chapter.')
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new EnvironmentError(`The disk is full: nothing was imported (chapters/ is as it was)`, 'Free some space on the disk that holds the book, then run the import again.', { cause: error })
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return cannotWrite(path.join(root, 'chapters'), error as Error)
  return error
}

function cannotWrite(folder: string, error: Error): EnvironmentError {
  return new EnvironmentError(`Cannot write to ${folder}: ${error.message}; nothing was imported`, 'Check that the book folder can be written.', { cause: error })
}
