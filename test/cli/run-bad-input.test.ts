import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';

const GOOD = `name: good
nodes:
  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }
  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }
links:
  - [h1:eth0, h2:eth0]
scenario:
  - { at: 0ms, on: h1, run: ping -c 1 10.0.0.2 }
`;

/** Each case: a file, and the message hoplab must give (file:line:col: what is wrong). */
const CASES: Array<[string, string, RegExp]> = [
  ['YAML syntax error', GOOD.replace('[h1:eth0, h2:eth0]', '[h1:eth0, h2:eth0'), /^hoplab: bad\.yaml:\d+:\d+: YAML: /],
  // js-yaml takes an indented ` ---` for a document marker; the yaml library refuses it, and so does hoplab.
  ['an indented document marker', ` ---\n${GOOD}`, /^hoplab: bad\.yaml:1:2: YAML: Implicit keys need to be on a single line$/],
  [
    'unknown node kind',
    GOOD.replace('h2: { kind: host', 'h2: { kind: hsot'),
    /^hoplab: bad\.yaml:4:15: unknown node kind 'hsot' \(one of: host, router, repeater, hub, bridge, switch\)$/,
  ],
  [
    'link to an undeclared node',
    GOOD.replace('[h1:eth0, h2:eth0]', '[h1:eth0, h9:eth0]'),
    /^hoplab: bad\.yaml:6:15: link to undeclared node 'h9'$/,
  ],
  [
    'link to an undeclared interface',
    GOOD.replace('[h1:eth0, h2:eth0]', '[h1:eth0, h2:eth1]'),
    /^hoplab: bad\.yaml:6:15: h2 has no interface 'eth1' \(declared: eth0\)$/,
  ],
  [
    'an interface cabled twice',
    GOOD.replace('  - [h1:eth0, h2:eth0]\n', '  - [h1:eth0, h2:eth0]\n  - [h2:eth0, h1:eth0]\n'),
    /^hoplab: bad\.yaml:7:6: h2:eth0 is already cabled \(line 6\): a port takes one cable$/,
  ],
  [
    'a duplicate address',
    GOOD.replace('10.0.0.2/24', '10.0.0.1/24'),
    /^hoplab: bad\.yaml:4:47: duplicate address 10\.0\.0\.1: already on h1:eth0$/,
  ],
  [
    'a bad duration',
    GOOD.replace('at: 0ms', 'at: 5 parsecs'),
    /^hoplab: bad\.yaml:8:11: `at`: '5 parsecs' is not a duration \(e\.g\. 5us, 10ms, 2s\)$/,
  ],
  [
    'a bad prefix',
    GOOD.replace('10.0.0.2/24', '10.0.0.2/33'),
    /^hoplab: bad\.yaml:4:47: '10\.0\.0\.2\/33' is not an IPv4 address with a prefix/,
  ],
  [
    'an unknown command in run:',
    GOOD.replace('run: ping -c 1 10.0.0.2', 'run: pnig -c 1 10.0.0.2'),
    /^hoplab: bad\.yaml:8:29: unknown command 'pnig'/,
  ],
  [
    'a bad option value, located at the token',
    GOOD.replace('ping -c 1', 'ping -c x'),
    /^hoplab: bad\.yaml:8:37: ping -c must be a whole number from 1 to 1000000000, not 'x'$/,
  ],
  ['an unknown top-level key', `${GOOD}lmits: { until: 1s }\n`, /^hoplab: bad\.yaml:9:1: unknown top-level key 'lmits'/],
];

describe('bad input: a located message, exit 2, no stack trace, no recording overwritten', () => {
  let dir: string;
  let existing: string;
  beforeAll(() => {
    dir = tempDir();
    existing = join(dir, 'rec.db');
    writeFileSync(join(dir, 'good.yaml'), GOOD);
    const r = hoplab(['run', join(dir, 'good.yaml'), '-o', existing, '--quiet']);
    expect(r.status).toBe(0);
  });

  for (const [what, text, message] of CASES) {
    it(what, () => {
      writeFileSync(join(dir, 'bad.yaml'), text);
      const before = readFileSync(existing);
      const r = hoplab(['run', 'bad.yaml', '-o', existing], { cwd: dir });
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
      expect(readFileSync(existing).equals(before)).toBe(true);
    });
  }

  it('a missing file', () => {
    const r = hoplab(['run', join(dir, 'nope.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`hoplab: ${join(dir, 'nope.yaml')}: No such file or directory\n`);
  });

  it.each([
    [['--until', 'soon'], "hoplab: --until: 'soon' is not a duration (e.g. 10s, 500ms, 20us)"],
    [['--max-events', '-5'], /hoplab: .*(--max-events|unknown option)/],
    [['--seed', 'x'], "hoplab: --seed: 'x' must be a whole number from 0 to 4294967295"],
    [['--frobnicate'], /hoplab: error: unknown option '--frobnicate'/],
  ])('a bad flag %j names the flag', (flags, message) => {
    const r = hoplab(['run', join(dir, 'good.yaml'), '-o', existing, ...flags]);
    expect(r.status).toBe(2);
    if (typeof message === 'string') expect(r.stderr.split('\n')[0]).toBe(message);
    else expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
