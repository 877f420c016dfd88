import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { MemoryRecording } from '../../src/store/memory-store.js';
import type { RecordingHeader, RecordingReader, RecordingWriter } from '../../src/store/recording.js';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { SqliteRecordingWriter } from '../../src/store/sqlite-writer.js';
import { tempDir } from '../helpers/cli.js';

const HEADER: RecordingHeader = {
  name: 'contract',
  seed: 7,
  hoplabVersion: '0.0.0-test',
  commandLine: 'hoplab run x.yaml',
  topologyPath: 'x.yaml',
  topologySource: 'nodes: {}\n',
  nodes: [
    { name: 'h1', kind: 'host' },
    { name: 'sw1', kind: 'switch' },
  ],
  ports: [
    { node: 'h1', port: 'eth0', mac: '02:00:00:00:00:01', peerNode: 'sw1', peerPort: 'p1' },
    { node: 'sw1', port: 'p1', peerNode: 'h1', peerPort: 'eth0' },
  ],
  scenario: [{ at: 0, node: 'h1', run: 'ping -c 1 10.0.0.2' }],
  start: {
    nodes: [
      { name: 'h1', kind: 'host', lo: true, ipForward: false },
      { name: 'sw1', kind: 'switch' },
    ],
    ports: [
      { node: 'h1', port: 'eth0', up: true },
      { node: 'sw1', port: 'p1', up: false },
    ],
    addresses: [
      { node: 'h1', port: 'eth0', address: '10.0.0.1/24' },
      { node: 'h1', port: 'eth0', address: '10.0.0.9/24' },
    ],
    routes: [
      { node: 'h1', device: 'eth0', destination: '0.0.0.0/0', gateway: '10.0.0.254', proto: 'boot', metric: 0 },
      { node: 'h1', device: 'eth0', destination: '10.0.0.0/24', source: '10.0.0.1', proto: 'kernel', metric: 0 },
    ],
  },
};

function sampleEvents(n: number): SimEvent[] {
  const frame = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x88, 0xb5]);
  const out: SimEvent[] = [{ seq: 1, t: 0, kind: 'command', node: 'h1', text: 'ping -c 1 10.0.0.2', why: 'the scenario runs it' }];
  for (let i = 2; i <= n; i++) {
    const kind = (['tx', 'rx', 'flood', 'drop', 'neigh'] as const)[i % 5]!;
    const e: SimEvent = {
      seq: i,
      t: i * 1000,
      kind,
      node: i % 2 ? 'sw1' : 'h1',
      port: i % 2 ? 'p1' : 'eth0',
      cause: i - 1,
      why: `event ${i}`,
    };
    if (kind === 'tx' || kind === 'rx' || kind === 'flood') {
      e.frame = 1 + (i % 3);
      e.bytes = frame.map((b, j) => (j === 13 ? i % 3 : b));
    }
    if (kind === 'flood') e.out = ['p2', 'p3'];
    if (kind === 'drop') e.reason = 'queue-full';
    if (kind === 'neigh') Object.assign(e, { ip: '10.0.0.2', mac: '02:00:00:00:00:02', state: 'REACHABLE' });
    out.push(e);
  }
  return out;
}

function contract(name: string, make: () => { writer: RecordingWriter; read: () => RecordingReader }): void {
  describe(`${name} recording store`, () => {
    const events = sampleEvents(20_000);
    const { writer, read } = make();
    writer.writeHeader(HEADER);
    for (const e of events) writer.append({ ...e });
    writer.finish({ complete: true, stopReason: 'idle', events: events.length, endTime: 20_000_000 });
    const reader = read();

    it('gives back the header and status it was given', () => {
      expect(reader.header()).toEqual(HEADER);
      expect(reader.status()).toEqual({ complete: true, stopReason: 'idle', events: 20_000, endTime: 20_000_000 });
    });

    it('gives back every event, field for field, in seq order (bytes by frame id)', () => {
      let i = 0;
      for (const e of reader.events()) {
        const { bytes, ...expected } = events[i++]!;
        expect(e).toEqual(expected);
        if (bytes) expect(reader.frame(e.frame!)).toEqual(bytes);
      }
      expect(i).toBe(events.length);
    });

    it('stores each frame once, however many events reference it', () => {
      expect([1, 2, 3].map((id) => reader.frame(id)?.[13])).toEqual([0, 1, 2]);
      expect(reader.frame(4)).toBeUndefined();
    });

    it('filters by seq range, kind and node', () => {
      const got = [...reader.events({ from: 100, to: 200, kinds: ['flood', 'drop'], nodes: ['sw1'] })];
      expect(got.map((e) => e.seq)).toEqual(
        events
          .filter((e) => e.seq >= 100 && e.seq <= 200 && (e.kind === 'flood' || e.kind === 'drop') && e.node === 'sw1')
          .map((e) => e.seq),
      );
      expect(reader.event(12345)?.why).toBe('event 12345');
    });
  });
}

contract('in-memory', () => {
  const m = new MemoryRecording();
  return { writer: m, read: () => m };
});

contract('SQLite', () => {
  const path = join(tempDir(), 'c.db');
  const writer = new SqliteRecordingWriter(path);
  return { writer, read: () => new SqliteRecordingReader(path) };
});
