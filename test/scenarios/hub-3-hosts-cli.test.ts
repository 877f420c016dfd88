import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { parseMac, type Mac } from '../../src/wire/mac.js';
import { hoplab, tempDir } from '../helpers/cli.js';
import { captureLines, oracleLines } from '../helpers/oracle-trace.js';

describe('hoplab run recordings/hub-3-hosts.yaml', () => {
  const dir = tempDir();
  const db = join(dir, 'hub.db');
  const result = hoplab(['run', 'recordings/hub-3-hosts.yaml', '-o', db, '--quiet']);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records a run in which every host captured the kernel’s 8 frames, and the hub flooded each', () => {
    expect(result.stderr).not.toMatch(/Error|at .*\.js/);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    const reader = new SqliteRecordingReader(db);
    try {
      expect(reader.status()).toMatchObject({ complete: true, stopReason: 'until' });
      expect(reader.header().nodes).toContainEqual({ name: 'hub1', kind: 'hub' });
      const roles = new Map<Mac, string>();
      for (const p of reader.header().ports) if (p.mac) roles.set(parseMac(p.mac), `${p.node}.${p.port}`);
      const frames: SimEvent[] = [];
      for (const e of reader.events({ kinds: ['tx', 'rx'] })) frames.push({ ...e, bytes: reader.frame(e.frame!)! });
      for (const point of ['h1:eth0', 'h2:eth0', 'h3:eth0'])
        expect(captureLines(frames, point, roles)).toEqual(oracleLines('S3-hub', point));
      const floods = [...reader.events({ nodes: ['hub1'], kinds: ['flood'] })];
      expect(floods).toHaveLength(8);
      expect(floods[0]!.why).toBe('hub1 repeats the frame out of every other port: p2, p3 (a hub never learns)');
      expect([...reader.events({ kinds: ['collision'] })]).toEqual([]);
    } finally {
      reader.close();
    }
  });
});
