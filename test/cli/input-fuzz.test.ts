import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadTopology } from '../../src/api/load.js';
import { run } from '../../src/api/run.js';
import { InputError } from '../../src/errors/input-error.js';
import { REPO, tempDir } from '../helpers/cli.js';

// Generated topologies and scripts (issue 20, "Done when": a fuzz test of
// topologies and scripts). Built from the pieces a user types, some of them
// wrong or hostile (names that are paths or escape sequences, values out of
// range, lines cut short or joined), then sometimes damaged at the byte
// level. Whatever comes in, hoplab loads and runs it or refuses it as bad
// input: in-process that is an InputError (the CLI's located exit-2 message);
// through the real CLI, exit 0, 1 or 2 with no stack trace, in bounded time and
// memory, touching no file outside its working folder.

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Mostly `usual`, now and then one of `odd`: deep runs, and every check along the way. */
function mostly<T>(usual: fc.Arbitrary<T>, ...odd: T[]): fc.Arbitrary<T> {
  return fc.oneof({ weight: 24, arbitrary: usual }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
}

const ODD_NAMES = ['../up', 'x'.repeat(16), 'h\u001b[2J', '', 'lo', '0'];
const ODD_ADDRESSES = ['300.1.1.1/24', '10.0.0.1', 'fe80::1/64', '10.0.0.0/33', 'x'];
const ODD_TIMES = ['-1s', '1e300s', 'soon', '0'];

const target = fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.1.2', '10.0.0.255', '127.0.0.1', '10.9.9.9');
const count = mostly(fc.integer({ min: 1, max: 3 }), 0, -1, 70000);

/** A scenario or script program line, as the tutorial and the SPEC write them. */
const program: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(count, mostly(target, '256.0.0.1', 'h2', '')).map(([c, t]) => `ping -c ${c} ${t}`),
  fc
    .tuple(count, target, mostly(fc.constantFrom('-b', '-t 1', '-s 1400', '-W 1', '-i 0.2'), '-t 256', '-s 70000', '-z'))
    .map(([c, t, o]) => `ping ${o} -c ${c} ${t}`),
  fc.tuple(count, target).map(([c, t]) => `arping -c ${c} -I eth0 ${t}`),
  fc.tuple(fc.constantFrom('', '-n '), target).map(([n, t]) => `traceroute ${n}${t}`),
  mostly(
    fc.constantFrom('ip link set eth0 down', 'ip link set eth0 up', 'ip neigh flush all', 'sysctl -w net.ipv4.ip_forward=1'),
    'reboot',
  ),
);

/** Hosts h1..hN around one device (or a pair of switches in a loop), as the examples are built. */
const topologyObject = fc
  .record({
    hosts: fc.integer({ min: 2, max: 4 }),
    centre: fc.constantFrom('switch', 'bridge', 'hub', 'repeater', 'router', 'loop', 'none'),
    stp: mostly(fc.constantFrom(false, true, 'rstp'), 'yes'),
    name: mostly(fc.constant('fuzz'), '../../escaped/pwned', 'a/b', '\u001b]52;c;aGk=\u0007', ''),
    hostName: mostly(fc.constant('h'), ...ODD_NAMES),
    address: mostly(fc.constant(''), ...ODD_ADDRESSES),
    delay: mostly(fc.constantFrom('1us', '3ms'), '0s', '-5ms', '1e30s', 'slow'),
    queue: mostly(fc.constantFrom(1, 10, 1000), 0, -3, 1e9),
    agingTime: mostly(fc.constantFrom('300s', '1s'), '0s', '9007200s', 'forever'),
    scenario: fc.array(
      fc.record({ at: mostly(fc.constantFrom('0ms', '1ms', '1s', '3s'), ...ODD_TIMES), on: fc.integer({ min: 1, max: 4 }), run: program }),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
    until: mostly(fc.constantFrom('2s', '10s'), '1e300s', '-1s'),
  })
  .map((t) => {
    const hostName = (i: number) => (i === 1 ? `${t.hostName}1` : `h${i}`);
    const nodes: Record<string, unknown> = {};
    const links: unknown[] = [];
    const centre = t.centre === 'repeater' ? 'repeater' : t.centre;
    const hosts = centre === 'repeater' || centre === 'bridge' || centre === 'none' ? 2 : t.hosts;
    for (let i = 1; i <= hosts; i++) {
      const net = centre === 'router' && i % 2 === 0 ? 1 : 0;
      const ip = i === 1 && t.address !== '' ? t.address : `10.0.${net}.${i + 1}/24`;
      nodes[hostName(i)] = {
        kind: 'host',
        interfaces: { eth0: { ip } },
        ...(centre === 'router' && { routes: [{ to: 'default', via: `10.0.${net}.1` }] }),
      };
    }
    const wire = (a: string, b: string) =>
      links.push(t.delay === '1us' && t.queue === 1000 ? [a, b] : { ends: [a, b], delay: t.delay, queue: t.queue });
    if (centre === 'none') wire(`${hostName(1)}:eth0`, 'h2:eth0');
    else if (centre === 'router') {
      nodes.r1 = { kind: 'router', interfaces: { eth1: { ip: '10.0.0.1/24' }, eth2: { ip: '10.0.1.1/24' } } };
      nodes.sw1 = { kind: 'switch' };
      nodes.sw2 = { kind: 'switch' };
      wire('r1:eth1', 'sw1:p9');
      wire('r1:eth2', 'sw2:p9');
      for (let i = 1; i <= hosts; i++) wire(`${hostName(i)}:eth0`, `${i % 2 === 0 ? 'sw2' : 'sw1'}:p${i}`);
    } else if (centre === 'loop') {
      for (const sw of ['sw1', 'sw2', 'sw3'])
        nodes[sw] = { kind: 'switch', agingTime: t.agingTime, ...(t.stp !== false && { stp: t.stp }) };
      wire('sw1:p8', 'sw2:p8');
      wire('sw2:p9', 'sw3:p9');
      wire('sw3:p7', 'sw1:p7');
      for (let i = 1; i <= hosts; i++) wire(`${hostName(i)}:eth0`, `sw${1 + (i % 3)}:p${i}`);
    } else {
      nodes.c1 = {
        kind: centre,
        ...(centre === 'switch' && { agingTime: t.agingTime }),
        ...(centre === 'bridge' && t.stp !== false && { stp: t.stp }),
      };
      for (let i = 1; i <= hosts; i++) wire(`${hostName(i)}:eth0`, `c1:p${i}`);
    }
    const scenario = t.scenario.map((s) => ({ at: s.at, on: hostName(Math.min(s.on, hosts)), run: s.run }));
    return { name: t.name, seed: 1, nodes, links, scenario, limits: { until: t.until } };
  });

/** The tutorial's veth experiment, line by line; a bridge joins a third namespace when asked. */
function tutorialLines(bridge: boolean): string[] {
  const lines = [
    'ip netns add ns1',
    'ip netns add ns2',
    'ip link add veth0 type veth peer name veth1',
    'ip link set veth0 netns ns1',
    'ip -n ns1 addr add 10.0.0.1/24 dev veth0',
    'ip -n ns1 link set veth0 up',
  ];
  if (!bridge) return [...lines, 'ip link set veth1 netns ns2', 'ip -n ns2 addr add 10.0.0.2/24 dev veth1', 'ip -n ns2 link set veth1 up'];
  return [
    ...lines,
    'ip netns add ns3',
    'ip link add veth2 type veth peer name veth3',
    'ip link set veth3 netns ns2',
    'ip -n ns2 addr add 10.0.0.2/24 dev veth3',
    'ip -n ns2 link set veth3 up',
    'ip link add br0 type bridge',
    'ip link set veth1 master br0',
    'ip link set veth2 master br0',
    'ip link set br0 up',
    'ip link set veth1 up',
    'ip link set veth2 up',
  ];
}

const ns = mostly(fc.constantFrom('ns1', 'ns2', 'ns3'), '../../etc', 'x'.repeat(300), '');
const dev = mostly(fc.constantFrom('veth0', 'veth1', 'veth3', 'br0', 'lo'), 'a', 'x'.repeat(16), '');

/** A script line the tutorial could contain, or one a reader could mistype. */
const scriptLine: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(ns, program).map(([n, p]) => `sudo ip netns exec ${n} ${p}`),
  fc.tuple(ns, program).map(([n, p]) => `ip netns exec ${n} ${p}`),
  fc
    .tuple(ns, fc.constantFrom('ip link list', 'ip neigh', 'ip route get 10.0.0.2', 'ip addr', 'bash', ''))
    .map(([n, c]) => `ip netns exec ${n} ${c}`),
  ns.map((n) => `ip netns add ${n}`),
  ns.map((n) => `ip netns delete ${n}`),
  fc.tuple(dev, dev).map(([a, b]) => `ip link add ${a} type veth peer name ${b}`),
  fc.tuple(dev, ns).map(([d, n]) => `ip link set ${d} netns ${n}`),
  fc.tuple(ns, dev, fc.constantFrom('up', 'down')).map(([n, d, s]) => `ip -n ${n} link set ${d} ${s}`),
  fc.tuple(ns, fc.constantFrom('10.0.0.3/24', ...ODD_ADDRESSES), dev).map(([n, a, d]) => `ip -n ${n} addr add ${a} dev ${d}`),
  fc
    .tuple(ns, fc.constantFrom('default via 10.0.0.1', '10.0.1.0/24 dev veth0', 'blackhole 10.0.0.0/8'))
    .map(([n, r]) => `ip -n ${n} route add ${r}`),
  fc.constantFrom(
    'ip netns list',
    'ip link list',
    'bridge fdb show',
    'bridge link',
    'ip link set br0 type bridge stp_state 1',
    'ip link set veth1 nomaster',
  ),
  fc.constantFrom('sleep 1', 'sleep 0.5', 'sleep 1e20', 'sleep -1', "echo 'unterminated", 'sudo', '# a comment', ''),
  fc.string({ maxLength: 30 }),
);

/** The tutorial's lines with others slipped in, some dropped, some repeated. */
const script = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(fc.nat(40), scriptLine), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(40), { maxLength: 2 }))
  .map(([bridge, inserts, drops]) => {
    const lines = tutorialLines(bridge);
    for (const at of drops) lines.splice(at % lines.length, 1);
    for (const [at, line] of inserts) lines.splice(at % (lines.length + 1), 0, line);
    return `${lines.join('\n')}\n`;
  });

/** Damage a user could do to any text: a cut, a stray byte, a doubled line. */
function damage(text: string, how: number): string {
  if (how === 0 || text.length === 0) return text;
  const at = how % text.length;
  if (how % 3 === 0) return text.slice(0, at);
  if (how % 3 === 1) return `${text.slice(0, at)}${String.fromCharCode(how % 128)}${text.slice(at)}`;
  const lines = text.split('\n');
  const i = how % lines.length;
  return [...lines.slice(0, i + 1), ...lines.slice(i)].join('\n');
}

type Input = { path: string; text: string };

const input: fc.Arbitrary<Input> = fc.oneof(
  fc.tuple(topologyObject, fc.nat(5000), fc.nat(4)).map(([t, how, damaged]) => ({
    path: 'fuzz.yaml',
    text: damaged === 0 ? damage(stringify(t), how) : stringify(t),
  })),
  fc.tuple(script, fc.nat(5000), fc.nat(4)).map(([s, how, damaged]) => ({ path: 'fuzz.sh', text: damaged === 0 ? damage(s, how) : s })),
);

/** Loads and runs in-process, at most 20,000 events; only bad input may stop it. Returns the events run, or undefined if refused. */
async function loadAndRun({ path, text }: Input): Promise<number | undefined> {
  try {
    const topology = loadTopology(text, { path });
    return (await run(topology, { maxEvents: 20_000 }).result()).summary.events;
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw new Error(`${path}:\n${text}\n---\n${(e as Error).stack}`);
  }
}

describe('generated topologies and scripts (fast-check)', () => {
  it('in-process: every input runs or is refused as bad input, in bounded time', async () => {
    const outcomes = { refused: 0, yamlRuns: 0, scriptRuns: 0 };
    await fc.assert(
      fc.asyncProperty(input, async (i) => {
        const started = Date.now();
        const events = await loadAndRun(i);
        if (events === undefined) outcomes.refused++;
        // A run that sent frames (more than its start-up events) went deep: through devices, tables and the recording's sinks.
        else if (events > 10) outcomes[i.path.endsWith('.sh') ? 'scriptRuns' : 'yamlRuns']++;
        expect(Date.now() - started, i.text).toBeLessThan(15_000);
      }),
      { numRuns: 300, seed: 2020 },
    );
    // The generator reaches every side: topologies and scripts that carry traffic, and inputs refused.
    expect(outcomes.yamlRuns, JSON.stringify(outcomes)).toBeGreaterThan(25);
    expect(outcomes.scriptRuns, JSON.stringify(outcomes)).toBeGreaterThan(60);
    expect(outcomes.refused, JSON.stringify(outcomes)).toBeGreaterThan(20);
  }, 300_000);

  it('through the CLI: exit 0, 1 or 2, no stack trace, bounded, nothing outside its folder', () => {
    const cases = fc.sample(input, { numRuns: 12, seed: 2021 });
    const statuses = new Set<number | null>();
    cases.forEach((i, n) => {
      const caseDir = join(dir, `case-${n}`);
      const work = join(caseDir, 'work');
      mkdirSync(work, { recursive: true });
      writeFileSync(join(work, i.path), i.text);
      // Memory is bounded by the heap limit: a run that needed more would die with a status outside 0-2.
      const r = spawnSync(
        process.execPath,
        ['--max-old-space-size=300', join(REPO, 'bin', 'hoplab'), 'run', i.path, '--max-events', '20000'],
        {
          cwd: work,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
      const context = `${i.path}:\n${i.text}\n--- stderr:\n${r.stderr}`;
      expect([0, 1, 2], context).toContain(r.status);
      expect(r.stderr, context).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
      expect(readdirSync(caseDir), context).toEqual(['work']);
      statuses.add(r.status);
    });
    expect(statuses.size).toBeGreaterThan(1);
  }, 600_000);
});
