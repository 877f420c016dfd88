import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EtherType, parseEthernet } from '../../src/wire/ethernet.js';
import { addVlanTag, readVlanId, removeVlanTag } from '../../src/wire/vlan.js';
import { S1_ARP_REQUEST, S1_ECHO_REQUEST, S6_STP_BPDU } from './fixtures/captured-frames.js';
import { expectWireError, toHex } from './fixtures/helpers.js';
import { TAGGED_ARP_REQUEST_VID10 } from './fixtures/synthesized-frames.js';

describe('addVlanTag', () => {
  it('inserts the tag after the source MAC, giving the tshark-checked frame', () => {
    const tagged = addVlanTag(S1_ARP_REQUEST, 10);
    expect(toHex(tagged)).toBe(toHex(TAGGED_ARP_REQUEST_VID10));
    expect(toHex(S1_ARP_REQUEST.subarray(12, 14))).toBe('0806'); // the input is untouched
  });

  it('encodes the priority in the top three bits of the TCI', () => {
    expect(toHex(addVlanTag(S1_ARP_REQUEST, 100, 5).subarray(12, 18))).toBe('8100a0640806');
    expect(toHex(addVlanTag(S1_ARP_REQUEST, 4095, 7).subarray(14, 16))).toBe('efff');
  });

  it('stacks a second tag outside the first', () => {
    const twice = addVlanTag(TAGGED_ARP_REQUEST_VID10, 20);
    expect(toHex(twice.subarray(12, 20))).toBe('81000014' + '8100000a');
    expect(readVlanId(twice)).toBe(20);
    expect(readVlanId(removeVlanTag(twice))).toBe(10);
  });

  it('refuses out-of-range VIDs and priorities and frames without a header', () => {
    expectWireError(() => addVlanTag(S1_ARP_REQUEST, 4096), 'vlan');
    expectWireError(() => addVlanTag(S1_ARP_REQUEST, -1), 'vlan');
    expectWireError(() => addVlanTag(S1_ARP_REQUEST, 1, 8), 'vlan');
    expectWireError(() => addVlanTag(S1_ARP_REQUEST.subarray(0, 13), 1), 'vlan');
  });
});

describe('removeVlanTag / readVlanId', () => {
  it('strips the tag back to the captured frame', () => {
    expect(toHex(removeVlanTag(TAGGED_ARP_REQUEST_VID10))).toBe(toHex(S1_ARP_REQUEST));
    expect(TAGGED_ARP_REQUEST_VID10.length).toBe(46);
  });

  it('returns an untagged frame itself', () => {
    expect(removeVlanTag(S1_ECHO_REQUEST)).toBe(S1_ECHO_REQUEST);
  });

  it('reads the VID, or undefined when untagged (802.3 frames included)', () => {
    expect(readVlanId(TAGGED_ARP_REQUEST_VID10)).toBe(10);
    expect(readVlanId(S1_ARP_REQUEST)).toBeUndefined();
    expect(readVlanId(S6_STP_BPDU)).toBeUndefined();
  });

  it('throws WireError on a frame too short for its header or its tag', () => {
    expectWireError(() => readVlanId(new Uint8Array(13)), 'vlan');
    expectWireError(() => readVlanId(TAGGED_ARP_REQUEST_VID10.subarray(0, 17)), 'vlan');
    expectWireError(() => removeVlanTag(TAGGED_ARP_REQUEST_VID10.subarray(0, 16)), 'vlan');
  });

  it('round-trips any frame through add and remove', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 14, maxLength: 120 }),
        fc.integer({ min: 0, max: 4095 }),
        fc.integer({ min: 0, max: 7 }),
        (frame, vid, pcp) => {
          const tagged = addVlanTag(frame, vid, pcp);
          const h = parseEthernet(tagged);
          expect(tagged.length).toBe(frame.length + 4);
          expect(readVlanId(tagged)).toBe(vid);
          expect(h.vlan).toEqual({ pcp, dei: false, vid });
          expect(h.etherType).toBe((frame[12]! << 8) | frame[13]!);
          expect(toHex(removeVlanTag(tagged))).toBe(toHex(frame));
        },
      ),
    );
  });

  it('leaves the payload of a tagged frame at offset 18', () => {
    const tagged = addVlanTag(S1_ECHO_REQUEST, 7);
    const h = parseEthernet(tagged);
    expect(h.etherType).toBe(EtherType.IPv4);
    expect(toHex(tagged.subarray(h.payloadOffset))).toBe(toHex(S1_ECHO_REQUEST.subarray(14)));
  });
});
