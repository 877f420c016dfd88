import { describe, expect, it } from 'vitest';
import { LearningBridge } from '../../src/devices/learning-bridge.js';
import { ingressVlan, isMember, tagOf, vlanModeOf } from '../../src/devices/vlan-port.js';
import { BROADCAST_MAC } from '../../src/wire/mac.js';
import { Harness, frame, mac, switchSpec, tagged } from './bridge-harness.js';

const A = mac(1);
const B = mac(2);
const VLANS = { p1: { access: 10 }, p2: { access: 20 }, p3: { access: 10 }, p4: { trunk: [10, 20] } };

function vlanSwitch(): Harness {
  return new Harness(new LearningBridge('sw1', 'switch', switchSpec('sw1', ['p1', 'p2', 'p3', 'p4', 'p5'], { vlans: VLANS })));
}

describe('802.1Q port rules', () => {
  it('classifies frames by port: PVID for untagged, the tag on trunks, and refuses the rest', () => {
    const access = vlanModeOf(VLANS, 'p1');
    const trunk = vlanModeOf(VLANS, 'p4');
    expect(vlanModeOf(VLANS, 'p5')).toEqual({ kind: 'access', vid: 1 });
    expect(vlanModeOf(undefined, 'p1')).toEqual({ kind: 'unaware' });
    expect([ingressVlan(access, -1), ingressVlan(access, 0), ingressVlan(access, 10), ingressVlan(access, 20)]).toEqual([10, 10, 10, -1]);
    expect([ingressVlan(trunk, -1), ingressVlan(trunk, 0), ingressVlan(trunk, 20), ingressVlan(trunk, 30)]).toEqual([-1, -1, 20, -1]);
    expect([isMember(trunk, 10), isMember(trunk, 30), isMember(access, 10), isMember(access, 20)]).toEqual([true, false, true, false]);
    expect([tagOf(frame(A, B)), tagOf(tagged(A, B, 4094))]).toEqual([-1, 4094]);
  });
});

describe('a VLAN-aware switch', () => {
  it('floods within the VLAN only, tagging on the trunk and leaving access ports untagged', () => {
    const h = vlanSwitch();
    const untaggedBytes = frame(A, BROADCAST_MAC);
    const { sent, events } = h.arrive('p1', untaggedBytes);
    expect(events.at(-1)).toMatchObject({
      kind: 'flood',
      out: ['p3', 'p4'],
      why: 'the frame is a broadcast, so sw1 sends it out of every VLAN 10 port but p1: p3, p4',
    });
    const [p3, p4] = sent;
    expect(p3!.frame.bytes).toEqual(untaggedBytes);
    expect(p4!.frame.bytes).toEqual(tagged(A, BROADCAST_MAC, 10));
    expect(p4!.frame.bytes.length).toBe(untaggedBytes.length + 4);
    expect([...p4!.frame.bytes.subarray(12, 16)]).toEqual([0x81, 0x00, 0x00, 0x0a]);
  });

  it('strips the tag for access ports and keeps the received frame for other trunks', () => {
    const h = vlanSwitch();
    const { sent } = h.arrive('p4', tagged(B, BROADCAST_MAC, 20));
    expect(sent.map((s) => s.port)).toEqual(['p2']);
    expect(sent[0]!.frame.bytes).toEqual(frame(B, BROADCAST_MAC));
  });

  it('learns per VLAN: the same MAC in two VLANs is two entries, not a move', () => {
    const h = vlanSwitch();
    h.arrive('p1', frame(A, BROADCAST_MAC));
    h.arrive('p4', tagged(A, BROADCAST_MAC, 20));
    expect(h.kinds().filter((k) => k === 'learn' || k === 'move')).toEqual(['learn', 'learn']);
    expect(h.events.filter((e) => e.kind === 'learn').map((e) => e.why)).toEqual([
      'sw1 learns 02:00:00:00:00:01 behind p1 in VLAN 10',
      'sw1 learns 02:00:00:00:00:01 behind p4 in VLAN 20',
    ]);
    // B in VLAN 10 sends to A: the VLAN 10 entry (p1) decides, not VLAN 20's.
    const { sent, events } = h.arrive('p3', frame(B, A));
    expect(events.at(-1)!.why).toMatch(/^sw1 learned 02:00:00:00:00:01 on p1 in VLAN 10 at #\d+, so it sends the frame out of p1 only$/);
    expect(sent.map((s) => s.port)).toEqual(['p1']);
  });

  it('drops an untagged frame on a trunk, and a tag the port does not carry, as vlan-mismatch', () => {
    const h = vlanSwitch();
    const cases = [
      h.arrive('p4', frame(A, BROADCAST_MAC)),
      h.arrive('p4', tagged(A, BROADCAST_MAC, 30)),
      h.arrive('p1', tagged(A, BROADCAST_MAC, 20)),
    ];
    expect(cases.map((c) => c.sent.length)).toEqual([0, 0, 0]);
    expect(cases.map((c) => c.events.map((e) => `${e.kind} ${e.reason}`))).toEqual([
      ['drop vlan-mismatch'],
      ['drop vlan-mismatch'],
      ['drop vlan-mismatch'],
    ]);
    expect(cases.map((c) => c.events[0]!.why)).toEqual([
      'sw1 drops the frame: p4 is a trunk for VLANs 10, 20, and the frame carries no VLAN tag',
      'sw1 drops the frame: p4 is a trunk for VLANs 10, 20, and the frame is tagged for VLAN 30',
      'sw1 drops the frame: p1 is an access port of VLAN 10, and the frame is tagged for VLAN 20',
    ]);
    expect(h.events.some((e) => e.kind === 'learn')).toBe(false);
  });

  it('accepts a priority-tagged frame (VID 0) on an access port as untagged', () => {
    const h = vlanSwitch();
    const { sent } = h.arrive('p1', tagged(A, BROADCAST_MAC, 0));
    expect(sent.map((s) => s.port)).toEqual(['p3', 'p4']);
    expect(sent[0]!.frame.bytes).toEqual(frame(A, BROADCAST_MAC));
    expect(sent[1]!.frame.bytes).toEqual(tagged(A, BROADCAST_MAC, 10));
  });

  it('without `vlans` passes tagged frames through untouched, as a Linux bridge with vlan_filtering 0', () => {
    const h = new Harness(new LearningBridge('sw1', 'switch', switchSpec('sw1', ['p1', 'p2'])));
    const bytes = tagged(A, BROADCAST_MAC, 30);
    const { sent } = h.arrive('p1', bytes);
    expect(sent[0]!.frame.bytes).toBe(bytes);
  });
});
