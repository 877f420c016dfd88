import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ViewSession } from '../../src/view/session.js';
import { hoplab, tempDir } from '../helpers/cli.js';

// What the viewer's server sends the page about bridge ports (view/port-states.ts),
// on recordings/triangle-stp.yaml: the states at an event, as the fold has them,
// and, for playing, the changes inside a chunk with their times.

let session: ViewSession;
const end = (port: string): [number, number] => {
  const i = session.drawing.cables.findIndex((c) => `${c.a.node}:${c.a.port}` === port || `${c.b.node}:${c.b.port}` === port);
  const c = session.drawing.cables[i]!;
  return [i, `${c.a.node}:${c.a.port}` === port ? 0 : 1];
};

beforeAll(() => {
  const rec = join(tempDir(), 'triangle-stp.db');
  expect(hoplab(['run', 'recordings/triangle-stp.yaml', '-o', rec, '--quiet']).status).toBe(0);
  session = new ViewSession(rec);
});

afterAll(() => session?.close());

describe('the STP port states the viewer is sent', () => {
  it('at an event: each port of each switch at its cable end, with state and role', () => {
    const at = session.at(100) as { ports: Array<[number, number, string, string]> };
    expect(at.ports).toHaveLength(9);
    expect(at.ports).toContainEqual([...end('sw2:p2'), 'blocking', 'alternate']);
    expect(at.ports).toContainEqual([...end('sw1:p1'), 'listening', 'designated']);
  });

  it('before the first event: none yet', () => {
    expect((session.at(0) as { ports: unknown[] }).ports).toEqual([]);
  });

  it('in a playback chunk: the states at its start and each change with its time', () => {
    const chunk = session.chunk(100, 400) as { ports: unknown[]; portChanges: Array<[number, number, number, string, string]> };
    expect(chunk.ports).toEqual((session.at(100) as { ports: unknown[] }).ports);
    const sw1p1 = chunk.portChanges.filter((c) => c[1] === end('sw1:p1')[0] && c[2] === end('sw1:p1')[1]);
    expect(sw1p1).toEqual([
      [15e9, ...end('sw1:p1'), 'learning', 'designated'],
      [30e9, ...end('sw1:p1'), 'forwarding', 'designated'],
    ]);
    expect(chunk.portChanges.filter((c) => c[3] === 'blocking')).toEqual([]);
  });
});
