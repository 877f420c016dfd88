import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARP_TARGET_HOLE, arpTargetOf, fillWhy, templateOf } from '../../src/store/why-template.js';
import { ArpOp } from '../../src/wire/arp.js';
import { buildArpFrame } from '../../src/wire/frames.js';
import { formatIpv4 } from '../../src/wire/ipv4-address.js';
import { BROADCAST_MAC, ZERO_MAC } from '../../src/wire/mac.js';
import { addVlanTag } from '../../src/wire/vlan.js';

// The recorder makes template sentences itself: a sentence that names its
// ARP frame's target is stored with a hole there, and reads back, filled from
// the frame, character for character.

const request = (target: number): Uint8Array =>
  buildArpFrame(BROADCAST_MAC, {
    op: ArpOp.Request,
    senderMac: 0x020000000001,
    senderIp: 0x0a000001,
    targetMac: ZERO_MAC,
    targetIp: target,
  });

describe('templateOf and fillWhy', () => {
  it('make a hole of the target address and fill it back to the same sentence, for any sentence and target', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (target, before, after) => {
        const frame = request(target);
        const why = `${before}${formatIpv4(target)}${after}`;
        const template = templateOf(why, frame);
        if (why.includes(ARP_TARGET_HOLE)) return expect(template).toBeUndefined();
        expect(template).toContain(ARP_TARGET_HOLE);
        expect(fillWhy(template!, frame)).toBe(why);
      }),
    );
  });

  it('sentences for different targets in the same words share one template', () => {
    const t1 = templateOf('h3 reads the broadcast ARP request for 10.0.0.7; that is not its address', request(0x0a000007));
    const t2 = templateOf('h3 reads the broadcast ARP request for 10.0.0.9; that is not its address', request(0x0a000009));
    expect(t1).toBe(`h3 reads the broadcast ARP request for ${ARP_TARGET_HOLE}; that is not its address`);
    expect(t2).toBe(t1);
  });

  it('leave alone a sentence that does not name the target, a frame that is not ARP, and an event with no frame', () => {
    expect(templateOf('h1 sends 42 bytes out of eth0', request(0x0a000002))).toBeUndefined();
    const ipv4 = new Uint8Array(60);
    ipv4[12] = 0x08;
    expect(templateOf('h1 pings 10.0.0.2', ipv4)).toBeUndefined();
    expect(templateOf('h1 pings 10.0.0.2', undefined)).toBeUndefined();
  });

  it('find the target of a VLAN-tagged request too', () => {
    expect(arpTargetOf(addVlanTag(request(0x0a000005), 10))).toBe(0x0a000005);
    expect(arpTargetOf(new Uint8Array(20))).toBeUndefined();
  });
});
