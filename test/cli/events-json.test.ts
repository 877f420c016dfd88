import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';

// `events --json` gives each frame's one-line summary beside its columns, the
// same as a live `run --json`; a --node that is not in the recording is bad input.

const dir = tempDir();
const rec = join(dir, 'veth.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const live = hoplab(['run', 'recordings/veth-pair.yaml', '--json', '-o', rec]);

describe('events --json', () => {
  it("carries each frame event's summary, as the line printer shows it, and only for events with a frame", () => {
    expect(live.status).toBe(0);
    const events = hoplab(['events', rec, '--json'])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const lines = hoplab(['events', rec]).stdout.trim().split('\n');
    const request = events.find((e) => e.kind === 'tx' && e.summary?.startsWith('ARP'));
    expect(request.summary).toBe('ARP, Request who-has 10.1.1.2 tell 10.1.1.1, length 28');
    expect(lines[request.seq - 1]).toContain(request.summary);
    expect(events.filter((e) => e.frame === undefined).every((e) => e.summary === undefined)).toBe(true);
    expect(events.filter((e) => e.frame !== undefined).every((e) => typeof e.summary === 'string')).toBe(true);
  });

  it('is the same bytes as the live run printed', () => {
    expect(hoplab(['events', rec, '--json']).stdout).toBe(live.stdout);
  });
});

describe('events --node', () => {
  it("names an unknown node and the recording's nodes, exit 2; replay does the same", () => {
    for (const command of ['events', 'replay']) {
      const r = hoplab([command, rec, '--node', 'nsA,nsC']);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("hoplab: --node: no node 'nsC' in this recording (nodes: nsA, nsB)\n");
    }
  });
});
