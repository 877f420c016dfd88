import type { SimEvent } from '../events/event.js';
import type { EventFilter, RecordingHeader, RecordingReader, RecordingStatus, RecordingWriter } from './recording.js';

/**
 * A recording held in memory: the same contract as the SQLite store, for
 * tests and for comparing a re-simulation with a recording.
 */
export class MemoryRecording implements RecordingWriter, RecordingReader {
  private head: RecordingHeader | undefined;
  private readonly list: SimEvent[] = [];
  private readonly frames = new Map<number, Uint8Array>();
  private state: RecordingStatus = { complete: false, stopReason: 'running', events: 0, endTime: 0 };

  writeHeader(header: RecordingHeader): void {
    this.head = structuredClone(header);
  }

  append(event: SimEvent): void {
    const { bytes, hint: _hint, ...rest } = event;
    if (event.frame !== undefined && bytes && !this.frames.has(event.frame)) this.frames.set(event.frame, bytes);
    this.list.push(structuredClone(rest));
  }

  flush(): void {}

  finish(status: RecordingStatus): void {
    this.state = { ...status };
  }

  abort(): void {
    this.state = { ...this.state, complete: false, stopReason: 'failed' };
  }

  header(): RecordingHeader {
    if (!this.head) throw new Error('no header written');
    return this.head;
  }

  status(): RecordingStatus {
    return this.state;
  }

  *events(filter: EventFilter = {}): IterableIterator<SimEvent> {
    for (const e of this.list) {
      if (filter.from !== undefined && e.seq < filter.from) continue;
      if (filter.to !== undefined && e.seq > filter.to) continue;
      if (filter.kinds?.length && !filter.kinds.includes(e.kind)) continue;
      if (filter.nodes?.length && !filter.nodes.includes(e.node)) continue;
      if (filter.causedBy && !causedBy(filter.causedBy, e)) continue;
      yield structuredClone(e);
    }
  }

  event(seq: number): SimEvent | undefined {
    const e = this.list[seq - 1];
    return e ? structuredClone(e) : undefined;
  }

  frame(id: number): Uint8Array | undefined {
    return this.frames.get(id);
  }

  close(): void {}
}

function causedBy(c: NonNullable<EventFilter['causedBy']>, e: SimEvent): boolean {
  return (e.cause !== undefined && c.seqs.includes(e.cause)) || (c.orKinds?.includes(e.kind) ?? false);
}
