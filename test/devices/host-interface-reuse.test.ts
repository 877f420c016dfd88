import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';

/**
 * A host remembers the interface it last looked up by name (host.ts
 * interfaceAt). An interface that leaves and a new one of the same name must
 * not be mistaken for each other: the new veth0 answers on its own link.
 */
describe('an interface name reused in a namespace', () => {
  it('after veth0 moves out and a new veth0 comes in, frames on the new one reach the stack', () => {
    const script = join(tempDir(), 'reuse.sh');
    writeFileSync(
      script,
      [
        'ip netns add a',
        'ip netns add b',
        'ip netns add c',
        'ip link add veth0 netns a type veth peer name veth1 netns b',
        'ip -n a addr add 10.0.0.1/24 dev veth0',
        'ip -n b addr add 10.0.0.2/24 dev veth1',
        'ip -n a link set veth0 up',
        'ip -n b link set veth1 up',
        'ip netns exec a ping -c 1 10.0.0.2',
        'ip -n a link set veth0 netns c',
        'ip link add veth0 netns a type veth peer name veth2 netns c',
        'ip -n a addr add 10.0.1.1/24 dev veth0',
        'ip -n c addr add 10.0.1.3/24 dev veth2',
        'ip -n a link set veth0 up',
        'ip -n c link set veth2 up',
        'ip netns exec c ping -c 1 10.0.1.1',
        '',
      ].join('\n'),
    );
    const r = hoplab(['run', script, '-o', join(tempDir(), 'reuse.db')]);
    expect(r.status).toBe(0);
    expect(r.stdout.match(/^1 packets transmitted, 1 received, 0% packet loss/gm)).toHaveLength(2);
  });
});
