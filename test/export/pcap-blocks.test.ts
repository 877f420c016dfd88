import { describe, expect, it } from 'vitest';
import { encodePcapRecordInto, pcapFileHeader, pcapRecord, pcapRecordMaxLength } from '../../src/export/pcap-blocks.js';
import { fromHex, hex } from './pcapng-test-reader.js';

// Expected bytes from draft-ietf-opsawg-pcap Figures 1 and 3, little-endian.

describe('pcapFileHeader', () => {
  it('is the nanosecond magic, version 2.4, zero reserved words, snaplen 262144, Ethernet', () => {
    const expected = fromHex(`
      4d3cb2a1 0200 0400
      00000000 00000000
      00000400 01000000`);
    expect(hex(pcapFileHeader())).toBe(hex(expected));
  });

  it('refuses a zero snaplen, which the format forbids', () => {
    expect(() => pcapFileHeader({ snapLength: 0 })).toThrow(RangeError);
  });
});

describe('pcapRecord', () => {
  it('splits nanoseconds into seconds and a nanosecond fraction, without padding', () => {
    const expected = fromHex(`
      01000000 0165cd1d
      05000000 05000000
      0102030405`);
    expect(hex(pcapRecord(1_500_000_001, fromHex('0102030405')))).toBe(hex(expected));
  });

  it('takes bigint timestamps beyond 2^53 exactly', () => {
    const record = pcapRecord(1_700_000_000_123_456_789n, new Uint8Array(0));
    expect(hex(record.subarray(0, 8))).toBe('00f15365' + '15cd5b07');
  });

  it('cuts data at the snap length and keeps the original length', () => {
    const expected = fromHex(`
      00000000 00000000
      04000000 06000000
      01020304`);
    expect(hex(pcapRecord(0, fromHex('010203040506'), 6, 4))).toBe(hex(expected));
  });

  it('rejects timestamps past 32-bit seconds and original lengths below the data', () => {
    expect(() => pcapRecord(2n ** 32n * 1_000_000_000n, new Uint8Array(0))).toThrow(RangeError);
    expect(() => pcapRecord(0, new Uint8Array(4), 3)).toThrow(RangeError);
  });

  it('encodes into a dirty buffer without touching bytes around the record', () => {
    const buf = new Uint8Array(4 + pcapRecordMaxLength(3) + 4).fill(0xa5);
    const end = encodePcapRecordInto(buf, 4, 2_000_000_003, fromHex('aabbcc'));
    expect(end).toBe(4 + 16 + 3);
    expect(hex(buf)).toBe('a5a5a5a5' + '02000000' + '03000000' + '03000000' + '03000000' + 'aabbcc' + 'a5a5a5a5');
  });
});
