/**
 * The shared SSE conformance vectors (/work/shared/conformance/vectors.json; its README describes
 * each field), for the tests that serve them through a real server: the stream's own and the whole
 * core's. One loader, so both read the same file the same way.
 */
import { existsSync, readFileSync } from 'node:fs'

/** One vector: a response body and what a conforming client makes of it. */
export interface Vector {
  name: string
  source?: string
  /** The response body as a JS string; sent UTF-8 encoded. */
  wire: string
  /** The events a conforming client dispatches, in order. */
  events: { type: string; data: string; lastEventId: string }[]
  /** The Last-Event-ID sent on the reconnect after this body; '' means none. */
  finalLastEventId: string
  /** The reconnection time the body sets, in ms, or null. */
  retry: number | null
  contentType?: string
  /** Byte offsets at which the server must split its writes. */
  chunks?: number[]
  note?: string
}

const vectorsFile = new URL('../../../shared/conformance/vectors.json', import.meta.url)

/** Whether ../shared (beside the checkout in the project's CI) is here; GitHub's runners lack it. */
export const vectorsAvailable = existsSync(vectorsFile)

/** Reads every vector from the shared file (afresh on each call). */
export function loadVectors(): Vector[] {
  if (!vectorsAvailable) return []
  return JSON.parse(readFileSync(vectorsFile, 'utf8')) as Vector[]
}

/** The body UTF-8 encoded and cut at the vector's in-range byte offsets, one Buffer per write. */
export function vectorPieces(vector: Vector): Buffer[] {
  const bytes = Buffer.from(vector.wire, 'utf8')
  const cuts = [0, ...(vector.chunks ?? []).filter((c) => c > 0 && c < bytes.length), bytes.length]
  return cuts.slice(1).map((end, i) => bytes.subarray(cuts[i], end))
}

/**
 * The `last-event-id` header a node:http server should see on the reconnect, or undefined when
 * none must be sent. Node hands header bytes out as latin1, and the id goes out as its UTF-8 bytes.
 */
export function expectedLastEventIdHeader(vector: Vector): string | undefined {
  return vector.finalLastEventId === '' ? undefined : Buffer.from(vector.finalLastEventId, 'utf8').toString('latin1')
}
