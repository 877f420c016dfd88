import type { SimEvent } from '../../src/events/event.js';
import type { BackoffRng } from '../../src/net/backoff.js';
import { findHubDomains } from '../../src/net/hub-domain.js';
import { HubSegment } from '../../src/net/hub-segment.js';
import type { MediumHost } from '../../src/net/medium.js';
import { Simulator } from '../../src/sim/simulator.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';

/**
 * One hub segment on its own, driven by a bare simulator: frames are put on
 * it at chosen instants, every event is kept, and the backoff draws come
 * from the test's Rng, so timings can be asserted to the nanosecond.
 */
export function hubHarness(yaml: string, rng: BackoffRng) {
  const topology = loadYamlTopology(yaml, 'test.yaml');
  const sim = new Simulator(1, { until: 10e9, maxEvents: 1e6 });
  const events: SimEvent[] = [];
  sim.onEvent((e) => events.push({ ...e }));
  const down = new Set<string>();
  const delivered: string[] = [];
  const host: MediumHost = {
    get now(): number {
      return sim.now;
    },
    emit: (e) => sim.emit(e),
    schedule: (at, handler, arg) => sim.schedule(at, handler, arg),
    newHint: () => sim.newHint(),
    isPortUp: (node, port) => !down.has(`${node}:${port}`),
    deliver: (node, port, frame) => delivered.push(`${node}:${port} #${frame.id}`),
  };
  const segment = new HubSegment(findHubDomains(topology)[0]!, host, rng);
  return {
    sim,
    segment,
    events,
    down,
    delivered,
    /** Puts a frame of `size` bytes (its first byte = `tag`) on node:port at `at` ns; returns its frame id. */
    send(at: number, node: string, port: string, size: number, tag = 0): number {
      const bytes = new Uint8Array(size);
      bytes[0] = tag;
      const frame = { id: sim.newFrameId(), bytes };
      sim.schedule(at, () => segment.transmit(node, port, frame, 0), undefined);
      return frame.id;
    },
    run(): SimEvent[] {
      sim.runToEnd();
      return events;
    },
    of(kind: string, node?: string): SimEvent[] {
      return events.filter((e) => e.kind === kind && (node === undefined || e.node === node));
    },
  };
}

/** A scripted Rng: hands out `draws` in turn (then 0), and remembers each range asked for. */
export function scriptedRng(draws: number[] = []): BackoffRng & { ranges: Array<[number, number]> } {
  const ranges: Array<[number, number]> = [];
  let i = 0;
  return {
    ranges,
    intBetween(low: number, high: number): number {
      ranges.push([low, high]);
      const r = draws[i++] ?? 0;
      if (r < low || r > high) throw new Error(`scripted draw ${r} outside [${low}, ${high}]`);
      return r;
    },
  };
}

/** N hosts h1..hN on hub1 p1..pN, every cable 1 us. */
export function hubYaml(n: number, extra: { rate?: string; queue?: number } = {}): string {
  const hosts = Array.from({ length: n }, (_, i) => `  h${i + 1}: { kind: host, interfaces: { eth0: { ip: 10.0.0.${i + 1}/24 } } }`);
  const links = Array.from(
    { length: n },
    (_, i) => `  - { ends: [h${i + 1}:eth0, hub1:p${i + 1}], delay: 1us${extra.queue ? `, queue: ${extra.queue}` : ''} }`,
  );
  return ['nodes:', ...hosts, `  hub1: { kind: hub${extra.rate ? `, rate: ${extra.rate}` : ''} }`, 'links:', ...links].join('\n');
}
