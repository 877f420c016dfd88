import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hoplab } from '../helpers/cli.js';

// Issue 21: a script building thousands of veth pairs loads in linear time
// (per-namespace name and ifindex maps, lowest-free nsid allocation, bridges
// synced without walking every device). Not timed: it checks that a script of
// 2,000 pairs, with deletions, moves, re-used ids and a bridge, prints and
// records exactly what it did before that change. The expected digests come
// from running this very script, saved as veths.sh and run from its folder
// (`hoplab run veths.sh -o veths.db`: the path is in the recording), with
// hoplab at commit d24eeb7 (main before the change). The recording's
// fingerprint was taken again when a host's carrier changes became `config`
// events (each pair's first end comes up without carrier, then gains it: 60,116
// events); what the script prints did not change.
const PAIRS = 2000;
const EXPECTED_STDOUT_SHA256 = '4f962a938122261af0c4f9607d0e88be0f77d9c25051c23c97d3c9ec1e071f14';
const EXPECTED_FINGERPRINT = 'a9c86e683f70654b';

/** The pairs as scripts/veth-pairs.mjs makes them, then the operations that reuse freed numbers. */
function manyVethsScript(n: number): string {
  const addr = (i: number, host: number): string => `10.${Math.floor(i / 64) % 256}.${Math.floor(i / 16384)}.${(i % 64) * 4 + host}`;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`ip netns add ns${i}`);
    out.push(`ip link add veth${i} type veth peer name vp${i}`);
    out.push(`ip link set vp${i} netns ns${i}`);
    out.push(`ip addr add ${addr(i, 1)}/30 dev veth${i}`);
    out.push(`ip link set veth${i} up`);
    out.push(`ip netns exec ns${i} ip addr add ${addr(i, 2)}/30 dev vp${i}`);
    out.push(`ip netns exec ns${i} ip link set vp${i} up`);
  }
  out.push(
    'ip link add br0 type bridge',
    'ip link set veth30 master br0',
    'ip link set veth31 master br0',
    'ip link set br0 up',
    'ip netns delete ns5',
    'ip netns delete ns3',
    'ip netns add extra',
    'ip link add va type veth peer name vb netns extra',
    'ip link set veth10 netns ns11',
    'ip link del veth20',
    'ip link add veth20 type veth peer name vp20b',
    'ip link show veth7',
    'ip netns exec ns1 ping -c 1 10.0.0.5',
    'ip link',
    'ip netns list',
    'ip netns exec ns11 ip link',
    'ip netns exec extra ip link',
    'bridge link',
  );
  return `${out.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'hoplab-many-veths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`a script of ${PAIRS} veth pairs`, () => {
  it('prints and records what it did before the linear-time change', () => {
    const script = join(dir, 'veths.sh');
    writeFileSync(script, manyVethsScript(PAIRS));
    const run = hoplab(['run', 'veths.sh', '-o', 'veths.db', '--no-progress'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(createHash('sha256').update(run.stdout).digest('hex')).toBe(EXPECTED_STDOUT_SHA256);
    const verify = hoplab(['verify', 'veths.db'], { cwd: dir });
    expect(verify.stdout).toContain(`fingerprint ${EXPECTED_FINGERPRINT}`);
  });
});
