import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/input-error.js';
import { MAX_TOPOLOGY_BYTES, loadTopologyFile } from '../../src/topology/load.js';
import { outputs, runScript } from '../shell/harness.js';

// Inputs whose cost could outgrow them are bounded: a file past the size
// limit is refused unread, and a line's nesting is walked in linear time.

describe('the size of a topology or script', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoplab-size-'));

  it('past the limit is refused with the limit named, before any parsing', () => {
    const path = join(dir, 'big.yaml');
    writeFileSync(path, `name: big\ndescription: "${'x'.repeat(MAX_TOPOLOGY_BYTES)}"\n`);
    expect(() => loadTopologyFile(path)).toThrow(InputError);
    expect(() => loadTopologyFile(path)).toThrow(`${path}: more than 16777216 bytes (16 MiB), the most a topology or script may hold`);
  });

  it('within it, is read whole', () => {
    const path = join(dir, 'lab.sh');
    writeFileSync(path, `# ${'x'.repeat(2 * 1024 * 1024)}\necho hi\n`);
    expect(loadTopologyFile(path).script?.lines.map((l) => l.text)).toEqual(['echo hi']);
  });
});

describe('nested `ip netns exec` on one line', () => {
  it('20,000 deep runs the innermost command in the namespace', () => {
    const line = `${'ip netns exec a '.repeat(20_000)}echo hi`;
    const { events, runner } = runScript(`ip netns add a\n${line}`, 'lab.sh');
    const last = outputs(events).at(-1)!;
    expect([last.node, last.command, last.lines]).toEqual(['a', 'echo hi', ['hi']]);
    expect(runner.failures).toEqual([]);
  });
});
