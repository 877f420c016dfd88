import { isTable, openReadOnly } from './open-readonly.js';
import { RecordingError } from './recording.js';

/** The snapshots a run stored, as `verify` checks them: which fold wrote them, how often, and each one in seq order. */
export interface StoredSnapshots {
  /** meta `snapshot_format`: the fold that wrote them (absent when none were kept). */
  format: string | undefined;
  /** meta `snapshot_interval`, in events. */
  interval: number | undefined;
  /** [seq, state] in seq order as stored (JSON, or from fold-7 its compressed bytes: snapshot-codec.ts), read lazily. */
  rows: IterableIterator<[number, string | Uint8Array]>;
  close(): void;
}

/** Opens a recording's stored snapshots for reading (read-only, as every reader opens a recording). */
export function storedSnapshots(path: string): StoredSnapshots {
  const db = openReadOnly(path);
  try {
    const meta = (key: string): string | undefined =>
      db.prepare('SELECT value FROM meta NOT INDEXED WHERE key = ?').pluck().get(key) as string | undefined;
    const format = meta('snapshot_format');
    const interval = meta('snapshot_interval');
    const rows = isTable(db, 'snapshots')
      ? (db.prepare('SELECT seq, state FROM snapshots NOT INDEXED ORDER BY seq').raw().iterate() as IterableIterator<
          [number, string | Uint8Array]
        >)
      : ([] as Array<[number, string | Uint8Array]>)[Symbol.iterator]();
    return {
      format,
      interval: interval === undefined ? undefined : Number(interval),
      rows,
      close: () => {
        rows.return?.();
        db.close();
      },
    };
  } catch (e) {
    db.close();
    if (e instanceof RecordingError) throw e;
    throw new RecordingError(`${path}: damaged recording (${(e as Error).message})`);
  }
}
