import { describe, expect, it } from 'vitest';
import { PcapWriter } from '../../src/export/pcap-writer.js';
import { hex, MemorySink } from './pcapng-test-reader.js';

describe('PcapWriter', () => {
  it('writes the header then one unpadded record per packet, ignoring interface, direction and comment', () => {
    const sink = new MemorySink();
    const writer = new PcapWriter(sink, { bufferSize: 7 });
    const id = writer.addInterface('h1:eth0', 'h1');
    writer.writePacket(id, 1_000_000_002, new Uint8Array([0xaa, 0xbb, 0xcc]), 'outbound', 'ignored');
    writer.writePacket(id, 3n, new Uint8Array([0xdd]));
    writer.close();
    expect(hex(sink.bytes())).toBe(
      '4d3cb2a1' +
        '02000400' +
        '00000000' +
        '00000000' +
        '00000400' +
        '01000000' +
        '01000000' +
        '02000000' +
        '03000000' +
        '03000000' +
        'aabbcc' +
        '00000000' +
        '03000000' +
        '01000000' +
        '01000000' +
        'dd',
    );
    expect(writer.packetCount).toBe(2);
  });
});
