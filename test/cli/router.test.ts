import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';
import { maskTimes, oracleOutput } from '../scenarios/router-oracle-output.js';

// The router labs through the real CLI: what `hoplab run` prints, as a user reads it.
const dir = tempDir();
const TWO = readFileSync(join(REPO, 'recordings/router-2-networks.yaml'), 'utf8');

/** Runs a topology (a recordings/ file or YAML text) and returns its printed lines and app lines. */
function run(fileOrYaml: string, name: string): { status: number | null; lines: string[]; app: string[]; stderr: string } {
  let file = fileOrYaml;
  if (fileOrYaml.includes('\n')) {
    file = join(dir, `${name}.yaml`);
    writeFileSync(file, fileOrYaml);
  }
  const r = hoplab(['run', file, '-o', join(dir, `${name}.db`)]);
  const lines = r.stdout.trimEnd().split('\n');
  // `#SEQ  TIME  NODE  app      TEXT (#CAUSE)`: the kind column is 8 wide, then one space.
  const app = lines.flatMap((l) => {
    const m = /^#\d+\s+\d+\.\d{9}\s+\S+\s+app {6}(.*) \(#\d+\)$/.exec(l);
    return m ? [m[1]!] : [];
  });
  return { status: r.status, lines, app, stderr: r.stderr };
}

describe('hoplab run, router labs, end to end', () => {
  it('router-2-networks: ping across r1 prints ttl=63, and the forward lines name the route', () => {
    const r = run('recordings/router-2-networks.yaml', 'two');
    expect(r.status).toBe(0);
    expect(maskTimes(r.app)).toEqual(maskTimes(oracleOutput('S4-router', 'ping -c 2 10.0.2.2')));
    expect(r.app[1]).toMatch(/^64 bytes from 10\.0\.2\.2: icmp_seq=1 ttl=63 time=\d+\.\d{3} ms$/);
    expect(r.lines.filter((l) => /\sr1:eth1\s+forward\s/.test(l))[0]).toMatch(
      /forward {2}r1 sends it out of eth2 to 10\.0\.2\.2: route 10\.0\.2\.0\/24 is connected; TTL 64 -> 63 \(#\d+\)$/,
    );
    expect(r.stderr).toMatch(/^hoplab: router-2-networks: \d+ events in 10\.000000000 s/);
  });

  it('ping -c 1 -t 1 across the router: From 10.0.1.1 icmp_seq=1 Time to live exceeded', () => {
    const r = run(TWO.replace('ping -c 2 10.0.2.2', 'ping -c 1 -t 1 10.0.2.2'), 'ttl1');
    expect(r.app).toEqual(oracleOutput('S4-router', 'ping -c1 -t 1 10.0.2.2'));
    expect(r.app[1]).toBe('From 10.0.1.1 icmp_seq=1 Time to live exceeded');
    expect(
      r.lines.some((l) =>
        /r1:eth1\s+drop\s+\[ttl-exceeded\] r1 drops the packet: its TTL ran out; it tells 10\.0\.1\.2 with ICMP time exceeded/.test(l),
      ),
    ).toBe(true);
    expect(r.lines.some((l) => /r1:eth1\s+tx\s+IP 10\.0\.1\.1 > 10\.0\.1\.2: ICMP time exceeded in-transit, length 92/.test(l))).toBe(true);
  });

  it("an unowned on-link address: three ARP requests, Destination Host Unreachable x3 and the oracle's statistics", () => {
    // h1's lo up, as the oracle's was: with lo down the errors h1 sends itself are lost (oracle L1-lo-down).
    const loUp = TWO.replace('  h1:\n    kind: host\n', '  h1:\n    kind: host\n    lo: up\n');
    const r = run(loUp.replace('ping -c 2 10.0.2.2', 'ping -c 3 10.0.1.77'), 'unowned');
    expect(
      r.lines.filter((l) => /h1:eth0\s+tx\s+ARP, Request who-has 10\.0\.1\.77 tell 10\.0\.1\.2/.test(l)).map((l) => l.split(/\s+/)[1]),
    ).toEqual(['0.000000000', '1.024000000', '2.048000000']);
    expect(maskTimes(r.app)).toEqual(maskTimes(oracleOutput('S5-unreachable', 'ping -c 3 10.0.1.77')));
    // The oracle's requests went 1.032 and 1.024 s apart and its ping said time 2042ms: the timer wheel's
    // 32 ms ticks, met at a phase a real run draws and hoplab's run starts on; ping runs 0.5 ms after its tick.
    expect(r.app.slice(-2)).toEqual(['3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2049ms', 'pipe 3']);
  });

  it('no route: ping: connect: Network is unreachable, and no frame at all', () => {
    const r = run(
      TWO.replace('    routes: [ { to: default, via: 10.0.1.1 } ]\n', '').replace('ping -c 2 10.0.2.2', 'ping -c 1 -W 1 8.8.8.8'),
      'noroute',
    );
    expect(r.app).toEqual(['ping: connect: Network is unreachable']);
    expect(r.lines.filter((l) => /\s(tx|rx)\s/.test(l))).toEqual([]);
  });

  it('ping -s 2000: the request leaves in two fragments and the 2008-byte reply is printed', () => {
    const r = run(TWO.replace('ping -c 2 10.0.2.2', 'ping -c 1 -s 2000 10.0.2.2'), 'frag');
    expect(
      r.lines
        .filter((l) => /h1:eth0\s+tx\s+IP /.test(l))
        .map((l) =>
          l
            .replace(/^.*tx\s+/, '')
            .replace(/ \(#\d+\)$/, '')
            .replace(/id \d+/, 'id N'),
        ),
    ).toEqual([
      'IP 10.0.1.2 > 10.0.2.2: ICMP echo request, id N, seq 1, length 1480',
      'IP 10.0.1.2 > 10.0.2.2: ICMP fragment, id N, offset 1480, length 528',
    ]);
    expect(maskTimes(r.app).slice(0, 2)).toEqual([
      'PING 10.0.2.2 (10.0.2.2) 2000(2028) bytes of data.',
      '2008 bytes from 10.0.2.2: icmp_seq=1 ttl=63 time=T ms',
    ]);
  });

  it('routers-chain: ttl=62 across two routers, and traceroute lists r1, r2, then h2', () => {
    const r = run('recordings/routers-chain.yaml', 'chain');
    expect(r.status).toBe(0);
    expect(maskTimes(r.app).filter((l) => l.includes('ttl='))).toEqual([
      '64 bytes from 10.0.3.2: icmp_seq=1 ttl=62 time=T ms',
      '64 bytes from 10.0.3.2: icmp_seq=2 ttl=62 time=T ms',
    ]);
    expect(maskTimes(r.app).slice(7)).toEqual([
      'traceroute to 10.0.3.2 (10.0.3.2), 30 hops max, 60 byte packets',
      ' 1  10.0.1.1 (10.0.1.1)  T ms  T ms  T ms',
      ' 2  10.0.2.2 (10.0.2.2)  T ms  T ms  T ms',
      ' 3  10.0.3.2 (10.0.3.2)  T ms  T ms  T ms',
    ]);
  });
});
