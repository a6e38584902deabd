/**
 * The bench's second baseline, on its worker thread: each batch the main thread posts is inserted
 * into a bare SQLite table (no indexes, no dedup, no cursor, no counters) in one transaction, with
 * the same durability settings as the history (WAL, synchronous=NORMAL), then acknowledged. With
 * the bare eventsource client feeding it, that is the physical limit of a durable SSE client.
 */
import { DatabaseSync } from 'node:sqlite'
import { parentPort, workerData } from 'node:worker_threads'

const port = parentPort
if (port === null) throw new Error('bare-sqlite-worker.ts runs as a worker thread')
const db = new DatabaseSync((workerData as { path: string }).path)
db.exec('PRAGMA journal_mode = WAL')
db.exec('PRAGMA synchronous = NORMAL')
db.exec('CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, received_at INTEGER NOT NULL)')
const insert = db.prepare('INSERT INTO events (event_id, type, data, received_at) VALUES (?, ?, ?, ?)')

port.on('message', (batch: { id: string; type: string; data: string; receivedAt: number }[] | 'close') => {
  if (batch === 'close') {
    db.close()
    port.postMessage(0)
    return
  }
  db.exec('BEGIN IMMEDIATE')
  for (const event of batch) insert.run(event.id, event.type, event.data, event.receivedAt)
  db.exec('COMMIT')
  port.postMessage(batch.length)
})
