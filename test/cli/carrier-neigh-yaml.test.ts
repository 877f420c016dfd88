import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';
import { fixtureText } from '../helpers/fixtures.js';

// Issue 18 item 3 in a topology file: when a cable's far end goes down, the
// near host loses carrier and the kernel evicts its neighbours at once
// (neigh_carrier_down; a veth's carrier event is urgent). The oracle's
// C1-carrier run (CAUSE=down: h2's end of the pair set down) logged, on h1:
const ORACLE_LINE = /^\[[^\]]+\] (Deleted 10\.0\.6\.2 dev eth0 lladdr [0-9a-f:]{17} REACHABLE) $/m;

const TOPOLOGY = `name: carrier-yaml
seed: 1
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.6.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.6.2/24 } } }
links: [[h1:eth0, h2:eth0]]
scenario:
  - { at: 0ms, on: h1, run: ping -c 1 10.0.6.2 }
  - { at: 2s, on: h2, run: ip link set eth0 down }
  - { at: 3s, on: h2, run: ip link set eth0 up }
  - { at: 4s, on: h1, run: ping -c 1 10.0.6.2 }
`;

interface JsonEvent {
  seq: number;
  t: number;
  kind: string;
  node: string;
  port?: string;
  cause?: number;
  why?: string;
  summary?: string;
}

const MAC = /[0-9a-f]{2}(:[0-9a-f]{2}){5}/g;

describe('a topology file: carrier loss evicts the neighbours (issue 18 item 3)', () => {
  const dir = tempDir();
  const path = join(dir, 'carrier.yaml');
  const db = join(dir, 'carrier.db');
  writeFileSync(path, TOPOLOGY);
  const run = hoplab(['run', path, '-o', db, '--json']);
  const events = run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as JsonEvent);
  const down = events.find((e) => e.kind === 'link' && e.node === 'h2' && e.t === 2e9)!;

  it("h1's entry goes as h2's end goes down, in the kernel's words", () => {
    expect(run.status, run.stderr).toBe(0);
    const eviction = events.find((e) => e.kind === 'config' && e.node === 'h1');
    expect(eviction, 'no eviction on h1').toBeDefined();
    expect(eviction!.t).toBe(2e9);
    expect(eviction!.cause).toBe(down.seq);
    const oracle = ORACLE_LINE.exec(fixtureText('oracle/C1-carrier/monitor-down.txt'))![1]!;
    expect(eviction!.why!.replace(MAC, 'MAC')).toBe(oracle.replace(MAC, 'MAC'));
  });

  it('state --at shows the cache empty from that event on', () => {
    const eviction = events.find((e) => e.kind === 'config' && e.node === 'h1')!;
    expect(hoplab(['state', db, '--at', String(eviction.seq - 1), '--node', 'h1']).stdout).toMatch(
      /10\.0\.6\.2 dev eth0 lladdr .* REACHABLE/,
    );
    expect(hoplab(['state', db, '--at', String(eviction.seq), '--node', 'h1']).stdout).toMatch(/ip neigh:\n\s+\(empty\)/);
  });

  // What the stack then announces, and what `ip route` lists, from the same run (monitor-down.txt, notes-down.txt).
  const monitor = fixtureText('oracle/C1-carrier/monitor-down.txt');
  const notes = fixtureText('oracle/C1-carrier/notes-down.txt').split('\n');
  /** The flags of the oracle's RTM_NEWLINK lines for h1's eth0, in order. */
  const oracleFlags = [...monitor.matchAll(/ eth0@if2: <([A-Z_,-]+)>/g)].map((m) => m[1]);
  /** The oracle's `ip route show` answers on h1: before, at once, 1.5 s later, after h2's end is up again. */
  const oracleRoutes = notes.flatMap((l, i) => (l === '$ ip -n c1h1 route show' ? [notes[i + 1]!.trimEnd()] : []));

  it("announces h1's carrier lost and back with the kernel's flags (RTM_NEWLINK)", () => {
    const links = events.filter((e) => e.kind === 'config' && e.node === 'h1' && /^eth0: </.test(e.why ?? ''));
    expect(oracleFlags).toEqual(['NO-CARRIER,BROADCAST,MULTICAST,UP', 'BROADCAST,MULTICAST,UP,LOWER_UP']);
    expect(links.map((e) => /<([A-Z_,-]+)>/.exec(e.why!)![1])).toEqual(oracleFlags);
    expect(links.map((e) => e.t)).toEqual([2e9, 3e9]);
  });

  it('state --at lists the route `linkdown` while h1 has no carrier, as `ip route` does', () => {
    expect(oracleRoutes).toHaveLength(4);
    const [before, atOnce, later, after] = oracleRoutes;
    expect(atOnce).toBe(`${before} linkdown`);
    expect(later).toBe(atOnce);
    expect(after).toBe(before);
    const lost = events.find((e) => e.kind === 'config' && e.node === 'h1' && e.why?.includes('NO-CARRIER'))!;
    const back = events.find((e) => e.kind === 'config' && e.node === 'h1' && e.why?.includes('LOWER_UP'))!;
    const route = (seq: number): string => {
      const lines = hoplab(['state', db, '--at', String(seq), '--node', 'h1']).stdout.split('\n');
      return lines[lines.indexOf('  ip route:') + 1]!.trim();
    };
    expect(route(lost.seq - 1)).toBe(before);
    expect(route(lost.seq)).toBe(atOnce);
    expect(hoplab(['state', db, '--at', String(lost.seq), '--node', 'h1']).stdout).toMatch(/eth0 +UP +NO-CARRIER /);
    expect(route(back.seq)).toBe(after);
  });

  it('the next ping resolves the address again, with a broadcast ARP request', () => {
    const second = events.filter((e) => e.kind === 'tx' && e.node === 'h1' && e.t >= 4e9)[0]!;
    expect(second.summary).toMatch(/^ARP, Request who-has 10\.0\.6\.2 tell 10\.0\.6\.1/);
  });
});
