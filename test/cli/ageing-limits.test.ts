import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MacTable, MAX_AGING_NS } from '../../src/tables/mac-table.js';
import { hoplab, tempDir } from '../helpers/cli.js';

// A bridge's ageing time, up to what the kernel takes (2^32 - 1 centiseconds,
// IFLA_BR_AGEING_TIME): accepted, and simulated, never a RangeError; beyond
// it, the loader's located message or iproute2's own error.

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lab(aging: string): string {
  const path = join(dir, `age-${aging}.yaml`);
  writeFileSync(
    path,
    [
      'nodes:',
      '  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }',
      '  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }',
      `  sw1: { kind: switch, agingTime: ${aging} }`,
      'links:',
      '  - [h1:eth0, sw1:p1]',
      '  - [h2:eth0, sw1:p2]',
      'scenario:',
      '  - { at: 0s, on: h1, run: ping -c 1 10.0.0.2 }',
      'limits: { until: 2s }',
      '',
    ].join('\n'),
  );
  return path;
}

describe('ageing times the kernel takes', () => {
  it('a MAC table holds a time past 2^52 ns at 2^52 ns (about 52 days): no entry of any run ages sooner', () => {
    const table = new MacTable(9_007_200 * 1e9);
    expect(table.agingTimeNs).toBe(MAX_AGING_NS);
    expect(() => new MacTable(-1)).toThrow(RangeError);
  });

  it('YAML: agingTime up to 42949672.95s runs; beyond it is a located error, exit 2', () => {
    for (const ok of ['9007200s', '42949672s']) {
      const r = hoplab(['run', lab(ok), '-o', join(dir, 'ok.db'), '--quiet']);
      expect(r.status, r.stderr).toBe(0);
    }
    const r = hoplab(['run', lab('42949673s'), '-o', join(dir, 'bad.db'), '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/age-42949673s\.yaml:4:\d+: `agingTime`: at most 42949672\.95s/);
  });

  it("a script: ageing_time past 32 bits gets iproute2's invarg error and status 255; a large valid one works", () => {
    const script = join(dir, 'age.sh');
    writeFileSync(script, 'ip link add br0 type bridge ageing_time 900720000000\nip link add br1 type bridge ageing_time 900720000\n');
    const r = hoplab(['run', script, '-o', join(dir, 'age.db')]);
    expect(r.stderr).toContain('Error: argument "900720000000" is wrong: invalid ageing_time\n');
    expect(r.stderr).toContain('1 line(s) failed: line 1 (status 255)');
    expect(r.status).toBe(1);
  });
});
