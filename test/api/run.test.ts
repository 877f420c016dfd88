import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Subject, toArray, lastValueFrom } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, loadTopology, openRecording, run, type SimEvent } from '../../src/index.js';
import { REPO, tempDir } from '../helpers/cli.js';

// The library's run(): an RxJS stream of the run's events that records as it
// goes, one run however many subscribe, and a clean stop that keeps every event.

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const example = (name: string) => loadTopology(readFileSync(join(REPO, 'recordings', name), 'utf8'), { path: `recordings/${name}` });

describe('run', () => {
  it("streams the run's events in order and resolves with its summary", async () => {
    const live = run(example('veth-pair.yaml'));
    const events = await lastValueFrom(live.events$.pipe(toArray()));
    const result = await live.result();
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(result.summary).toEqual({ stopReason: 'until', events: events.length, endTime: 10e9 });
    expect(result.recording).toBeUndefined();
  });

  it('is one run however many subscribe, even when it ended inside the first subscription', async () => {
    const live = run(example('veth-pair.yaml'));
    const first: SimEvent[] = [];
    live.events$.subscribe((e) => first.push(e));
    // A run this small is over before subscribe returns; a later subscriber only hears the end.
    const late: SimEvent[] = [];
    live.events$.subscribe((e) => late.push(e));
    const result = await live.result();
    expect(first).toHaveLength(result.summary.events);
    expect(late).toEqual([]);
  });

  it('records what it streams: the recording holds the same events', async () => {
    const path = join(dir, 'switch.db');
    const live = run(example('switch-3-hosts.yaml'), { record: path });
    const streamed = await lastValueFrom(live.events$.pipe(toArray()));
    expect((await live.result()).recording).toBe(path);
    const recording = openRecording(path);
    try {
      expect(recording.status()).toMatchObject({ complete: true, stopReason: 'until', events: streamed.length });
      expect([...recording.events()].map((e) => `${e.seq} ${e.kind} ${e.node} ${e.why}`)).toEqual(
        streamed.map((e) => `${e.seq} ${e.kind} ${e.node} ${e.why}`),
      );
    } finally {
      recording.close();
    }
  });

  it('stops cleanly when stop$ emits: the summary says interrupted, and the recording keeps every event the sinks saw', async () => {
    const path = join(dir, 'storm.db');
    const stop$ = new Subject<void>();
    let seen = 0;
    const live = run(example('mesh-storm.yaml'), {
      record: path,
      maxEvents: 10_000_000,
      stop$,
      sinks: [{ next: () => (++seen === 120_000 ? stop$.next() : undefined) }],
    });
    const result = await live.result();
    expect(result.summary.stopReason).toBe('interrupted');
    expect(result.summary.events).toBe(seen);
    expect(seen).toBeGreaterThanOrEqual(120_000);
    expect(seen).toBeLessThan(200_000);
    const recording = openRecording(path);
    try {
      expect(recording.status()).toMatchObject({ complete: false, stopReason: 'interrupted', events: seen });
      expect(recording.event(seen)?.seq).toBe(seen);
    } finally {
      recording.close();
    }
  });

  it('takes until as a duration, and refuses one it cannot read as bad input', async () => {
    expect((await run(example('veth-pair.yaml'), { until: '1500ms' }).result()).summary.endTime).toBe(1.5e9);
    expect(() => run(example('veth-pair.yaml'), { until: 'soon' })).toThrow(InputError);
  });
});

describe('default limits', () => {
  it('a topology with no limits stops at ten minutes of virtual time or ten million events, whichever comes first', () => {
    const loop = loadTopology('nodes:\n  s1: { kind: switch }\n', { path: 'loop.yaml' });
    const live = run(loop);
    expect(live.limits).toEqual({ untilNs: 600e9, maxEvents: 10_000_000 });
    expect(run(loop, { maxEvents: 5 }).limits.maxEvents).toBe(5);
  });
});
