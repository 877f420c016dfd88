import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArpRequestNotOurs } from '../../src/devices/arp-why.js';
import { formatIpv4 } from '../../src/wire/ipv4-address.js';
import { hintSource } from '../helpers/hint-source.js';

describe('a host reading a broadcast ARP request not for it', () => {
  it('says which address was asked for, in the same words around it for every address', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
        fc.boolean(),
        fc.array(fc.nat({ max: 0xffffffff }), { minLength: 2, maxLength: 4 }),
        (node, knows, targets) => {
          const say = new ArpRequestNotOurs(node);
          const words = targets.map((target) => say.sentence(knows, target).replace(formatIpv4(target), '…'));
          expect(new Set(words).size).toBe(1);
          expect(words[0]).toBe(
            `${node} reads the broadcast ARP request for …; that is not its address, so it does not answer${knows ? '' : ' and learns nothing'}`,
          );
        },
      ),
    );
  });

  it('keeps one hint per way of reading, and new ones on another interface, so no recorder reuses an id for another port', () => {
    const say = new ArpRequestNotOurs('h1');
    const hints = hintSource();
    const hint = say.hint('eth0', false, hints);
    expect(say.hint('eth0', false, hints)).toBe(hint);
    expect(say.hint('eth0', true, hints)).not.toBe(hint);
    expect(say.hint('eth1', false, hints)).not.toBe(hint);
  });
});
