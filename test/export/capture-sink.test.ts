import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { capturePoints, selectCapturePoints } from '../../src/export/capture-points.js';
import { CaptureSink, type CaptureSinkOptions } from '../../src/export/capture-sink.js';
import type { CaptureWriter } from '../../src/export/capture-writer.js';
import type { InterfaceStatisticsOptions, PacketDirection } from '../../src/export/pcapng-blocks.js';
import type { RecordingHeader } from '../../src/store/recording.js';

/** A writer that remembers its calls, so the tests read what the sink decided. */
class FakeWriter implements CaptureWriter {
  interfaces: Array<{ name: string; description: string }> = [];
  packets: Array<{ iface: string; t: number | bigint; bytes: Uint8Array; direction?: PacketDirection; comment?: string }> = [];
  closed = false;
  aborted = false;
  get interfaceCount(): number {
    return this.interfaces.length;
  }
  get packetCount(): number {
    return this.packets.length;
  }
  addInterface(name: string, description: string): number {
    this.interfaces.push({ name, description });
    return this.interfaces.length - 1;
  }
  writePacket(id: number, t: number | bigint, bytes: Uint8Array, direction?: PacketDirection, comment?: string): void {
    this.packets.push({ iface: this.interfaces[id]!.name, t, bytes, direction, comment });
  }
  statistics: InterfaceStatisticsOptions[] = [];
  writeInterfaceStatistics(stats: InterfaceStatisticsOptions): void {
    this.statistics.push(stats);
  }
  flush(): void {}
  close(): void {
    this.closed = true;
  }
  abort(): void {
    this.aborted = true;
  }
}

/** h1 and h3 on sw1 (p1, p3); p9 is a port with no cable. */
const HEADER: Pick<RecordingHeader, 'nodes' | 'ports'> = {
  nodes: [
    { name: 'h1', kind: 'host' },
    { name: 'h3', kind: 'host' },
    { name: 'sw1', kind: 'switch' },
  ],
  ports: [
    { node: 'h1', port: 'eth0', mac: '02:00:00:00:00:01', peerNode: 'sw1', peerPort: 'p1' },
    { node: 'h3', port: 'eth0', mac: '02:00:00:00:00:03', peerNode: 'sw1', peerPort: 'p3' },
    { node: 'sw1', port: 'p1', peerNode: 'h1', peerPort: 'eth0' },
    { node: 'sw1', port: 'p3', peerNode: 'h3', peerPort: 'eth0' },
    { node: 'sw1', port: 'p9' },
  ],
};

const FRAME = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06);

function ev(
  seq: number,
  t: number,
  kind: SimEvent['kind'],
  node: string,
  port: string | undefined,
  rest: Partial<SimEvent> = {},
): SimEvent {
  return { seq, t, kind, node, ...(port !== undefined && { port }), why: `why of #${seq}`, ...rest };
}

/** h1 sends a broadcast that sw1 floods to p3, where h3 ignores it. */
function floodStory(): SimEvent[] {
  return [
    ev(1, 0, 'command', 'h1', undefined, { text: 'send eth0 --dst 02:00:00:00:00:02', why: 'the scenario runs `send` on h1' }),
    ev(2, 0, 'tx', 'h1', 'eth0', { cause: 1, frame: 1, bytes: FRAME }),
    ev(3, 100, 'rx', 'sw1', 'p1', { cause: 2, frame: 1, bytes: FRAME }),
    ev(4, 100, 'learn', 'sw1', 'p1', { cause: 3, mac: '02:00:00:00:00:01', why: 'sw1 learns 02:00:00:00:00:01 behind p1' }),
    ev(5, 100, 'flood', 'sw1', 'p1', { cause: 3, out: ['p3', 'p9'], why: 'sw1 does not know 02:00:00:00:00:02' }),
    ev(6, 100, 'tx', 'sw1', 'p3', { cause: 5, frame: 1, bytes: FRAME }),
    ev(7, 100, 'drop', 'sw1', 'p9', {
      cause: 5,
      frame: 1,
      bytes: FRAME,
      reason: 'link-down',
      why: 'sw1:p9 has no cable, so the frame goes nowhere',
    }),
    ev(8, 200, 'rx', 'h3', 'eth0', { cause: 6, frame: 1, bytes: FRAME }),
    ev(9, 200, 'drop', 'h3', 'eth0', {
      cause: 8,
      frame: 1,
      bytes: FRAME,
      reason: 'not-for-me',
      why: 'h3 ignores the frame: it is for 02:00:00:00:00:02',
    }),
    ev(10, 200, 'app', 'h1', undefined, { cause: 1, text: 'sent' }),
  ];
}

function capture(
  events: SimEvent[],
  at?: string[],
  options: CaptureSinkOptions = {},
  header = HEADER,
): { w: FakeWriter; sink: CaptureSink } {
  const w = new FakeWriter();
  const sink = new CaptureSink(w, selectCapturePoints(capturePoints(header), at).points, options);
  for (const e of events) sink.next(e);
  sink.complete();
  return { w, sink };
}

describe('capture points', () => {
  it('are every port of every node, described by kind and cable', () => {
    expect(capturePoints(HEADER).map((p) => [p.name, p.description])).toEqual([
      ['h1:eth0', 'host h1 interface eth0 (02:00:00:00:00:01), cable to sw1:p1'],
      ['h3:eth0', 'host h3 interface eth0 (02:00:00:00:00:03), cable to sw1:p3'],
      ['sw1:p1', 'switch sw1 port p1, cable to h1:eth0'],
      ['sw1:p3', 'switch sw1 port p3, cable to h3:eth0'],
      ['sw1:p9', 'switch sw1 port p9, no cable'],
    ]);
  });

  it('--at keeps the named ones, in the order given, and returns the unknown ones', () => {
    const all = capturePoints(HEADER);
    expect(selectCapturePoints(all, ['sw1:p3', 'h1:eth0', 'sw1:p3']).points.map((p) => p.name)).toEqual(['sw1:p3', 'h1:eth0']);
    expect(selectCapturePoints(all, ['sw1:p3', 'sw2:p1', 'h1']).unknown).toEqual(['sw2:p1', 'h1']);
  });
});

describe('the capture sink', () => {
  it('writes every tx outbound and every rx inbound at its port, at its virtual time: only frames that crossed a cable', () => {
    const { w, sink } = capture(floodStory());
    expect(w.interfaces.map((i) => i.name)).toEqual(['h1:eth0', 'h3:eth0', 'sw1:p1', 'sw1:p3', 'sw1:p9']);
    expect(w.packets.map((p) => [p.iface, p.t, p.direction])).toEqual([
      ['h1:eth0', 0, 'outbound'],
      ['sw1:p1', 100, 'inbound'],
      ['sw1:p3', 100, 'outbound'],
      ['h3:eth0', 200, 'inbound'],
    ]);
    expect(w.packets.every((p) => p.bytes === FRAME)).toBe(true);
    expect(w.closed).toBe(true);
    expect(sink.stats).toEqual({ packets: 4, tx: 2, rx: 2, lost: 1, lostWritten: 0, interfaces: 5, unshown: 0 });
  });

  it("counts a frame lost at a port in that interface's statistics (isb_ifdrop), one block per interface at the end", () => {
    const { w } = capture(floodStory());
    expect(w.statistics.map((s) => [w.interfaces[s.interfaceId]!.name, s.dropped, s.startTime, s.endTime])).toEqual([
      ['h1:eth0', 0, 0, 200],
      ['h3:eth0', 0, 0, 200],
      ['sw1:p1', 0, 0, 200],
      ['sw1:p3', 0, 0, 200],
      ['sw1:p9', 1, 0, 200],
    ]);
  });

  it("with withDrops, writes a lost frame as its own packet on a 'node:port lost' interface, added when first needed", () => {
    const { w, sink } = capture(floodStory(), undefined, { withDrops: true });
    expect(w.interfaces.map((i) => i.name)).toEqual(['h1:eth0', 'h3:eth0', 'sw1:p1', 'sw1:p3', 'sw1:p9', 'sw1:p9 lost']);
    expect(w.interfaces.at(-1)!.description).toBe(
      'frames lost at switch sw1 port p9, no cable without crossing it (full queue, no carrier, a collision)',
    );
    expect(w.packets.map((p) => [p.iface, p.t, p.direction])).toEqual([
      ['h1:eth0', 0, 'outbound'],
      ['sw1:p1', 100, 'inbound'],
      ['sw1:p3', 100, 'outbound'],
      ['sw1:p9 lost', 100, 'outbound'],
      ['h3:eth0', 200, 'inbound'],
    ]);
    expect(sink.stats).toEqual({ packets: 5, tx: 2, rx: 2, lost: 1, lostWritten: 1, interfaces: 5, unshown: 0 });
  });

  it('comments a tx with the decision that sent it, and an rx with its sender and what became of it', () => {
    const comments = capture(floodStory(), undefined, { withDrops: true }).w.packets.map((p) => p.comment);
    expect(comments).toEqual([
      '#2 tx at h1:eth0 to sw1:p1 | #1 command on h1: the scenario runs `send` on h1',
      '#3 rx at sw1:p1 from h1:eth0 (sent #2) | #4 learn: sw1 learns 02:00:00:00:00:01 behind p1 | #5 flood -> p3,p9: sw1 does not know 02:00:00:00:00:02',
      '#6 tx at sw1:p3 to h3:eth0 | #5 flood at sw1:p1 -> p3,p9 (cause #3): sw1 does not know 02:00:00:00:00:02',
      '#7 drop (link-down) at sw1:p9, not sent (cause #5): sw1:p9 has no cable, so the frame goes nowhere',
      '#8 rx at h3:eth0 from sw1:p3 (sent #6) | #9 drop (not-for-me): h3 ignores the frame: it is for 02:00:00:00:00:02',
    ]);
  });

  it('folds what became of the frame one step further (deliver, then drop), but not bookkeeping it caused', () => {
    const { w, sink } = capture([
      ev(1, 0, 'rx', 'h3', 'eth0', { cause: 0, frame: 1, bytes: FRAME }),
      ev(2, 0, 'deliver', 'h3', 'eth0', { cause: 1, frame: 1, bytes: FRAME, why: 'h3 accepts the packet' }),
      ev(3, 0, 'neigh', 'h3', 'eth0', { cause: 2, why: 'h3 notes 10.0.0.1' }),
      ev(4, 0, 'drop', 'h3', 'eth0', {
        cause: 2,
        frame: 1,
        bytes: FRAME,
        reason: 'not-for-me',
        why: 'nothing in h3 listens on UDP port 33434',
      }),
    ]);
    expect(w.packets.map((p) => p.comment)).toEqual([
      '#1 rx at h3:eth0 from sw1:p3 (sent #0) | #2 deliver: h3 accepts the packet | #4 drop (not-for-me): nothing in h3 listens on UDP port 33434',
    ]);
    expect(sink.stats).toMatchObject({ packets: 1, lost: 0, unshown: 0 });
  });

  it('shows a frame lost on arrival (sent by the far end) as inbound, "not received"', () => {
    const { w } = capture(
      [
        ev(1, 0, 'tx', 'sw1', 'p3', { cause: 0, frame: 1, bytes: FRAME }),
        ev(2, 50, 'drop', 'h3', 'eth0', { cause: 1, frame: 1, bytes: FRAME, reason: 'link-down', why: 'h3:eth0 is down' }),
      ],
      undefined,
      { withDrops: true },
    );
    expect(w.packets.map((p) => [p.iface, p.direction, p.comment])).toEqual([
      ['sw1:p3', 'outbound', '#1 tx at sw1:p3 to h3:eth0 (cause #0)'],
      ['h3:eth0 lost', 'inbound', '#2 drop (link-down) at h3:eth0, not received (cause #1): h3:eth0 is down'],
    ]);
  });

  it('folds only outcomes of the same instant: a later drop of an old rx is counted as unshown, not a packet', () => {
    const { w, sink } = capture([
      ev(1, 0, 'rx', 'h3', 'eth0', { cause: 0, frame: 1, bytes: FRAME }),
      ev(2, 10, 'drop', 'h3', 'eth0', { cause: 1, frame: 1, bytes: FRAME, reason: 'not-for-me' }),
    ]);
    expect(w.packets.map((p) => p.comment)).toEqual(['#1 rx at h3:eth0 from sw1:p3 (sent #0)']);
    expect(sink.stats.unshown).toBe(1);
  });

  it('--at writes only the chosen points; their interfaces are the only ones', () => {
    const { w } = capture(floodStory(), ['sw1:p3', 'h3:eth0']);
    expect(w.interfaces.map((i) => i.name)).toEqual(['sw1:p3', 'h3:eth0']);
    expect(w.packets.map((p) => `${p.iface} ${p.direction}`)).toEqual(['sw1:p3 outbound', 'h3:eth0 inbound']);
  });

  it('--kind tx keeps outbound packets (losses on the way out too), --kind rx inbound ones', () => {
    expect(capture(floodStory(), undefined, { kind: 'tx', withDrops: true }).w.packets.map((p) => p.iface)).toEqual([
      'h1:eth0',
      'sw1:p3',
      'sw1:p9 lost',
    ]);
    const rx = capture(floodStory(), undefined, { kind: 'rx' });
    expect(rx.w.packets.map((p) => p.iface)).toEqual(['sw1:p1', 'h3:eth0']);
    expect(rx.w.packets.every((p) => p.direction === 'inbound')).toBe(true);
  });

  it('without comments (classic pcap) writes only frames that crossed, even if asked for drops: a loss would pass for a sent frame', () => {
    const { w, sink } = capture(floodStory(), undefined, { comments: false, withDrops: true });
    expect(w.packets.map((p) => p.iface)).toEqual(['h1:eth0', 'sw1:p1', 'sw1:p3', 'h3:eth0']);
    expect(w.packets.every((p) => p.comment === undefined)).toBe(true);
    expect(sink.stats).toMatchObject({ lost: 1, lostWritten: 0, unshown: 0 });
  });

  it('names a cause by seq once it is out of the window, but a command for as long as it runs', () => {
    const events: SimEvent[] = [ev(1, 0, 'command', 'h1', undefined, { text: 'ping', why: 'the scenario runs `ping` on h1' })];
    events.push(ev(2, 1, 'neigh', 'h1', 'eth0', { cause: 1, why: 'h1 asks who has 10.0.0.2' }));
    for (let i = 3; i < 100_003; i++) events.push(ev(i, i, 'learn', 'sw1', 'p1', { cause: i - 1 }));
    events.push(ev(100_003, 200_000, 'tx', 'h1', 'eth0', { cause: 2, frame: 1, bytes: FRAME }));
    events.push(ev(100_004, 200_001, 'tx', 'h1', 'eth0', { cause: 1, frame: 1, bytes: FRAME }));
    expect(capture(events).w.packets.map((p) => p.comment)).toEqual([
      '#100003 tx at h1:eth0 to sw1:p1 (cause #2)',
      '#100004 tx at h1:eth0 to sw1:p1 | #1 command on h1: the scenario runs `ping` on h1',
    ]);
  });

  it('caps the outcomes folded into one comment and says where to read the rest', () => {
    const events = [ev(1, 0, 'rx', 'sw1', 'p1', { cause: 0, frame: 1, bytes: FRAME })];
    for (let i = 2; i < 20; i++) events.push(ev(i, 0, 'learn', 'sw1', 'p1', { cause: 1 }));
    const [packet] = capture(events).w.packets;
    expect(packet!.comment!.split(' | ')).toHaveLength(1 + 8 + 1);
    expect(packet!.comment).toMatch(/ \| #9 learn: why of #9 \| \(more: hoplab events --from 10\)$/);
  });

  it('refuses a stream without frame bytes rather than write an empty-looking capture', () => {
    const w = new FakeWriter();
    const sink = new CaptureSink(w, capturePoints(HEADER));
    expect(() => sink.next(ev(1, 0, 'tx', 'h1', 'eth0', { frame: 1 }))).toThrow(/#1 \(tx at h1:eth0\) carries no frame bytes/);
  });

  it('aborts the writer on error', () => {
    const w = new FakeWriter();
    new CaptureSink(w, capturePoints(HEADER)).error();
    expect(w.aborted).toBe(true);
    expect(w.closed).toBe(false);
  });
});

/** h1, h2 and h3 on hub1: one shared segment. */
const HUB_HEADER: Pick<RecordingHeader, 'nodes' | 'ports'> = {
  nodes: [
    { name: 'h1', kind: 'host' },
    { name: 'h2', kind: 'host' },
    { name: 'h3', kind: 'host' },
    { name: 'hub1', kind: 'hub' },
  ],
  ports: [
    { node: 'h1', port: 'eth0', peerNode: 'hub1', peerPort: 'p1' },
    { node: 'h2', port: 'eth0', peerNode: 'hub1', peerPort: 'p2' },
    { node: 'h3', port: 'eth0', peerNode: 'hub1', peerPort: 'p3' },
    { node: 'hub1', port: 'p1', peerNode: 'h1', peerPort: 'eth0' },
    { node: 'hub1', port: 'p2', peerNode: 'h2', peerPort: 'eth0' },
    { node: 'hub1', port: 'p3', peerNode: 'h3', peerPort: 'eth0' },
  ],
};

/** h1 and h2 send at once and collide at hub1; h1 retries and gets through to h3, h2 gives up (its 16th collision). */
function collisionStory(): SimEvent[] {
  const frame = { frame: 1, bytes: FRAME };
  return [
    ev(1, 0, 'command', 'h1', undefined, { text: 'send', why: 'the scenario runs `send` on h1' }),
    ev(2, 0, 'tx', 'h1', 'eth0', { cause: 1, ...frame }),
    ev(3, 0, 'command', 'h2', undefined, { text: 'send', why: 'the scenario runs `send` on h2' }),
    ev(4, 0, 'tx', 'h2', 'eth0', { cause: 3, ...frame }),
    ev(5, 1000, 'collision', 'hub1', undefined, { cause: 4, senders: ['h1:eth0', 'h2:eth0'], why: 'h1 and h2 sent at once' }),
    ev(6, 1000, 'drop', 'h2', 'eth0', { cause: 5, reason: 'collision', ...frame, why: 'h2 gives up on the frame after 16 collisions' }),
    ev(7, 52_000, 'tx', 'h1', 'eth0', { cause: 5, ...frame, why: 'h1 sends the frame again after backing off 1 slot time' }),
    ev(8, 53_000, 'flood', 'hub1', 'p1', { cause: 7, out: ['p3'], why: 'hub1 repeats the frame' }),
    ev(9, 53_000, 'tx', 'hub1', 'p3', { cause: 8, ...frame }),
    ev(10, 70_000, 'rx', 'h3', 'eth0', { cause: 9, ...frame }),
    ev(11, 70_000, 'deliver', 'h3', 'eth0', { cause: 10, why: 'h3 takes it' }),
    ev(12, 90_000, 'app', 'h1', undefined, { cause: 1, text: 'sent' }),
  ];
}

describe('the capture sink on a hub', () => {
  it("says in a collided frame's comment that it collided, with whom, and that it was retried or given up", () => {
    const { w } = capture(collisionStory(), undefined, {}, HUB_HEADER);
    const comments = new Map(w.packets.map((p) => [p.comment!.split(' ')[0], p.comment]));
    expect(comments.get('#2')).toBe(
      '#2 tx at h1:eth0 to hub1:p1 | #1 command on h1: the scenario runs `send` on h1' +
        ' | #5 collision on hub1 with h2:eth0: h1 and h2 sent at once | #7 tx: h1 sends the frame again after backing off 1 slot time',
    );
    expect(comments.get('#4')).toBe(
      '#4 tx at h2:eth0 to hub1:p2 | #3 command on h2: the scenario runs `send` on h2' +
        ' | #5 collision on hub1 with h1:eth0: h1 and h2 sent at once | #6 drop (collision): h2 gives up on the frame after 16 collisions',
    );
    // The retry that got through says nothing more; the file stays in time order.
    expect(comments.get('#7')).toBe('#7 tx at h1:eth0 to hub1:p1 | #5 collision on hub1 (cause #4): h1 and h2 sent at once');
    const times = w.packets.map((p) => Number(p.t));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('with withDrops, the frame given up is also a packet on its lost interface, saying so', () => {
    const { w } = capture(collisionStory(), undefined, { withDrops: true }, HUB_HEADER);
    const lost = w.packets.filter((p) => p.iface.endsWith(' lost'));
    expect(lost.map((p) => [p.iface, p.comment])).toEqual([
      ['h2:eth0 lost', '#6 drop (collision) at h2:eth0, not sent (cause #5): h2 gives up on the frame after 16 collisions'],
    ]);
  });

  it("holds a station's packet only until its fate is known: a copy that arrives settles it", () => {
    const w = new FakeWriter();
    const sink = new CaptureSink(w, capturePoints(HUB_HEADER));
    const story = collisionStory();
    for (const e of story.slice(0, 9)) sink.next(e);
    // h1's retry (#7) may still collide: nothing after #2 is written yet.
    expect(w.packets.map((p) => p.comment!.split(' ')[0])).toEqual([]);
    for (const e of story.slice(9)) sink.next(e);
    expect(w.packets.map((p) => p.comment!.split(' ')[0])).toEqual(['#2', '#4', '#7', '#9', '#10']);
  });
});
