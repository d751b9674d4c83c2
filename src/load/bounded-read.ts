/**
 * Read a file the editor named, never more than a limit and never from
 * something that is not a file: a named pipe would wait for a writer for
 * ever and /dev/zero never ends. Opening does not wait (O_NONBLOCK), the
 * handle is checked to be a regular file, and at most one byte more than
 * the limit is read, whatever size the file claimed (it may grow).
 */
import { constants, type Stats } from 'node:fs'
import { open } from 'node:fs/promises'

export type BoundedRead =
  | { bytes: Uint8Array }
  /** What it is instead of a file: "a named pipe (FIFO)", "a device", "a folder" … */
  | { notFile: string }
  /** At least this many bytes: more than the limit. */
  | { tooLarge: number }

/** Read `file` (errors opening or reading it are thrown as they are). */
export async function readBounded(file: string, limitBytes: number): Promise<BoundedRead> {
  const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    const info = await handle.stat()
    if (!info.isFile()) return { notFile: kindOf(info) }
    if (info.size > limitBytes) return { tooLarge: info.size }
    const buffer = Buffer.alloc(Math.min(info.size, limitBytes) + 1)
    let length = 0
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null)
      if (bytesRead === 0) break
      length += bytesRead
    }
    if (length > limitBytes) return { tooLarge: length }
    return { bytes: buffer.subarray(0, length) }
  } finally {
    await handle.close()
  }
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)'
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device'
  if (info.isSocket()) return 'a socket'
  if (info.isDirectory()) return 'a folder'
  return 'not a regular file'
}

/** `1.2 MiB`, `340 KiB`: sizes in messages. */
export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`
}
