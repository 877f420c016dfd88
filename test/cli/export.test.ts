/**
 * End to end: `hoplab export` and `hoplab run --pcap`, read back by Wireshark's own tools
 * (tshark, capinfos). CI installs them; where they are missing these tests are skipped, saying so.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { chosenCapturePoints } from '../../src/api/export.js';
import { capturePoints } from '../../src/export/capture-points.js';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { hoplab, tempDir } from '../helpers/cli.js';
import { oracleLines } from '../helpers/oracle-trace.js';

const haveTools = spawnSync('which', ['tshark', 'capinfos'], { stdio: 'ignore' }).status === 0;
const skipped = haveTools ? '' : ' [skipped: tshark/capinfos are not installed here; CI installs them]';

/** tshark's answer (stdout); as root it also warns on stderr, which is not the answer. */
function tool(name: string, args: string[]): string {
  return execFileSync(name, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function rows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

const ORACLE_FIELDS = [
  'eth.src',
  'eth.dst',
  'eth.type',
  'arp.opcode',
  'arp.src.proto_ipv4',
  'arp.dst.proto_ipv4',
  'ip.src',
  'ip.dst',
  'ip.ttl',
  'icmp.type',
  'icmp.code',
];

/** The frames at one capture point as the oracle's run-oracle.sh normalises them: MACs by role, '-' for empty. */
function oracleView(file: string, point: string, roles: Map<string, string>): string[] {
  const out = tool('tshark', [
    '-r',
    file,
    '-Y',
    `frame.interface_name == "${point}" && (arp || icmp)`,
    '-T',
    'fields',
    '-E',
    'separator=/t',
    '-E',
    'occurrence=f',
    ...ORACLE_FIELDS.flatMap((f) => ['-e', f]),
  ]);
  const role = (mac: string): string =>
    mac === 'ff:ff:ff:ff:ff:ff' ? 'broadcast' : mac === '00:00:00:00:00:00' ? 'zero' : (roles.get(mac) ?? `unknown(${mac})`);
  return rows(out).map(([src, dst, ...rest]) => [role(src!), role(dst!), ...rest.map((v) => (v === '' ? '-' : v))].join(' '));
}

describe('hoplab export, end to end', () => {
  const dir = tempDir();
  const rec = join(dir, 'veth.db');
  const ran = hoplab(['run', 'recordings/veth-pair.yaml', '-o', rec, '--quiet']);
  const out = join(dir, 'veth.pcapng');
  const exported = hoplab(['export', rec, '-o', out]);

  it('writes a pcapng and says what it holds on stderr', () => {
    expect(ran.status).toBe(0);
    expect(exported.stderr).toBe(`hoplab: exported 16 packets (8 outbound, 8 inbound) on 2 capture points to ${out}\n`);
    expect(exported.stdout).toBe('');
    expect(exported.status).toBe(0);
  });

  it.skipIf(!haveTools)(`tshark reads it with no malformed packet, no bad checksum, no error${skipped}`, () => {
    const all = tool('tshark', ['-r', out, '-o', 'ip.check_checksum:TRUE']);
    expect(rows(all)).toHaveLength(16);
    const bad = tool('tshark', [
      '-r',
      out,
      '-o',
      'ip.check_checksum:TRUE',
      '-Y',
      '_ws.malformed || ip.checksum.status == "Bad" || icmp.checksum.status == "Bad" || _ws.expert.severity == error',
    ]);
    expect(bad).toBe('');
  });

  it.skipIf(!haveTools)(`each packet has its capture point, its direction and a comment explaining the hop${skipped}`, () => {
    const fields = rows(
      tool('tshark', [
        '-r',
        out,
        '-T',
        'fields',
        '-e',
        'frame.interface_name',
        '-e',
        'frame.packet_flags_direction',
        '-e',
        'frame.comment',
        '-e',
        'frame.time_epoch',
      ]),
    );
    // Time 0 of the run is 2000-01-01T00:00:00Z (946684800 s since 1970) unless --start-time says otherwise.
    expect(fields.slice(0, 4)).toEqual([
      [
        'nsA:veth0',
        '0x00000002',
        "#4 tx at nsA:veth0 to nsB:veth1 | #3 neigh at nsA:veth0 (cause #1): nsA does not know 10.1.1.2's MAC, so it asks with a broadcast ARP request and holds the packet (INCOMPLETE)",
        '946684800.000000000',
      ],
      [
        'nsB:veth1',
        '0x00000001',
        expect.stringMatching(
          /^#5 rx at nsB:veth1 from nsA:veth0 \(sent #4\) \| #6 deliver: nsB is 10\.1\.1\.2, so it answers 10\.1\.1\.1's ARP request with its MAC [0-9a-f:]{17}$/,
        ),
        '946684800.000001336',
      ],
      [
        'nsB:veth1',
        '0x00000002',
        expect.stringMatching(/^#8 tx at nsB:veth1 to nsA:veth0 \| #6 deliver at nsB:veth1 \(cause #5\): nsB is 10\.1\.1\.2, so/),
        '946684800.000001336',
      ],
      [
        'nsA:veth0',
        '0x00000001',
        expect.stringMatching(/^#9 rx at nsA:veth0 from nsB:veth1 \(sent #8\) \| #10 deliver: nsA reads the ARP reply/),
        '946684800.000002672',
      ],
    ] as unknown[]);
    // The second echo request was sent by the ping command itself, 1 s later.
    expect(fields[8]!.slice(0, 3)).toEqual([
      'nsA:veth0',
      '0x00000002',
      '#20 tx at nsA:veth0 to nsB:veth1 | #1 command on nsA: the scenario runs `ping -c 2 10.1.1.2` on nsA',
    ]);
    // Every comment begins with its event's seq, as `hoplab events` lists it.
    expect(fields.every(([, , c]) => /^#\d+ (tx|rx) at /.test(c!))).toBe(true);
  });

  it.skipIf(!haveTools)(`capinfos lists one interface per capture point, named node:port and described by its cable${skipped}`, () => {
    const info = tool('capinfos', ['-M', out]);
    expect(info).toMatch(/Number of packets:\s+16\n/);
    expect(info).toMatch(/Name = nsA:veth0\n\s+Description = host nsA interface veth0 \([0-9a-f:]{17}\), cable to nsB:veth1\n/);
    expect(info).toMatch(/Name = nsB:veth1\n\s+Description = host nsB interface veth1 \([0-9a-f:]{17}\), cable to nsA:veth0\n/);
  });

  it.skipIf(!haveTools)(
    `the frames at both veth ends, read back by tshark, match the kernel's capture (oracle S1) line for line${skipped}`,
    () => {
      const reader = new SqliteRecordingReader(rec);
      const roles = new Map(
        reader
          .header()
          .ports.filter((p) => p.mac)
          .map((p) => [p.mac!, `${p.node}.${p.port}`]),
      );
      reader.close();
      for (const point of ['nsA:veth0', 'nsB:veth1']) {
        const expected = oracleLines('S1-veth-pair', point);
        expect(expected).toHaveLength(8);
        expect(oracleView(out, point, roles)).toEqual(expected);
      }
    },
  );

  it.skipIf(!haveTools)(`--format pcap: tshark reads it, capinfos counts the packets, and merging points is noted${skipped}`, () => {
    const merged = join(dir, 'merged.pcap');
    const both = hoplab(['export', rec, '-o', merged, '--format', 'pcap']);
    expect(both.status).toBe(0);
    expect(both.stderr).toContain(
      'note: classic pcap has no interfaces: the 2 capture points are merged in time order and their names are lost',
    );
    expect(tool('capinfos', ['-t', '-c', '-M', merged])).toMatch(/File type:\s+nsecpcap\nNumber of packets:\s+16\n/);
    const times = rows(tool('tshark', ['-r', merged, '-T', 'fields', '-e', 'frame.time_epoch'])).map(([t]) => Number(t));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const one = join(dir, 'nsB.pcap');
    const single = hoplab(['export', rec, '-o', one, '--format', 'pcap', '--at', 'nsB:veth1']);
    expect(single.stderr).not.toContain('note:');
    expect(tool('capinfos', ['-c', '-M', one])).toMatch(/Number of packets:\s+8\n/);
    expect(
      tool('tshark', [
        '-r',
        one,
        '-o',
        'ip.check_checksum:TRUE',
        '-Y',
        '_ws.malformed || ip.checksum.status == "Bad" || icmp.checksum.status == "Bad"',
      ]),
    ).toBe('');
  });

  it.skipIf(!haveTools)(`--at and --kind choose the capture points and the direction${skipped}`, () => {
    const file = join(dir, 'nsB-rx.pcapng');
    const r = hoplab(['export', rec, '-o', file, '--at', 'nsB:veth1', '--kind', 'rx']);
    expect(r.stderr).toBe(`hoplab: exported 4 packets (0 outbound, 4 inbound) on 1 capture point to ${file}\n`);
    const fields = rows(
      tool('tshark', [
        '-r',
        file,
        '-T',
        'fields',
        '-e',
        'frame.interface_name',
        '-e',
        'frame.packet_flags_direction',
        '-e',
        '_ws.col.Info',
      ]),
    );
    expect(fields.map(([i, d]) => `${i} ${d}`)).toEqual(Array(4).fill('nsB:veth1 0x00000001'));
    expect(fields.map(([, , info]) => info)).toEqual([
      'Who has 10.1.1.2? Tell 10.1.1.1',
      expect.stringMatching(/^Echo \(ping\) request {2}id=0x[0-9a-f]{4}, seq=1\/256, ttl=64$/),
      expect.stringMatching(/^Echo \(ping\) request {2}id=0x[0-9a-f]{4}, seq=2\/512, ttl=64$/),
      expect.stringMatching(/^10\.1\.1\.1 is at [0-9a-f:]{17}$/),
    ]);
    const tx = hoplab(['export', rec, '-o', join(dir, 'tx.pcapng'), '--kind', 'tx', '--at', 'nsA:veth0', '--at', 'nsB:veth1']);
    expect(tx.stderr).toContain('exported 8 packets (8 outbound, 0 inbound) on 2 capture points');
  });

  it('bad arguments: a message naming the problem, exit 2, and an existing output file untouched', () => {
    const keep = join(dir, 'keep.pcapng');
    writeFileSync(keep, 'old capture\n');
    const unknown = hoplab(['export', rec, '-o', keep, '--at', 'nsC:eth0']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe("hoplab: --at: unknown capture point 'nsC:eth0' (capture points: nsA:veth0, nsB:veth1)\n");
    const missing = hoplab(['export', join(dir, 'nope.db'), '-o', keep]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`hoplab: ${join(dir, 'nope.db')}: no such recording\n`);
    const format = hoplab(['export', rec, '-o', keep, '--format', 'erf']);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain("--format: 'erf' is not one of: pcapng, pcap");
    const kind = hoplab(['export', rec, '-o', keep, '--kind', 'drop']);
    expect(kind.status).toBe(2);
    expect(kind.stderr).toContain("--kind: 'drop' is not one of: tx, rx");
    expect(hoplab(['export', rec]).status).toBe(2);
    const unwritable = hoplab(['export', rec, '-o', join(dir, 'no-such-dir', 'x.pcapng')]);
    expect(unwritable.status).toBe(2);
    expect(unwritable.stderr).toBe(`hoplab: cannot write ${join(dir, 'no-such-dir', 'x.pcapng')}: ENOENT: no such file or directory\n`);
    expect(readFileSync(keep, 'utf8')).toBe('old capture\n');
  });

  it('an export that fails half-way (a damaged recording) leaves the old file as it was and no temporary file', () => {
    const damaged = join(dir, 'damaged.db');
    copyFileSync(rec, damaged);
    const db = new Database(damaged);
    db.prepare('DELETE FROM frames WHERE id = 3').run();
    db.close();
    const keep = join(dir, 'keep2.pcapng');
    writeFileSync(keep, 'old capture\n');
    const r = hoplab(['export', damaged, '-o', keep]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`hoplab: ${damaged}: damaged recording: frame 3 is referenced but not stored\n`);
    expect(readFileSync(keep, 'utf8')).toBe('old capture\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('hoplab run --pcap writes, as it runs, the very file that run + export writes', () => {
    const live = join(dir, 'live.pcapng');
    const liveRec = join(dir, 'live.db');
    const r = hoplab(['run', 'recordings/veth-pair.yaml', '-o', liveRec, '--quiet', '--pcap', live]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`hoplab: exported 16 packets (8 outbound, 8 inbound) on 2 capture points to ${live}\n`);
    const after = join(dir, 'after.pcapng');
    expect(hoplab(['export', liveRec, '-o', after]).status).toBe(0);
    expect(readFileSync(live).equals(readFileSync(after))).toBe(true);
    expect(readFileSync(live).equals(readFileSync(out))).toBe(false); // the command line in the section header differs
  });

  it('hoplab run --pcap to an unwritable path: exit 2 before simulating, no recording written', () => {
    const liveRec = join(dir, 'never.db');
    const r = hoplab(['run', 'recordings/veth-pair.yaml', '-o', liveRec, '--quiet', '--pcap', join(dir, 'no-such-dir', 'x.pcapng')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^hoplab: cannot write .*x\.pcapng: ENOENT/);
    expect(readdirSync(dir)).not.toContain('never.db');
  });
});

describe('--at against a big topology', () => {
  it('names the unknown points and lists the first 30 known ones, not thousands', () => {
    const nodes = Array.from({ length: 100 }, (_, i) => ({ name: `h${i}`, kind: 'host' }));
    const all = capturePoints({ nodes, ports: nodes.map((n) => ({ node: n.name, port: 'eth0' })) });
    expect(chosenCapturePoints(all, ['h7:eth0']).map((p) => p.name)).toEqual(['h7:eth0']);
    expect(() => chosenCapturePoints(all, ['h7:eth1', 'x:y'])).toThrow(
      `--at: unknown capture points 'h7:eth1', 'x:y' (capture points: ${all
        .slice(0, 30)
        .map((p) => p.name)
        .join(', ')} and 70 more)`,
    );
  });
});
