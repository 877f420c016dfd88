import { describe, expect, it } from 'vitest';
import { LINUX_NEIGHBOUR_DEFAULTS, NeighbourTable, type NeighbourAction } from '../../src/tables/neighbour-table.js';

const IP = 0x0a000002;
const MAC_A = 0x020000000001;
const MAC_B = 0x020000000002;

function table(): { t: NeighbourTable<never>; learn: (dev: string, mac: number) => void } {
  const t = new NeighbourTable<never>(LINUX_NEIGHBOUR_DEFAULTS, () => 30e9);
  const learn = (dev: string, mac: number): void => {
    const actions: NeighbourAction<never>[] = [];
    t.requestForUs(dev, IP, mac, 0, actions);
  };
  return { t, learn };
}

describe('the neighbour table, keyed by device and address', () => {
  it('keeps one address on two devices apart', () => {
    const { t, learn } = table();
    learn('eth0', MAC_A);
    learn('eth1', MAC_B);
    expect([t.get('eth0', IP)?.mac, t.get('eth1', IP)?.mac, t.get('eth0', IP)?.mac]).toEqual([MAC_A, MAC_B, MAC_A]);
  });

  it('moves entries with a renamed device, and a new device of the old name starts empty', () => {
    const { t, learn } = table();
    learn('eth0', MAC_A);
    t.renameDevice('eth0', 'eth1');
    // Asked at once under the old name: the name no longer keys the renamed device's entries.
    expect(t.get('eth0', IP)).toBeUndefined();
    expect(t.get('eth1', IP)?.mac).toBe(MAC_A);
    learn('eth0', MAC_B);
    expect([t.get('eth0', IP)?.mac, t.get('eth1', IP)?.mac]).toEqual([MAC_B, MAC_A]);
    expect(t.entries().map((e) => [e.dev, e.mac])).toEqual([
      ['eth1', MAC_A],
      ['eth0', MAC_B],
    ]);
  });
});
