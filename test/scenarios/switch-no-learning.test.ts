import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureLines, macRoles, oracleLines } from '../helpers/oracle-trace.js';
import { runYaml } from '../helpers/run-topology.js';

// The oracle's S3 made its "hub" from a Linux bridge with ageing_time 0: it
// learns nothing and floods every frame. A hoplab switch with agingTime 0 is
// the same box, so every host must capture what the kernel's hosts did.
const LAB = readFileSync(new URL('../../recordings/switch-3-hosts.yaml', import.meta.url), 'utf8').replace(
  'sw1: { kind: switch }',
  'sw1: { kind: switch, agingTime: 0s }',
);

describe('a switch with ageing time 0 against the real kernel (oracle S3)', () => {
  const { events, run } = runYaml(LAB);
  const roles = macRoles(run.network.macs);

  it.each(['h1:eth0', 'h2:eth0', 'h3:eth0'])('%s captures the same frames as the kernel', (point) => {
    expect(captureLines(events, point, roles)).toEqual(oracleLines('S3-hub', point));
  });

  it('learns nothing and floods every frame; h3 ignores what is not its own', () => {
    expect(events.filter((e) => e.node === 'sw1' && (e.kind === 'learn' || e.kind === 'forward'))).toEqual([]);
    expect(events.filter((e) => e.node === 'sw1' && e.kind === 'flood')).toHaveLength(8);
    expect(events.filter((e) => e.node === 'h3' && e.kind === 'drop' && e.reason === 'not-for-me')).toHaveLength(7);
  });
});
