import { describe, expect, it } from 'vitest';
import { interfaceDescriptionBlock, LinkType, sectionHeaderBlock } from '../../src/export/pcapng-blocks.js';
import { encodeEnhancedPacketBlockInto, enhancedPacketBlock, enhancedPacketBlockMaxLength } from '../../src/export/pcapng-packet-block.js';
import { fromHex, hex, readPcapng } from './pcapng-test-reader.js';

// Expected bytes are assembled by hand from draft-ietf-opsawg-pcapng Figures 1, 7, 9, 10
// and 11, little-endian, one field per group.

describe('sectionHeaderBlock', () => {
  it('without options is the 28-byte minimum: magic, version 1.0, section length -1', () => {
    const expected = fromHex(`
      0a0d0d0a 1c000000
      4d3c2b1a 0100 0000 ffffffffffffffff
      1c000000`);
    expect(hex(sectionHeaderBlock({}))).toBe(hex(expected));
  });

  it('pads odd-length option values with zeroes and ends the list with opt_endofopt', () => {
    const block = sectionHeaderBlock({ comment: 'abc', hardware: 'x', os: 'Linux', userApplication: 'hoplab' });
    const expected = fromHex(`
      0a0d0d0a 48000000
      4d3c2b1a 0100 0000 ffffffffffffffff
      0100 0300 616263 00
      0200 0100 78 000000
      0300 0500 4c696e7578 000000
      0400 0600 686f706c6162 0000
      0000 0000
      48000000`);
    expect(hex(block)).toBe(hex(expected));
    expect(block.length % 4).toBe(0);
  });

  it('writes multi-byte UTF-8 and counts bytes, not characters, in the option length', () => {
    // "né" is 6e c3 a9: three bytes, one padding byte.
    const block = sectionHeaderBlock({ comment: 'né' });
    expect(hex(block.subarray(24, 36))).toBe('01000300' + '6ec3a900' + '00000000');
  });
});

describe('interfaceDescriptionBlock', () => {
  it('without options: link type, zero reserved field, snap length', () => {
    const expected = fromHex(`
      01000000 14000000
      0100 0000 ffff0000
      14000000`);
    expect(hex(interfaceDescriptionBlock({ linkType: LinkType.Ethernet, snapLength: 65535 }))).toBe(hex(expected));
  });

  it('carries if_name, if_description and if_tsresol = 9 (nanoseconds)', () => {
    const block = interfaceDescriptionBlock({
      linkType: LinkType.Ethernet,
      name: 'h1:eth0',
      description: 'host h1',
      tsresolNanoseconds: true,
    });
    const expected = fromHex(`
      01000000 38000000
      0100 0000 00000000
      0200 0700 68313a65746830 00
      0300 0700 686f7374206831 00
      0900 0100 09 000000
      0000 0000
      38000000`);
    expect(hex(block)).toBe(hex(expected));
  });

  it('leaves if_tsresol out unless asked, so readers assume microseconds', () => {
    const block = interfaceDescriptionBlock({ linkType: 1, name: 'a' });
    expect(hex(block)).toBe(hex(fromHex('01000000 20000000 0100 0000 00000000 0200 0100 61 000000 0000 0000 20000000')));
  });

  it('rejects a link type that does not fit 16 bits', () => {
    expect(() => interfaceDescriptionBlock({ linkType: 0x10000 })).toThrow(RangeError);
  });
});

describe('enhancedPacketBlock', () => {
  it('splits the timestamp into high and low words and pads data, flags and comment', () => {
    const block = enhancedPacketBlock({
      interfaceId: 1,
      timestampNs: 0x0000000100000002n,
      data: fromHex('0102030405'),
      direction: 'outbound',
      comment: 'hi',
    });
    const expected = fromHex(`
      06000000 3c000000
      01000000
      01000000 02000000
      05000000 05000000
      0102030405 000000
      0200 0400 02000000
      0100 0200 6869 0000
      0000 0000
      3c000000`);
    expect(hex(block)).toBe(hex(expected));
  });

  it('sets direction bits 01 for inbound; a 4-byte frame needs no padding', () => {
    const block = enhancedPacketBlock({ interfaceId: 0, timestampNs: 1_000_000_001, data: fromHex('deadbeef'), direction: 'inbound' });
    const expected = fromHex(`
      06000000 30000000
      00000000
      00000000 01ca9a3b
      04000000 04000000
      deadbeef
      0200 0400 01000000
      0000 0000
      30000000`);
    expect(hex(block)).toBe(hex(expected));
  });

  it('writes no option list at all when there are no options', () => {
    const block = enhancedPacketBlock({ interfaceId: 2, timestampNs: 0, data: fromHex('aa'), originalLength: 60 });
    const expected = fromHex(`
      06000000 24000000
      02000000
      00000000 00000000
      01000000 3c000000
      aa000000
      24000000`);
    expect(hex(block)).toBe(hex(expected));
  });

  it('handles timestamps past 2^32 as numbers and past 2^53 as bigints', () => {
    const fromNumber = enhancedPacketBlock({ interfaceId: 0, timestampNs: 2 ** 32 + 5, data: new Uint8Array(0) });
    expect(hex(fromNumber.subarray(12, 20))).toBe('01000000' + '05000000');
    const fromBigint = enhancedPacketBlock({ interfaceId: 0, timestampNs: 0x123456789abcdef0n, data: new Uint8Array(0) });
    expect(hex(fromBigint.subarray(12, 20))).toBe('78563412' + 'f0debc9a');
  });

  it('replaces lone surrogates so the comment is valid UTF-8', () => {
    const block = enhancedPacketBlock({ interfaceId: 0, timestampNs: 0, data: new Uint8Array(0), comment: 'a\ud800' });
    // opt_comment of 4 bytes: "a" then U+FFFD (ef bf bd).
    expect(hex(block.subarray(28, 36))).toBe('01000400' + '61efbfbd');
  });

  it('rejects what would make an invalid block', () => {
    const data = new Uint8Array(10);
    expect(() => enhancedPacketBlock({ interfaceId: 0, timestampNs: 0, data, originalLength: 9 })).toThrow(/less than/);
    expect(() => enhancedPacketBlock({ interfaceId: 0, timestampNs: -1, data })).toThrow(RangeError);
    expect(() => enhancedPacketBlock({ interfaceId: 0, timestampNs: 1.5, data })).toThrow(RangeError);
    expect(() => enhancedPacketBlock({ interfaceId: 0, timestampNs: 2 ** 64 * 1, data })).toThrow(RangeError);
    expect(() => enhancedPacketBlock({ interfaceId: 0, timestampNs: 1n << 64n, data })).toThrow(RangeError);
    expect(() => enhancedPacketBlock({ interfaceId: -1, timestampNs: 0, data })).toThrow(RangeError);
    expect(() => enhancedPacketBlock({ interfaceId: 0, timestampNs: 0, data, comment: 'x'.repeat(65536) })).toThrow(/opt_comment/);
  });

  it('encodes into a dirty buffer without touching bytes around the block, zeroing its padding', () => {
    const data = fromHex('0102030405');
    const comment = 'x';
    const fresh = enhancedPacketBlock({ interfaceId: 3, timestampNs: 42, data, direction: 'inbound', comment });
    const buf = new Uint8Array(8 + enhancedPacketBlockMaxLength(data.length, comment.length) + 8).fill(0xa5);
    const end = encodeEnhancedPacketBlockInto(buf, 8, 3, 42, data, data.length, 'inbound', comment);
    expect(end - 8).toBe(fresh.length);
    expect(hex(buf.subarray(8, end))).toBe(hex(fresh));
    expect(buf.subarray(0, 8).every((b) => b === 0xa5)).toBe(true);
    expect(buf.subarray(end).every((b) => b === 0xa5)).toBe(true);
  });

  it('forms a file that the test reader walks block by block', () => {
    const file = new Uint8Array(
      Buffer.concat([
        sectionHeaderBlock({ userApplication: 'hoplab' }),
        interfaceDescriptionBlock({ linkType: 1, name: 'h1:eth0', tsresolNanoseconds: true }),
        enhancedPacketBlock({ interfaceId: 0, timestampNs: 7n, data: fromHex('010203'), comment: 'c' }),
      ]),
    );
    const read = readPcapng(file);
    expect(read.blockTypes).toEqual([0x0a0d0d0a, 1, 6]);
    expect(read.interfaces[0]?.name).toBe('h1:eth0');
    expect(read.interfaces[0]?.tsresol).toBe(9);
    expect(read.packets[0]?.timestamp).toBe(7n);
    expect(hex(read.packets[0]!.data)).toBe('010203');
    expect(read.packets[0]?.comments).toEqual(['c']);
  });
});
