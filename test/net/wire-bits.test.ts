import { describe, expect, it } from 'vitest';
import { CSMA_CD, bitTimesNs } from '../../src/net/backoff.js';
import { macFrameOctets, wireBits } from '../../src/net/wire-bits.js';
import { hubHarness, hubYaml, scriptedRng } from './hub-harness.js';

// The 802.3 arithmetic (clauses 3.2 and 4.4.2), worked by hand: preamble 7 + SFD 1
// octets, the frame padded to 60 octets, a 4-octet FCS, at 10 Mb/s = 100 ns a bit.
const TEN_MBPS = 10e6;

describe('a frame on the wire (802.3 clause 3.2, 4.2.3.3, 4.4.2)', () => {
  it('a 42-byte ARP is padded to 60 and gets its FCS: (8 + 60 + 4) x 8 = 576 bits, 57.6 us, then the 9.6 us gap', () => {
    expect(macFrameOctets(42)).toBe(64);
    expect(wireBits(42)).toBe((8 + 60 + 4) * 8);
    expect(bitTimesNs(wireBits(42), TEN_MBPS)).toBe(57_600);
    expect(bitTimesNs(CSMA_CD.interFrameGapBits, TEN_MBPS)).toBe(9_600);
  });

  it('a frame with a 1500-byte payload is 1514 bytes and takes (8 + 1514 + 4) x 8 bits, 1220.8 us', () => {
    expect(wireBits(1514)).toBe((8 + 1514 + 4) * 8);
    expect(bitTimesNs(wireBits(1514), TEN_MBPS)).toBe(1_220_800);
  });

  it('a 60-byte frame is not padded further: only its FCS is added; one byte more is one byte longer', () => {
    expect(wireBits(60)).toBe((8 + 60 + 4) * 8);
    expect(wireBits(61)).toBe((8 + 61 + 4) * 8);
    expect(wireBits(0)).toBe(wireBits(60));
  });
});

describe('the hub segment keeps the wire that long', () => {
  it('a 42-byte ARP: tx at 0 (first preamble bit), rx 57.6 us later plus both 1 us cables; the next 9.6 us after', () => {
    const h = hubHarness(hubYaml(2), scriptedRng());
    h.send(0, 'h1', 'eth0', 42);
    h.send(0, 'h1', 'eth0', 42);
    h.run();
    expect(h.of('tx', 'h1').map((e) => e.t)).toEqual([0, 57_600 + 9_600]);
    expect(h.of('rx', 'h2').map((e) => e.t)).toEqual([57_600 + 2_000, 57_600 + 9_600 + 57_600 + 2_000]);
    // The recorded frame stays the 42 bytes a host captures: padding and FCS are wire time only.
    expect(h.of('rx', 'h2').map((e) => e.bytes!.length)).toEqual([42, 42]);
    expect(h.of('tx', 'h1')[0]!.why).toBe(
      "h1 sends 42 bytes out of eth0 onto hub1's shared segment, which is quiet; 57.6 us on the wire with preamble, padding and FCS",
    );
  });
});

describe('the slot-time rule (802.3 4.2.3.2.3) and runts (4.2.4.2.2)', () => {
  it('on a legal segment each sender hears the collision within 512 bit times, and what it left is a runt', () => {
    const h = hubHarness(hubYaml(2), scriptedRng([0, 1]));
    h.send(0, 'h1', 'eth0', 1514);
    h.send(1_999, 'h2', 'eth0', 1514); // h1's first bit reaches h2 at 2 us: not yet heard
    h.run();
    // h2 hears h1 at 2 us (0.01 us in), h1 hears h2 at 3.999 us (40 bits in): each then jams 32 bits.
    expect(h.of('collision')[0]!.why).toBe(
      "h1 and h2 sent at once on hub1's segment, each hearing it within the 512-bit slot time; each jammed, leaving a runt on the wire (h1 72 bits, h2 32 bits, preamble included: under the 64-byte minimum, so receivers discard it); both frames are lost and each backs off",
    );
  });

  it('on a segment too long for 802.3 (60 us one way) a collision is heard past the slot time: late, and no runt', () => {
    const yaml = hubYaml(2).replaceAll('delay: 1us', 'delay: 30us');
    const h = hubHarness(yaml, scriptedRng([0, 1]));
    h.send(0, 'h1', 'eth0', 1514);
    h.send(59_000, 'h2', 'eth0', 1514); // h1's first bit reaches h2 at 60 us
    h.run();
    // h2 hears h1 at 60 us, 10 bit times in; h1 hears h2 at 119 us, 1190 bit times in, and stops at 122.2 us.
    expect(h.of('collision')[0]!.why).toBe(
      "h1 and h2 sent at once on hub1's segment; a late collision, heard past the 512-bit slot time (h1 1190 bit times in), as only a segment longer than 802.3 allows makes; each jammed, leaving fragments on the wire that receivers discard (h1 1222 bits, no runt but a bad FCS; h2 42 bits, a runt); both frames are lost and each backs off",
    );
  });
});
