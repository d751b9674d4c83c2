/**
 * The worker thread of src/validate/parse-pool.ts: takes the next chapter
 * no one has claimed, parses it, sends the tree back, until none is left.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { VFile } from 'vfile'
import { parseMarkdown } from './parse.ts'

interface Job {
  texts: string[]
  /** Int32Array over a SharedArrayBuffer: [0] is the next index to claim, shared with the main thread. */
  next: Int32Array
}

const { texts, next } = workerData as Job
for (let index = Atomics.add(next, 0, 1); index < texts.length; index = Atomics.add(next, 0, 1)) {
  const tree = parseMarkdown(new VFile({ value: texts[index] }))
  try {
    parentPort!.postMessage({ index, tree })
  } catch {
    // A tree too deep to copy between threads (hostile nesting): the main thread parses it again and reports it.
    parentPort!.postMessage({ index })
  }
}
