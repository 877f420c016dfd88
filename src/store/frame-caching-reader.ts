import type { SimEvent } from '../events/event.js';
import { RecordingError, type EventFilter, type RecordingHeader, type RecordingReader, type RecordingStatus } from './recording.js';
import { SqliteRecordingReader } from './sqlite-reader.js';

/** Distinct frames kept: enough for a frame's tx and rx, and every hop of a flood, to share one read. */
const FRAME_CACHE = 256;

/**
 * A reader whose frame lookups go through a small cache. A frame is stored once and
 * referenced by its tx, its rx and every hop of a forwarded or flooded copy, all close
 * together in the stream; without the cache each of them is its own SQLite query.
 */
class FrameCachingReader implements RecordingReader {
  private readonly cache = new Map<number, Uint8Array>();

  constructor(
    private readonly inner: RecordingReader,
    private readonly name: string,
    private readonly readAhead: boolean,
    private readonly strict: boolean,
  ) {}

  header(): RecordingHeader {
    return this.inner.header();
  }

  status(): RecordingStatus {
    return this.inner.status();
  }

  events(filter?: EventFilter): IterableIterator<SimEvent> {
    return this.readAhead && this.inner instanceof SqliteRecordingReader
      ? this.inner.eventsReadingAhead(filter)
      : this.inner.events(filter);
  }

  event(seq: number): SimEvent | undefined {
    return this.inner.event(seq);
  }

  frame(id: number): Uint8Array | undefined {
    const hit = this.cache.get(id);
    if (hit !== undefined) return hit;
    const bytes = this.inner.frame(id);
    if (bytes === undefined) {
      if (this.strict) throw new RecordingError(`${this.name}: damaged recording: frame ${id} is referenced but not stored`);
      return undefined;
    }
    this.cache.set(id, bytes);
    if (this.cache.size > FRAME_CACHE) this.cache.delete(this.cache.keys().next().value!);
    return bytes;
  }

  close(): void {
    this.inner.close();
  }
}

export interface FrameCacheOptions {
  /**
   * Scan an SQLite recording's log in a second thread, ahead of the events' consumer
   * (SqliteRecordingReader.eventsReadingAhead): for a consumer that spends as long on
   * each event as reading it takes, as the export does.
   */
  readAhead?: boolean;
  /**
   * A frame an event names but the file does not hold: an error (the export, which
   * must not write a packet without its bytes), or, with `strict: false`, no bytes,
   * as the store's own reader answers, leaving the event's reader to say what broke.
   */
  strict?: boolean;
}

/** `reader` with frame lookups cached; `name` (its path) names it when a frame is missing. */
export function withFrameCache(reader: RecordingReader, name: string, options: FrameCacheOptions = {}): RecordingReader {
  return new FrameCachingReader(reader, name, options.readAhead ?? false, options.strict ?? true);
}
