import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BRIDGE_GROUP_MAC,
  type Bpdu,
  type ConfigBpdu,
  bpduFrameLength,
  compareBridgeIds,
  emitBpduFrame,
  formatBridgeId,
  isBpduFrame,
  parseBpdu,
  writeBpduFrame,
} from '../../src/wire/bpdu.js';
import { decodeFrame } from '../../src/wire/decode.js';
import { readDstMac, readSrcMac } from '../../src/wire/ethernet.js';
import { parseMac } from '../../src/wire/mac.js';
import { ORACLE_RESULTS } from '../helpers/fixtures.js';
import { readPcapFrames } from '../helpers/pcap-frames.js';
import { S1_ARP_REQUEST, S6_STP_BPDU } from './fixtures/captured-frames.js';
import { expectWireError, fromHex, prefilled, toHex } from './fixtures/helpers.js';

const A1 = readPcapFrames(`${ORACLE_RESULTS}/S6-stp-loop/stp.a1.pcap`);
const A2 = readPcapFrames(`${ORACLE_RESULTS}/S6-stp-loop/stp.a2.pcap`);

describe('parseBpdu', () => {
  it('reads the oracle’s first BPDU on a1: br0 claims to be root', () => {
    const b = parseBpdu(S6_STP_BPDU) as ConfigBpdu;
    expect(b).toEqual({
      type: 'config',
      flags: 0,
      rootId: { priority: 0x8000, mac: parseMac('02:00:00:00:0a:01') },
      rootPathCost: 0,
      bridgeId: { priority: 0x8000, mac: parseMac('02:00:00:00:0a:01') },
      portId: 0x8001,
      messageAge: 0,
      maxAge: 20 * 256,
      helloTime: 2 * 256,
      forwardDelay: 15 * 256,
    });
    expect(formatBridgeId(b.rootId)).toBe('8000.020000000a01');
    expect(readDstMac(S6_STP_BPDU)).toBe(BRIDGE_GROUP_MAC);
  });

  it('reads every frame the oracle captured, and emits each back byte for byte', () => {
    expect(A1.length + A2.length).toBe(38);
    for (const { bytes } of [...A1, ...A2]) {
      expect(bytes.length).toBe(52);
      const b = parseBpdu(bytes);
      const out = prefilled(bpduFrameLength(b));
      writeBpduFrame(out, readSrcMac(bytes), b);
      expect(toHex(out)).toBe(toHex(bytes));
    }
  });

  it('sees the topology change flag the root raised at 30 s', () => {
    const flags = A1.filter((f) => readSrcMac(f.bytes) === parseMac('02:00:00:00:0a:01')).map(
      (f) => (parseBpdu(f.bytes) as ConfigBpdu).flags,
    );
    expect(flags.slice(-3)).toEqual([1, 1, 1]);
    expect(flags.slice(0, -3).every((f) => f === 0)).toBe(true);
  });

  it('reads a TCN BPDU: 4 bytes after the LLC header, 21 in all', () => {
    const tcn = emitBpduFrame(parseMac('02:00:00:00:0b:01'), { type: 'tcn' });
    expect(toHex(tcn)).toBe('0180c2000000020000000b010007424203' + '00000080');
    expect(parseBpdu(tcn)).toEqual({ type: 'tcn' });
  });

  it('refuses what is not a BPDU, and truncated ones', () => {
    expect(isBpduFrame(S6_STP_BPDU)).toBe(true);
    expect(isBpduFrame(S1_ARP_REQUEST)).toBe(false);
    expectWireError(() => parseBpdu(S1_ARP_REQUEST), 'stp');
    expectWireError(() => parseBpdu(S6_STP_BPDU.subarray(0, 40)), 'stp');
    expectWireError(() => parseBpdu(S6_STP_BPDU.subarray(0, 16)), 'stp');
    const badType = S6_STP_BPDU.slice();
    badType[20] = 0x07;
    expectWireError(() => parseBpdu(badType), 'stp');
    const badLlc = S6_STP_BPDU.slice();
    badLlc[16] = 0x13;
    expectWireError(() => parseBpdu(badLlc), 'stp');
    const longLength = S6_STP_BPDU.slice();
    longLength[13] = 60;
    expectWireError(() => parseBpdu(longLength), 'stp');
  });
});

describe('bridge ids', () => {
  it('order by priority, then by MAC (802.1D 9.2.5)', () => {
    const a = { priority: 0x8000, mac: parseMac('02:00:00:00:0a:01') };
    const b = { priority: 0x8000, mac: parseMac('02:00:00:00:0b:01') };
    expect(compareBridgeIds(a, b)).toBeLessThan(0);
    expect(compareBridgeIds({ ...b, priority: 0x1000 }, a)).toBeLessThan(0);
    expect(compareBridgeIds(a, { ...a })).toBe(0);
  });
});

describe('round trip', () => {
  const id = fc.record({ priority: fc.integer({ min: 0, max: 0xffff }), mac: fc.integer({ min: 0, max: 2 ** 48 - 1 }) });
  const u16 = fc.integer({ min: 0, max: 0xffff });
  const config = fc.record({
    type: fc.constantFrom('config' as const, 'rst' as const),
    flags: fc.integer({ min: 0, max: 255 }),
    rootId: id,
    rootPathCost: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    bridgeId: id,
    portId: u16,
    messageAge: u16,
    maxAge: u16,
    helloTime: u16,
    forwardDelay: u16,
  });
  it('parse(emit(x)) equals x', () => {
    fc.assert(
      fc.property(fc.oneof(config, fc.constant({ type: 'tcn' as const })), fc.integer({ min: 0, max: 2 ** 48 - 1 }), (b: Bpdu, src) => {
        const frame = emitBpduFrame(src, b);
        expect(parseBpdu(frame)).toEqual(b);
        expect(readSrcMac(frame)).toBe(src);
      }),
    );
  });

  it('an RST BPDU is 36 bytes with version 2, type 2 and version 1 length 0', () => {
    const b = { ...(parseBpdu(S6_STP_BPDU) as ConfigBpdu), type: 'rst' as const };
    const frame = emitBpduFrame(0x020000000a01, b);
    expect(frame.length).toBe(53);
    expect(toHex(frame.subarray(17, 21))).toBe(toHex(fromHex('00000202')));
    expect(frame[52]).toBe(0);
  });
});

describe('decodeFrame (the stepper’s layers)', () => {
  it('names every field of the oracle’s BPDU as Wireshark does', () => {
    const layers = decodeFrame(S6_STP_BPDU);
    expect(layers.map((l) => l.name)).toEqual(['IEEE 802.3 Ethernet', 'Logical-Link Control', 'Spanning Tree Protocol']);
    expect(Object.fromEntries(layers[2]!.fields)).toEqual({
      'Protocol Version Identifier': 'Spanning Tree (0)',
      'BPDU Type': 'Configuration (0x00)',
      'BPDU flags': '0x00',
      'Root Identifier': '32768 / 02:00:00:00:0a:01 (8000.020000000a01)',
      'Root Path Cost': '0',
      'Bridge Identifier': '32768 / 02:00:00:00:0a:01 (8000.020000000a01)',
      'Port identifier': '0x8001',
      'Message Age': '0',
      'Max Age': '20',
      'Hello Time': '2',
      'Forward Delay': '15',
    });
  });

  it('a truncated BPDU is a Malformed layer after the ones that parse', () => {
    expect(decodeFrame(S6_STP_BPDU.subarray(0, 30)).map((l) => l.name)).toEqual([
      'IEEE 802.3 Ethernet',
      'Logical-Link Control',
      'Malformed',
    ]);
  });
});
