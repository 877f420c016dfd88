import { describe, expect, it } from 'vitest';
import { normalise, oracleNotes, outputs, runScript } from './harness.js';
import { fixtureText } from '../helpers/fixtures.js';

// The oracle's own setups (run-oracle.sh) written as scripts: what hoplab
// prints for each of its noted commands must be what the kernel printed,
// MACs and times aside. `sleep 10` is the oracle's linger.

function notes(scenario: string): Map<string, string[]> {
  const byCommand = new Map<string, string[]>();
  for (const b of oracleNotes(fixtureText(`oracle/${scenario}/notes.txt`))) {
    const key = b.command.replace(/^ip netns exec (\S+) ip /, 'ip -n $1 ').replace(/^ip netns exec (\S+) /, 'ip -n $1 ');
    byCommand.set(key, [...(byCommand.get(key) ?? []), normalise(b.output.join('\n'))]);
  }
  return byCommand;
}

/** What each command printed, keyed as `ip -n NS ...` (stderr and stdout alike, as notes.txt holds them). */
function printed(script: string[]): { byCommand: Map<string, string[]>; failures: Array<{ line: number; status: number }> } {
  const { events, runner } = runScript(script.join('\n'), 'oracle.sh');
  const byCommand = new Map<string, string[]>();
  for (const o of outputs(events)) {
    const key =
      o.node === 'root'
        ? o.command
        : o.command.startsWith('ip ')
          ? `ip -n ${o.node} ${o.command.slice(3)}`
          : `ip -n ${o.node} ${o.command}`;
    byCommand.set(key, [...(byCommand.get(key) ?? []), normalise(o.lines.map((l) => l.replace(/^2> /, '')).join('\n'))]);
  }
  return { byCommand, failures: runner.failures };
}

const S1_SETUP = [
  'ip netns add nsA',
  'ip netns add nsB',
  'ip netns exec nsB ip link list',
  'ip netns exec nsB ip addr show',
  'ip netns exec nsB ping -c1 -W1 127.0.0.1',
  'ip netns exec nsB ip route get 127.0.0.1',
  'ip -n nsA link add veth0 type veth peer name veth1 netns nsB',
  'ip netns exec nsA ip link list',
  'ip netns exec nsB ip link list',
  'ip -n nsA addr add 10.1.1.1/24 dev veth0',
  'ip -n nsB addr add 10.1.1.2/24 dev veth1',
  'ip -n nsA link set lo up',
  'ip -n nsA link set veth0 up',
  'ip -n nsB link set lo up',
  'ip -n nsB link set veth1 up',
  'ip netns exec nsB ping -c1 -W1 127.0.0.1',
  'ip netns exec nsA ip addr show',
  'ip netns exec nsB ip addr show',
  'ip netns exec nsA ping -c 2 10.1.1.2',
  'ip -n nsA neigh show',
  'ip -n nsB neigh show',
  'sleep 10',
  'ip -n nsA neigh show',
  'ip -n nsB neigh show',
];

describe("the oracle's S1 (a veth pair between two namespaces), as a script", () => {
  const oracle = notes('S1-veth-pair');
  const { byCommand, failures } = printed(S1_SETUP);

  for (const command of oracle.keys()) {
    it(`prints what Linux printed for: ${command}`, () => {
      // Commands the oracle ran twice (nsB's link list fresh and with veth1, neighbours now and after 10 s) ran twice here, in the same order.
      expect(byCommand.get(command)).toEqual(oracle.get(command));
    });
  }

  it('fails the lines Linux failed: ping and ip route get before lo is up', () => {
    expect(failures).toEqual([
      { line: 5, status: 2 },
      { line: 6, status: 2 },
    ]);
  });
});

describe("the oracle's S4 and S5 routing tables and refusals, as a script", () => {
  const s4 = notes('S4-router');
  const s5 = notes('S5-unreachable');
  const { byCommand, failures } = printed([
    'ip netns add h1',
    'ip netns add r',
    'ip netns add nr',
    'ip netns add nrpeer',
    'ip -n h1 link add eth0 type veth peer name eth1 netns r',
    'ip -n h1 addr add 10.0.1.2/24 dev eth0',
    'ip -n r addr add 10.0.1.1/24 dev eth1',
    'ip -n h1 link set eth0 up',
    'ip -n r link set eth1 up',
    'ip -n h1 link set lo up',
    'ip -n h1 route add default via 10.0.1.1',
    'ip -n h1 route show',
    'ip netns exec r sysctl -w net.ipv4.ip_forward=1',
    'ip netns exec r sysctl net.ipv4.ip_forward',
    'ip netns exec h1 ping -c 3 10.0.1.77',
    'ip -n nr link add eth0 type veth peer name eth0 netns nrpeer',
    'ip -n nr addr add 10.0.9.2/24 dev eth0',
    'ip -n nr link set eth0 up',
    'ip -n nrpeer link set eth0 up',
    'ip -n nr route show',
    'ip -n nr route get 8.8.8.8',
    'ip netns exec nr ping -c1 -W1 8.8.8.8',
  ]);

  it('lists a default route and a connected one as iproute2 does (S4)', () => {
    expect(byCommand.get('ip -n h1 route show')).toEqual(s4.get('ip -n h1 route show'));
    expect(byCommand.get('ip -n r sysctl net.ipv4.ip_forward')).toEqual(s4.get('ip -n r sysctl net.ipv4.ip_forward'));
  });

  it('reports an unowned on-link address as ping does, and fails the line (S5)', () => {
    expect(byCommand.get('ip -n h1 ping -c 3 10.0.1.77')).toEqual(s5.get('ip -n h1 ping -c 3 10.0.1.77'));
    expect(failures.map((f) => f.line)).toContain(15);
  });

  it("refuses a destination without a route with the kernel's words (S5)", () => {
    for (const command of ['ip -n nr route show', 'ip -n nr route get 8.8.8.8', 'ip -n nr ping -c1 -W1 8.8.8.8']) {
      expect(byCommand.get(command), command).toEqual(s5.get(command));
    }
    expect(failures).toEqual([
      { line: 15, status: 1 },
      { line: 21, status: 2 },
      { line: 22, status: 2 },
    ]);
  });
});
