import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';

// An honest capture: only what was on a wire is a packet, unless --with-drops
// asks for the frames lost at a port, which then go on interfaces of their
// own; every interface's drops are in its statistics (pcapng ISB isb_ifdrop);
// time 0 is a chosen instant. Read back with tshark and capinfos.

const haveTools = spawnSync('which', ['tshark', 'capinfos'], { stdio: 'ignore' }).status === 0;
const dir = tempDir();
const storm = join(dir, 'storm.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tshark(args: string[]): string {
  return execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Per interface name, the isb_ifdrop its statistics block carries (tshark's pcapng file dissector). */
function droppedPerInterface(file: string): Map<string, number> {
  const names = tshark([
    '-r',
    file,
    '-X',
    'read_format:MIME Files Format',
    '-T',
    'fields',
    '-e',
    'pcapng.options.option.data.interface.name',
  ])
    .split('\n')
    .flatMap((l) => l.split(','))
    .filter((n) => n.trim() !== '');
  const rows = tshark([
    '-r',
    file,
    '-X',
    'read_format:MIME Files Format',
    '-T',
    'fields',
    '-e',
    'pcapng.interface_id',
    '-e',
    'pcapng.options.option.data.interface.dropped',
  ]).split('\n');
  const dropped = new Map<string, number>();
  for (const row of rows) {
    const [ids, drops] = row.split('\t');
    if (!drops) continue;
    // The last block of a file is the ISBs, one per interface, in interface order.
    const counts = drops.split(',').map(Number);
    const ifaces = ids!.split(',').slice(-counts.length).map(Number);
    for (const [i, id] of ifaces.entries()) dropped.set(names[id]!, counts[i]!);
  }
  return dropped;
}

beforeAll(() => {
  expect(hoplab(['run', 'recordings/mesh-storm.yaml', '--quiet', '-o', storm]).status).toBe(0);
});

describe.skipIf(!haveTools)('export: what was on a wire, and what was lost', () => {
  const stats = (): { tx: number; queueFull: number; dropsByPort: Map<string, number> } => {
    const s = JSON.parse(hoplab(['stats', storm, '--json']).stdout);
    const byPort = new Map<string, number>();
    for (const line of hoplab(['events', storm, '--kind', 'drop', '--json']).stdout.trim().split('\n')) {
      const e = JSON.parse(line);
      byPort.set(`${e.node}:${e.port}`, (byPort.get(`${e.node}:${e.port}`) ?? 0) + 1);
    }
    return { tx: s.kinds.tx, queueFull: s.drops['queue-full'], dropsByPort: byPort };
  };

  it("the storm's export --kind tx counts exactly the frames hoplab stats reports as sent, and its ISBs the queue-full drops", () => {
    const out = join(dir, 'tx.pcapng');
    const r = hoplab(['export', storm, '-o', out, '--kind', 'tx']);
    expect(r.status, r.stderr).toBe(0);
    const { tx, queueFull, dropsByPort } = stats();
    expect(queueFull).toBeGreaterThan(100);
    const io = tshark(['-r', out, '-q', '-z', 'io,stat,0']);
    expect(Number(/\|\s+[\d.]+ <> [\d.]+\s+\|\s+(\d+)\s+\|/.exec(io)?.[1])).toBe(tx);
    const dropped = droppedPerInterface(out);
    expect([...dropped.values()].reduce((a, b) => a + b, 0)).toBe(queueFull);
    for (const [port, n] of dropsByPort) expect(dropped.get(port), port).toBe(n);
    expect(r.stderr).toContain(
      `${queueFull} frames were lost at a port without crossing it: counted in each interface's statistics (isb_ifdrop)`,
    );
  });

  it("--with-drops writes the lost frames on 'node:port lost' interfaces, each marked 'not sent', and tshark finds nothing malformed", () => {
    const out = join(dir, 'with-drops.pcapng');
    expect(hoplab(['export', storm, '-o', out, '--with-drops']).status).toBe(0);
    const rows = tshark(['-r', out, '-T', 'fields', '-e', 'frame.interface_name', '-e', 'frame.comment'])
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const lost = rows.filter(([iface]) => iface!.endsWith(' lost'));
    expect(lost.length).toBe(stats().queueFull);
    expect(lost.every(([, comment]) => / drop \(queue-full\) at \S+, not sent /.test(comment!))).toBe(true);
    expect(rows.filter(([iface]) => !iface!.endsWith(' lost')).every(([, comment]) => !comment!.includes('not sent'))).toBe(true);
    expect(tshark(['-r', out, '-Y', '_ws.malformed || _ws.expert.severity == error'])).toBe('');
  });

  it('a plain export says in its section comment that each frame is seen at both ends, and recommends --kind tx', () => {
    const out = join(dir, 'plain.pcapng');
    expect(hoplab(['export', storm, '-o', out]).status).toBe(0);
    expect(execFileSync('capinfos', ['-k', out], { encoding: 'utf8' })).toContain('for traffic statistics, export with --kind tx');
  });

  it('times start at 2000-01-01T00:00:00Z, or at --start-time', () => {
    const first = (file: string): string => tshark(['-r', file, '-c', '1', '-T', 'fields', '-e', 'frame.time_epoch']).trim();
    const plain = join(dir, 'start-default.pcapng');
    expect(hoplab(['export', storm, '-o', plain, '--kind', 'tx']).status).toBe(0);
    expect(first(plain)).toBe('946684800.000000000');
    const chosen = join(dir, 'start-chosen.pcapng');
    expect(hoplab(['export', storm, '-o', chosen, '--kind', 'tx', '--start-time', '2026-12-02T09:30:00+01:00']).status).toBe(0);
    expect(first(chosen)).toBe(`${Date.parse('2026-12-02T08:30:00Z') / 1000}.000000000`);
    const pcap = join(dir, 'start.pcap');
    expect(hoplab(['export', storm, '-o', pcap, '--kind', 'tx', '--start-time', '2026-12-02T08:30:00Z']).status).toBe(0);
    expect(first(pcap)).toBe(`${Date.parse('2026-12-02T08:30:00Z') / 1000}.000000000`);
  });

  it('refuses a start time it cannot place, and drops in classic pcap, as bad input', () => {
    for (const [args, message] of [
      [['--start-time', 'yesterday'], "--start-time: 'yesterday' is not an ISO 8601 date and time with a zone"],
      [['--start-time', '2026-12-02T08:30:00.5Z'], 'has a fraction of a second'],
      [['--start-time', '2026-12-02T08:30:00'], 'is not an ISO 8601 date and time with a zone'],
      [['--with-drops', '--format', 'pcap'], '--with-drops: classic pcap has no interfaces or comments'],
    ] as const) {
      const r = hoplab(['export', storm, '-o', join(dir, 'bad.pcapng'), ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });
});
