import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { hoplab, tempDir } from '../helpers/cli.js';

describe('hoplab run recordings/switch-3-hosts.yaml', () => {
  const dir = tempDir();
  const db = join(dir, 'switch.db');
  const result = hoplab(['run', 'recordings/switch-3-hosts.yaml', '-o', db, '--quiet']);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs to its until and records the switch decisions', () => {
    expect(result.stderr).not.toMatch(/Error|at .*\.js/);
    expect(result.status).toBe(0);
    const reader = new SqliteRecordingReader(db);
    try {
      expect(reader.status()).toMatchObject({ complete: true, stopReason: 'until' });
      const sw1 = [...reader.events({ nodes: ['sw1'], kinds: ['learn', 'flood', 'forward'] })];
      expect(sw1.map((e) => `${e.kind} ${e.port} ${e.out?.join(',') ?? e.mac}`).slice(0, 4)).toEqual([
        `learn p1 ${sw1[0]!.mac}`,
        'flood p1 p2,p3',
        `learn p2 ${sw1[2]!.mac}`,
        'forward p2 p1',
      ]);
      expect(sw1.filter((e) => e.kind === 'forward')).toHaveLength(7);
      const flood = sw1[1]!;
      const bytes = reader.frame(flood.frame!)!;
      expect([bytes[12], bytes[13]]).toEqual([0x08, 0x06]);
      expect(reader.header().nodes).toContainEqual({ name: 'sw1', kind: 'switch' });
    } finally {
      reader.close();
    }
  });
});
