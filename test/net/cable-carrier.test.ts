import { describe, expect, it } from 'vitest';
import { runYaml } from '../helpers/run-topology.js';
import { twoHostsYaml } from '../helpers/topologies.js';

/**
 * A cable remembers whether its far end is up (cable.ts farEndUp) until a
 * port goes up or down somewhere: each change must reach every frame sent
 * after it, whichever device made it.
 */
describe('a veth end goes down and up: the frames after each change see it', () => {
  const { events } = runYaml(
    twoHostsYaml(
      'carrier',
      '[h1:eth0, h2:eth0]',
      `  - { at: 0ms, on: h1, run: send eth0 --dst ff:ff:ff:ff:ff:ff --payload one }
  - { at: 1ms, on: h2, run: ip link set eth0 down }
  - { at: 2ms, on: h1, run: send eth0 --dst ff:ff:ff:ff:ff:ff --payload two }
  - { at: 3ms, on: h2, run: ip link set eth0 up }
  - { at: 4ms, on: h1, run: send eth0 --dst ff:ff:ff:ff:ff:ff --payload three }
`,
    ),
  );
  const fates = events
    .filter((e) => e.node === 'h1' && (e.kind === 'tx' || e.kind === 'drop'))
    .map((e) => `${e.t / 1e6}ms ${e.kind}${e.reason ? ` ${e.reason}` : ''}`);

  it('sends before, finds no carrier while h2:eth0 is down, and sends again once it is up', () => {
    expect(fates).toEqual(['0ms tx', '2ms drop link-down', '4ms tx']);
    expect(events.filter((e) => e.kind === 'rx' && e.node === 'h2').map((e) => e.t < 1e6 || e.t > 4e6)).toEqual([true, true]);
  });
});
