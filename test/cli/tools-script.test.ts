import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, REPO, hoplab, tempDir } from '../helpers/cli.js';
import { FIXTURES, fixtureText } from '../helpers/fixtures.js';

// Issue 18 item 9, through the real CLI: `hoplab run` on test/fixtures/tools.sh,
// the oracle's T9-tools (run-oracle-t9.sh, tcpdump 4.99.3, iputils arping
// 20221126, traceroute 2.1.2 on kernel 6.18) as a script: tcpdump in the
// background bounded by -c, with -e, with -w; its refusals; arping; traceroute
// across a router, watched by a tcpdump the script's end interrupts.
// Compared with times, ping ids, source ports, round trips and MACs normalised:
// the oracle's are wall-clock, random or assigned differently.

const ORACLE = 'oracle/T9-tools';
const haveTshark = spawnSync('which', ['tshark'], { stdio: 'ignore' }).status === 0;
let run: CliResult;
let dir: string;
let sections: Map<string, string[]>;

/** The stamp tcpdump puts first: HH:MM:SS.uuuuuu. */
const STAMP = /^\d\d:\d\d:\d\d\.\d{6} /;

/** Lines with what differs between runs made alike; MACs become M1, M2... in order of first appearance. */
function normalised(lines: string[]): string[] {
  const macs = new Map<string, string>();
  return lines.map((l) =>
    l
      .replace(STAMP, 'T ')
      .replace(/id \d+/g, 'id N')
      .replace(/\d+\.\d{3} ?ms/g, 'Xms')
      .replace(/(10\.1\.1\.1)\.\d+ >/g, '$1.PORT >')
      .replace(/([0-9a-f]{2}:){5}[0-9a-f]{2}/gi, (m) => {
        const mac = m.toLowerCase();
        if (mac === 'ff:ff:ff:ff:ff:ff') return mac;
        if (!macs.has(mac)) macs.set(mac, `M${macs.size + 1}`);
        return macs.get(mac)!;
      }),
  );
}

function oracle(file: string): string[] {
  return fixtureText(`${ORACLE}/${file}`).replace(/\n$/, '').split('\n');
}

/** tcpdump's packet lines in one `echo == NAME` section of the script's stdout. */
function packets(name: string): string[] {
  return (sections.get(name) ?? []).filter((l) => STAMP.test(l));
}

beforeAll(() => {
  dir = tempDir();
  run = hoplab(['run', join(REPO, 'test/fixtures/tools.sh'), '-o', join(dir, 'tools.db')]);
  sections = new Map();
  let current = '';
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('== ')) sections.set((current = line.slice(3)), []);
    else sections.get(current)?.push(line);
  }
});

describe('tcpdump in a script (tcpdump 4.99.3, oracle T9-tools)', () => {
  it('prints a line per frame on the interface, as tcpdump -n does', () => {
    expect(normalised(packets('tcpdump-n'))).toEqual(normalised(oracle('tcpdump-n.out')));
  });

  it('stamps each line with virtual time, time 0 shown as 00:00:00.000000', () => {
    const stamps = packets('tcpdump-n').map((l) => l.slice(0, 15));
    expect(stamps[0]).toBe('00:00:00.000000');
    expect(stamps.at(-1)).toMatch(/^00:00:01\./);
  });

  it('starts each line with the MAC header with -e', () => {
    expect(normalised(packets('tcpdump-e'))).toEqual(normalised(oracle('tcpdump-e.out')));
  });

  it('says on stderr what it listens on and, at its end, what it counted', () => {
    const expected = ['tcpdump-n.err', 'tcpdump-e.err', 'tcpdump-w.err', 'tcpdump-missing.err', 'tcpdump-down.err', 'tcpdump-count0.err']
      .concat(['tcpdump-arping.err'])
      .flatMap(oracle);
    const stderr = run.stderr.split('\n');
    expect(stderr.slice(0, expected.length)).toEqual(expected);
  });

  it('refuses a missing interface, one that is down and -c 0 with exit status 1, as tcpdump does', () => {
    expect(fixtureText(`${ORACLE}/notes.txt`)).toMatch(/tcpdump-missing: exit 1\ntcpdump-down: exit 1\ntcpdump-count0: exit 1/);
    expect(run.status).toBe(1);
    const failed = /line\(s\) failed: (.*)/.exec(run.stderr)?.[1];
    const lines = fixtureText('tools.sh').split('\n');
    const at = (text: string): number => lines.indexOf(text) + 1;
    expect(failed).toBe(
      [
        at('ip netns exec t9h1 tcpdump -n -i nosuch -c 1'),
        at('ip netns exec t9h1 tcpdump -n -i down0 -c 1'),
        at('ip netns exec t9h1 tcpdump -n -i veth0 -c 0'),
      ]
        .map((n) => `line ${n} (status 1)`)
        .join(', '),
    );
  });

  it.skipIf(!haveTshark)('writes with -w a pcap, beside the recording, that tshark reads as the oracle file', () => {
    const file = join(dir, 'w.pcap');
    expect(existsSync(file)).toBe(true);
    expect(packets('tcpdump-w')).toEqual([]);
    const fields = (f: string): string =>
      execFileSync(
        'tshark',
        [
          '-r',
          f,
          '-T',
          'fields',
          '-e',
          'frame.len',
          '-e',
          'eth.type',
          '-e',
          'arp.opcode',
          '-e',
          'ip.src',
          '-e',
          'ip.dst',
          '-e',
          'icmp.type',
          '-e',
          'icmp.seq',
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    expect(fields(file)).toBe(fields(join(FIXTURES, ORACLE, 'w.pcap')));
    // The file's times are the lines' times: virtual time from 2000-01-01 00:00:00 UTC.
    const first = execFileSync('tshark', ['-r', file, '-c', '1', '-T', 'fields', '-e', 'frame.time_epoch'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(Math.floor(Number(first))).toBe(Date.UTC(2000, 0, 1, 0, 0, 2) / 1000);
  });
});

describe('arping and traceroute in a script', () => {
  it('prints what iputils arping prints, and tcpdump sees its broadcast then unicast probes', () => {
    const arping = (sections.get('tcpdump-arping') ?? []).filter((l) => !STAMP.test(l) && l !== '');
    expect(normalised(arping)).toEqual(normalised(oracle('arping.out')));
    expect(normalised(packets('tcpdump-arping'))).toEqual(normalised(oracle('tcpdump-arping.out')));
  });

  it('prints what traceroute -n prints across a router', () => {
    const lines = (sections.get('tcpdump-traceroute') ?? []).filter((l) => !STAMP.test(l) && l !== '');
    expect(normalised(lines)).toEqual(normalised(oracle('traceroute.out')));
  });

  it("ends a background tcpdump at the script's end as Ctrl-C does: a blank line, then its counts", () => {
    const section = sections.get('tcpdump-traceroute') ?? [];
    expect(oracle('tcpdump-traceroute.out').at(-1)).toBe('');
    expect(section.at(-2)).toBe('');
    expect(run.stderr).toMatch(
      /listening on veth0, [^\n]*\n\d+ packets captured\n\d+ packets received by filter\n0 packets dropped by kernel\nhoplab: /,
    );
  });

  it('sees the 16 probes Linux sent, each answer before the next probe leaves, as traceroute sends one at a time', () => {
    // The probes, time exceeded and port unreachable lines in Linux's order; h3 answers six, as its
    // ICMP rate limit lets it. Without the send loop's cost, three more probes left as hop 1 answered.
    const lines = normalised(packets('tcpdump-traceroute'));
    expect(lines.filter((l) => l.includes(': UDP,'))).toHaveLength(16);
    expect(lines).toEqual(normalised(oracle('tcpdump-traceroute.out').filter((l) => STAMP.test(l))));
  });
});

describe("what a script's tcpdump leaves behind", () => {
  it('re-simulates identically under verify, which writes no -w file', () => {
    const file = join(dir, 'w.pcap');
    expect(existsSync(file)).toBe(true);
    rmSync(file);
    const v = hoplab(['verify', join(dir, 'tools.db')]);
    expect(v.stdout).toMatch(/identical: \d+ events re-simulated/);
    expect(v.status).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it('reports a -w file it cannot write once the run has ended, exit 2, as --pcap does', () => {
    const d = tempDir();
    const script = join(d, 'bad-w.sh');
    writeFileSync(
      script,
      fixtureText('tools.sh')
        .split('\n')
        .slice(0, 14)
        .concat(['ip netns exec t9h1 tcpdump -i veth0 -c 1 -w nodir/x.pcap &', 'ip netns exec t9h1 ping -c 1 10.1.1.2', ''])
        .join('\n'),
    );
    const r = hoplab(['run', script, '-o', join(d, 'bad-w.db')]);
    expect(r.stderr).toContain(`hoplab: cannot write ${join(d, 'nodir/x.pcap')}: ENOENT`);
    expect(r.status).toBe(2);
  });

  it('interrupts a foreground tcpdump without -c, as every never-ending line, and goes on', () => {
    const script = ['ip netns add a', 'ip -n a link add v0 type veth peer name v1', 'ip -n a link set v0 up', 'ip -n a link set v1 up'];
    const r = hoplab(['run', '-', '-o', join(tempDir(), 'fg.db'), '--interrupt-after', '2s'], {
      input: `${[...script, 'ip netns exec a tcpdump -n -i v0', 'echo next'].join('\n')}\n`,
    });
    expect(r.stderr).toContain('<stdin>:5: this command runs until Ctrl-C; hoplab interrupts it after 2 s of virtual time');
    expect(r.stderr).toMatch(
      /listening on v0, [^\n]*\n[^\n]*interrupts it[^\n]*\n0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\n/,
    );
    // Ctrl-C's blank line ends tcpdump's stdout, then the script goes on.
    expect(r.stdout).toBe('\nnext\n');
    expect(r.status).toBe(0);
  });

  it('runs only tcpdump in the background', () => {
    const r = hoplab(['run', '-', '-o', join(tempDir(), 'bg.db')], { input: 'ping -c 1 127.0.0.1 &\necho next\n' });
    expect(r.stderr).toContain("<stdin>:1: hoplab runs only tcpdump in the background (with &), not 'ping'");
    expect(r.stdout).toBe('next\n');
    expect(r.status).toBe(1);
  });
});
