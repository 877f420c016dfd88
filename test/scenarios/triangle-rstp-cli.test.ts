import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

// RSTP end to end through the real CLI (dist/, as a user runs it): the
// convergence time read back from the recording, the capture as tshark
// dissects it, the failover, the diff against STP, and the bad input.

const dir = tempDir();
afterAll(() => (process.env.KEEP ? undefined : rmSync(dir, { recursive: true, force: true })));
const haveTshark = spawnSync('which', ['tshark'], { stdio: 'ignore' }).status === 0;
const YAML = readFileSync(join(REPO, 'recordings/triangle-rstp.yaml'), 'utf8');
const SWITCH_PORTS = new Set(['sw1:p2', 'sw1:p3', 'sw2:p2', 'sw2:p3', 'sw3:p2', 'sw3:p3']);

interface Row {
  seq: number;
  t: number;
  node: string;
  port?: string;
  state?: string;
  text?: string;
  why: string;
  cause?: number;
}

function record(name: string, yaml: string, extra: string[] = []): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  const db = join(dir, `${name}.db`);
  const run = hoplab(['run', file, '-o', db, '--quiet', ...extra]);
  expect(run.status, run.stderr).toBe(0);
  return db;
}

function events(db: string, kinds: string): Row[] {
  const out = hoplab(['events', db, '--kind', kinds, '--json']);
  expect(out.status, out.stderr).toBe(0);
  return out.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Row);
}

describe('hoplab run recordings/triangle-rstp.yaml', () => {
  const pcap = join(dir, 'rstp.pcapng');
  const db = record('rstp', YAML, ['--pcap', pcap]);

  it('converges the switch-to-switch ports well under a second: the last role or state change there is before 1 ms', () => {
    const changes = events(db, 'stp').filter((e) => e.port && SWITCH_PORTS.has(`${e.node}:${e.port}`));
    const settled = Math.max(...changes.map((e) => e.t)) / 1e9;
    expect(settled).toBeLessThan(0.001);
    const final = new Map(changes.map((e) => [`${e.node}:${e.port}`, `${e.state} ${e.text}`]));
    expect(final.get('sw2:p2')).toBe('discarding role alternate');
    for (const np of SWITCH_PORTS) if (np !== 'sw2:p2') expect(final.get(np), np).toMatch(/^forwarding role (root|designated)$/);
  });

  it('says the same in `hoplab state --at`: each switch port with its RSTP role and state, from the fold', () => {
    const last = events(db, 'stp').at(-1)!.seq;
    const out = hoplab(['state', db, '--at', String(last), '--node', 'sw2']).stdout;
    expect(out).toMatch(/^ {4}p2 +alternate +discarding +\(since #\d+\)$/m);
    expect(out).toMatch(/^ {4}p3 +root +forwarding +\(since #\d+\)$/m);
    // As it comes up, before any BPDU is heard, sw2's switch ports are designated and discard, proposing.
    const up = events(db, 'stp')
      .filter((e) => e.node === 'sw2' && e.t === 0)
      .at(-1)!.seq;
    const early = hoplab(['state', db, '--at', String(up), '--node', 'sw2']).stdout;
    expect(early).toMatch(/^ {4}p3 +designated +discarding +\(since #\d+\)$/m);
    expect(early).not.toMatch(/alternate|forwarding/);
  });

  it.skipIf(!haveTshark)('exports RST BPDUs that tshark dissects with no malformed packet and no expert warning', () => {
    const tshark = (args: string[]): string => execFileSync('tshark', ['-r', pcap, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const detail = tshark(['-V', '-Y', 'stp']);
    expect(detail).toContain('Protocol Version Identifier: Rapid Spanning Tree (2)');
    expect(detail).toContain('BPDU Type: Rapid/Multiple Spanning Tree (0x02)');
    expect(detail).toContain('Version 1 Length: 0');
    expect(detail).not.toMatch(/Malformed|Expert Info \((Warn|Error)/);
    // The handshake is on the wire: proposals from designated ports, agreements from root ports.
    expect(tshark(['-Y', 'stp.flags.proposal == 1 && stp.flags.port_role == 3'])).not.toBe('');
    expect(tshark(['-Y', 'stp.flags.agreement == 1 && stp.flags.port_role == 2'])).not.toBe('');
    const expert = tshark(['-q', '-z', 'expert']);
    expect(expert).not.toMatch(/^(Errors|Warns|Notes) \(/m);
  });

  it('shows the convergence against STP in `hoplab diff`: at 4 s STP still listens and drops, RSTP floods', () => {
    const stp = readFileSync(join(REPO, 'recordings/triangle-stp.yaml'), 'utf8')
      .replace('at: 31s', 'at: 4s')
      .replace('until: 36s', 'until: 8s');
    const stpDb = record('stp-4s', stp);
    const diff = hoplab(['diff', stpDb, db]);
    expect(diff.status, diff.stderr).toBe(0);
    expect(diff.stdout).toMatch(/#\d+ sw1 drops it at p1 \(port-blocked\) vs #\d+ sw1 floods it out of p2 \(to sw2\), p3 \(to sw3\)/);
    expect(diff.stdout).toMatch(/A: #\d+ sw1 drop: sw1:p1 is listening since #\d+/);
  });
});

describe('RSTP failover through the CLI', () => {
  const failing = YAML.replace(
    '  - { at: 4s, on: h1, run: arping -c 1 10.0.0.2 }',
    '  - { at: 5s, on: sw2, run: ip link set p3 down }\n  - { at: 5100ms, on: h1, run: arping -c 1 10.0.0.2 }',
  );
  const db = record('rstp-failover', failing);

  it('forwards on the alternate port within a second of the root port’s link going down, citing it', () => {
    const rows = events(db, 'link,stp');
    const down = rows.find((e) => e.node === 'sw2' && e.port === 'p3' && e.state === 'down')!;
    const fwd = rows.find((e) => e.node === 'sw2' && e.port === 'p2' && e.state === 'forwarding' && e.seq > down.seq)!;
    expect((fwd.t - down.t) / 1e9).toBeLessThan(1);
    expect(fwd.text).toBe('role root');
    expect(fwd.cause).toBe(down.seq);
    const replies = hoplab(['events', db, '--kind', 'app', '--node', 'h1']).stdout;
    expect(replies).toMatch(/Unicast reply from 10\.0\.0\.2/);
  });
});

describe('bad RSTP input: a located message and exit 2', () => {
  it.each([
    ['{ mode: rstp, priority: 32769 }', '', "2:53: RSTP's bridge priority is a multiple of 4096 from 0 to 61440"],
    ['rstp', ', ports: { p1: { priority: 100 } }', "2:60: RSTP's port priority is a multiple of 16 from 0 to 240"],
    ['true', ', ports: { p1: { edge: true } }', "2:56: port 'p1' sets `edge`, which only RSTP has (`stp: rstp`)"],
  ])('stp: %s%s', (stp, extra, message) => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, `nodes:\n  sw1: { kind: switch, stp: ${stp}${extra} }\nlinks:\n  - [sw1:p1, sw1:p2]\n`);
    const run = hoplab(['run', file, '-o', join(dir, 'bad.db'), '--quiet']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${file}:${message}`);
  });
});
