import type { SimEvent } from '../../src/events/event.js';
import { LiveRun, type RunOptions } from '../../src/pipeline/live-run.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';

/** Runs an inline YAML topology to the end and returns every event (small topologies only). */
export function runYaml(yaml: string, options: RunOptions = {}): { events: SimEvent[]; run: LiveRun } {
  const run = new LiveRun(loadYamlTopology(yaml, 'test.yaml'), options);
  const events: SimEvent[] = [];
  run.runSync((e) => events.push({ ...e }));
  return { events, run };
}

/** What the program(s) printed, in order. */
export function appLines(events: SimEvent[], node?: string): string[] {
  return events.filter((e) => e.kind === 'app' && (node === undefined || e.node === node)).map((e) => e.text ?? '');
}
