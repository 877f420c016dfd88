import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DescriptionHint } from '../../src/events/description-hint.js';
import type { SimEvent } from '../../src/events/event.js';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { templateOf } from '../../src/store/why-template.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import { REPO } from '../helpers/cli.js';

// A hint (description-hint.ts) is a producer's promise that every event it
// tags is described alike: the recorder then stores the first one's
// description for all of them without looking. A broken promise would record
// a wrong sentence, silently. Every example keeps it, and the storm's
// broadcast floods and full-queue drops, which carry hints, keep it too.

/** Everything the recorder stores of an event's description (the descriptions table), an ARP target in why read as its hole (why-template.ts). */
function description(e: SimEvent): string {
  const { kind, node, port, out, reason, mac, from, ip, state, text, senders, channel, config, vlan } = e;
  const why = templateOf(e.why, e.bytes) ?? e.why;
  return JSON.stringify([kind, node, port, why, out, reason, mac, from, ip, state, text, senders, channel, config, vlan]);
}

/** Each hint seen in a run, with the descriptions of the events it tagged. */
function hintsOf(file: string, maxEvents: number): Map<DescriptionHint, { kind: string; descriptions: Set<string>; events: number }> {
  const topology = loadYamlTopology(readFileSync(join(REPO, 'recordings', file), 'utf8'), `recordings/${file}`);
  const hints = new Map<DescriptionHint, { kind: string; descriptions: Set<string>; events: number }>();
  new LiveRun(topology, { maxEvents }).runSync((e) => {
    if (e.hint === undefined) return;
    const seen = hints.get(e.hint) ?? { kind: e.kind, descriptions: new Set<string>(), events: 0 };
    seen.descriptions.add(description(e));
    seen.events++;
    hints.set(e.hint, seen);
  });
  return hints;
}

describe('description hints', () => {
  const examples = readdirSync(join(REPO, 'recordings'))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  for (const file of examples) {
    it(`${file}: every event a hint tags is described alike`, () => {
      for (const { descriptions } of hintsOf(file, 20_000).values())
        expect([...descriptions].slice(0, 2)).toEqual([...descriptions].slice(0, 1));
    });
  }

  it("the storm's broadcast floods, full-queue drops and MAC moves each share one hint per port", () => {
    const hints = [...hintsOf('mesh-storm.yaml', 20_000).values()];
    const floods = hints.filter((h) => h.kind === 'flood');
    const drops = hints.filter((h) => h.kind === 'drop');
    expect(floods.length).toBeGreaterThan(0);
    expect(drops.length).toBeGreaterThan(0);
    const moves = hints.filter((h) => h.kind === 'move');
    expect(moves.length).toBeGreaterThan(0);
    for (const h of [...floods, ...drops, ...moves]) expect(h.descriptions.size).toBe(1);
    // Each hint is reused: far fewer hints than the events they tag.
    const tagged = (hs: typeof hints): number => hs.reduce((n, h) => n + h.events, 0);
    expect(tagged(floods)).toBeGreaterThan(20 * floods.length);
    expect(tagged(drops)).toBeGreaterThan(20 * drops.length);
    expect(tagged(moves)).toBeGreaterThan(20 * moves.length);
  });
});
