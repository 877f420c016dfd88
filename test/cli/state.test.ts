import { chmodSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';

const dir = tempDir();
const veth = join(dir, 'veth.db');
const sw = join(dir, 'switch.db');
hoplab(['run', 'recordings/veth-pair.yaml', '-o', veth, '--quiet']);
hoplab(['run', 'recordings/switch-3-hosts.yaml', '-o', sw, '--quiet']);

/** The lines of one node's section of `hoplab state` text. */
function section(text: string, node: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${node} (`));
  const end = lines.findIndex((l, i) => i > start && l === '');
  return lines.slice(start, end < 0 ? undefined : end);
}

describe('hoplab state --at', () => {
  it('shows ARP caches as ip neigh does, following the NUD states event by event', () => {
    const neigh = (at: number, node: string): string[] =>
      section(hoplab(['state', veth, '--at', String(at)]).stdout, node).filter((l) => l.includes(' dev ') && !l.includes('proto'));
    expect(neigh(0, 'nsA')).toEqual([]);
    expect(neigh(3, 'nsA')).toEqual(['    10.1.1.2 dev veth0 INCOMPLETE']);
    const reachable = neigh(11, 'nsA');
    expect(reachable).toHaveLength(1);
    expect(reachable[0]).toMatch(/^ {4}10\.1\.1\.2 dev veth0 lladdr ([0-9a-f]{2}:){5}[0-9a-f]{2} REACHABLE$/);
    expect(neigh(7, 'nsB')[0]).toMatch(/^ {4}10\.1\.1\.1 dev veth1 lladdr \S+ STALE$/);
    expect(neigh(15, 'nsB')[0]).toMatch(/ DELAY$/);
    expect(neigh(31, 'nsB')[0]).toMatch(/ PROBE$/);
    expect(neigh(38, 'nsB')[0]).toMatch(/ REACHABLE$/);
  });

  it('shows routes, ports and the frames on the wire', () => {
    const r = hoplab(['state', veth, '--at', '12']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^state just after #12 at 0\.000002672 s$/m);
    expect(section(r.stdout, 'nsA')).toContain('    10.1.1.0/24 dev veth0 proto kernel scope link src 10.1.1.1');
    expect(r.stdout).toMatch(
      /frames on the wire: 1\n {2}#12 nsA:veth0 -> nsB:veth1 {2}sent 0\.000002672 {2}IP 10\.1\.1\.1 > 10\.1\.1\.2: ICMP echo request/,
    );
    expect(hoplab(['state', veth, '--at', '13']).stdout).toMatch(/frames on the wire: 0/);
  });

  it('shows MAC tables as bridge fdb does, and --node narrows to one node', () => {
    const r = hoplab(['state', sw, '--at', '67', '--node', 'sw1']);
    expect(r.status).toBe(0);
    const fdb = r.stdout.split('\n').filter((l) => l.includes(' master sw1'));
    expect(fdb).toHaveLength(2);
    expect(fdb[0]).toMatch(/^ {4}([0-9a-f]{2}:){5}[0-9a-f]{2} dev p1 master sw1 {2}\(learned at #\d+, [\d.]+ s ago\)$/);
    expect(fdb[1]).toMatch(/ dev p2 master sw1 /);
    expect(r.stdout).not.toMatch(/^h1 \(/m);
  });

  it('--json gives one object with every table', () => {
    const r = hoplab(['state', sw, '--at', '67', '--json']);
    const j = JSON.parse(r.stdout) as {
      seq: number;
      nodes: Record<
        string,
        { kind: string; fdb?: Array<{ port: string }>; neigh?: Array<{ state: string }>; ports: Record<string, { up: boolean }> }
      >;
      inFlight: unknown[];
    };
    expect(j.seq).toBe(67);
    expect(j.nodes.sw1!.kind).toBe('switch');
    expect(j.nodes.sw1!.fdb!.map((e) => e.port)).toEqual(['p1', 'p2']);
    expect(j.nodes.h1!.neigh!.map((e) => e.state)).toEqual(['REACHABLE']);
    expect(j.nodes.h3!.neigh).toEqual([]);
    expect(j.nodes.sw1!.ports.p3!.up).toBe(true);
  });

  it('names the flag when --at or --node is wrong (exit 2)', () => {
    const past = hoplab(['state', veth, '--at', '39']);
    expect(past.status).toBe(2);
    expect(past.stderr).toBe("hoplab: --at: 39 is past the recording's last event (#38)\n");
    const node = hoplab(['state', veth, '--at', '3', '--node', 'nsC']);
    expect(node.status).toBe(2);
    expect(node.stderr).toMatch(/^hoplab: --node: no node 'nsC' in this recording \(nodes: nsA, nsB\)\n$/);
    expect(hoplab(['state', veth]).status).toBe(2);
  });

  it('answers from the snapshots the run stored, exactly as a fold from the first event does', () => {
    const storm = join(dir, 'storm.db');
    hoplab(['run', 'recordings/triangle-storm.yaml', '-o', storm, '--quiet', '--max-events', '105000']);
    const db = new Database(storm, { readonly: true });
    expect(db.prepare('SELECT seq FROM snapshots').pluck().all()).toEqual([50000, 100000]);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'snapshot_format'").pluck().get()).toMatch(/^fold-\d+$/);
    db.close();
    const bare = join(dir, 'storm-bare.db');
    copyFileSync(storm, bare);
    const w = new Database(bare);
    w.exec("DELETE FROM snapshots; DELETE FROM meta WHERE key LIKE 'snapshot_%'");
    w.close();
    chmodSync(bare, 0o444);
    const a = hoplab(['state', storm, '--at', '104321']);
    expect(a.status).toBe(0);
    expect(a.stdout).toMatch(/^state just after #104321 /);
    expect(hoplab(['state', bare, '--at', '104321']).stdout).toBe(a.stdout);
    expect(hoplab(['state', storm, '--at', '100000', '--json']).stdout).toBe(hoplab(['state', bare, '--at', '100000', '--json']).stdout);
  });
});
