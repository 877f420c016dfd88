import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PcapngWriter } from '../../src/export/pcapng-writer.js';
import { hex, MemorySink, readPcapng } from './pcapng-test-reader.js';

type Direction = 'inbound' | 'outbound';

interface Packet {
  interface: number;
  timestamp: number | bigint;
  data: Uint8Array;
  direction: Direction | undefined;
  comment: string | undefined;
}

const packetArb = (interfaces: number): fc.Arbitrary<Packet> =>
  fc.record({
    interface: fc.nat({ max: interfaces - 1 }),
    timestamp: fc.oneof(fc.nat({ max: 2 ** 40 }), fc.maxSafeNat(), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
    data: fc.uint8Array({ maxLength: 200 }),
    direction: fc.constantFrom<Direction | undefined>('inbound', 'outbound', undefined),
    comment: fc.option(fc.string({ unit: 'grapheme', maxLength: 40 }), { nil: undefined }),
  });

const scenarioArb = fc
  .record({
    names: fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 4 }),
    bufferSize: fc.integer({ min: 1, max: 600 }),
  })
  .chain(({ names, bufferSize }) =>
    fc.record({
      names: fc.constant(names),
      bufferSize: fc.constant(bufferSize),
      packets: fc.array(packetArb(names.length), { maxLength: 30 }),
    }),
  );

const DIRECTION_BITS: Record<Direction, number> = { inbound: 0b01, outbound: 0b10 };

describe('PcapngWriter', () => {
  it('reads back every packet: interface, timestamp, bytes, direction flags and comment', () => {
    fc.assert(
      fc.property(scenarioArb, ({ names, bufferSize, packets }) => {
        const sink = new MemorySink();
        const writer = new PcapngWriter(sink, { userApplication: 'hoplab', bufferSize });
        const ids = names.map((name, i) => writer.addInterface(name, `capture point ${i}`));
        expect(ids).toEqual(names.map((_, i) => i));
        for (const p of packets) writer.writePacket(p.interface, p.timestamp, p.data, p.direction, p.comment);
        writer.close();
        expect(writer.packetCount).toBe(packets.length);

        const file = readPcapng(sink.bytes());
        expect(file.interfaces.map((i) => i.name)).toEqual(names);
        expect(file.interfaces.map((i) => i.description)).toEqual(names.map((_, i) => `capture point ${i}`));
        expect(file.interfaces.every((i) => i.linkType === 1 && i.tsresol === 9)).toBe(true);
        expect(file.packets).toHaveLength(packets.length);
        packets.forEach((p, i) => {
          const got = file.packets[i]!;
          expect(got.interfaceId).toBe(p.interface);
          expect(got.timestamp).toBe(BigInt(p.timestamp));
          expect(hex(got.data)).toBe(hex(p.data));
          expect(got.originalLength).toBe(p.data.length);
          expect(got.flags).toBe(p.direction === undefined ? undefined : DIRECTION_BITS[p.direction]);
          expect(got.comments).toEqual(p.comment === undefined ? [] : [p.comment]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('places an interface added mid-stream before its first packet, and keeps block order', () => {
    const sink = new MemorySink();
    const writer = new PcapngWriter(sink);
    const a = writer.addInterface('h1:eth0', 'h1');
    writer.writePacket(a, 1, new Uint8Array([1]));
    const b = writer.addInterface('sw1:p1', 'sw1');
    writer.writePacket(b, 2, new Uint8Array([2]));
    writer.writePacket(a, 3, new Uint8Array([3]));
    writer.close();
    const file = readPcapng(sink.bytes());
    expect(file.blockTypes).toEqual([0x0a0d0d0a, 1, 6, 1, 6, 6]);
    expect(file.packets.map((p) => [p.interfaceId, Number(p.timestamp)])).toEqual([
      [0, 1],
      [1, 2],
      [0, 3],
    ]);
  });

  it('refuses a packet on an interface that was never described', () => {
    const writer = new PcapngWriter(new MemorySink());
    expect(() => writer.writePacket(0, 0, new Uint8Array(1))).toThrow(/interface 0 has not been added/);
    writer.addInterface('a', 'a');
    expect(() => writer.writePacket(1, 0, new Uint8Array(1))).toThrow(RangeError);
  });

  it('hands the sink large pieces, not one write per packet', () => {
    const sink = new MemorySink();
    const writer = new PcapngWriter(sink, { bufferSize: 64 * 1024 });
    const id = writer.addInterface('a', 'a');
    const frame = new Uint8Array(60);
    for (let i = 0; i < 10_000; i++) writer.writePacket(id, i, frame, 'outbound', `#${i}`);
    writer.close();
    // 10,000 EPBs of about 112 bytes is about 1.1 MB: some 17 buffers of 64 KiB.
    expect(sink.writes).toBeLessThan(25);
    expect(readPcapng(sink.bytes()).packets).toHaveLength(10_000);
  });

  it('cannot be written to after close', () => {
    const writer = new PcapngWriter(new MemorySink());
    writer.addInterface('a', 'a');
    writer.close();
    expect(() => writer.writePacket(0, 0, new Uint8Array(1))).toThrow(/closed/);
  });
});
