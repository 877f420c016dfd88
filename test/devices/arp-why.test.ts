import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArpRequestNotOurs } from '../../src/devices/arp-why.js';
import { fillWhy, withArpTarget } from '../../src/events/why-template.js';
import { buildArpFrame } from '../../src/wire/frames.js';
import { ArpOp } from '../../src/wire/arp.js';
import { BROADCAST_MAC, ZERO_MAC } from '../../src/wire/mac.js';

describe('a host reading a broadcast ARP request not for it', () => {
  it('says the sentence its template reads as, with the hole filled from the request (as a reader fills it)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
        fc.boolean(),
        fc.array(fc.nat({ max: 0xffffffff }), { minLength: 1, maxLength: 4 }),
        (node, knows, targets) => {
          const say = new ArpRequestNotOurs(node);
          for (const target of targets) {
            const sentence = say.sentence(knows, target);
            expect(sentence).toBe(withArpTarget(say.template(knows), target));
            const request = buildArpFrame(BROADCAST_MAC, {
              op: ArpOp.Request,
              senderMac: 0x020000000001,
              senderIp: 0x0a000001,
              targetMac: ZERO_MAC,
              targetIp: target,
            });
            expect(fillWhy(say.template(knows), request)).toBe(sentence);
          }
        },
      ),
    );
  });

  it('keeps one key per description: a new interface resets them, so no recorder reuses an id for another port', () => {
    const say = new ArpRequestNotOurs('h1');
    const key = say.key('eth0', false);
    key.owner = {};
    key.id = 7;
    expect(say.key('eth0', false)).toBe(key);
    expect(say.key('eth0', true)).not.toBe(key);
    expect(say.key('eth1', false).owner).toBeUndefined();
  });
});
