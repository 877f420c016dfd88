import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runFolded } from './live-fold.js';
import { randomScript, randomYaml } from './random-networks.js';
import { foldView, liveView } from './tables-view.js';

// The fold holds no device logic: it applies what the events state. On
// networks no one wrote by hand, with commands the kernel refuses among the
// ones it takes, its tables must still be the live devices' after every
// kernel action: routes, addresses, neighbours, MAC tables, forwarding,
// links up and down, queues, and which nodes and ports exist at all.

describe('the fold equals the live devices on random networks', () => {
  it('YAML topologies with a scenario that reconfigures hosts while they talk', () => {
    let changes = 0;
    fc.assert(
      fc.property(randomYaml, ({ yaml, seed }) => {
        const { events } = runFolded(
          yaml,
          (state, network, events) => {
            expect({ seq: state.seq, tables: foldView(state) }, yaml).toEqual({ seq: events.length, tables: liveView(network) });
          },
          { seed, maxEvents: 3000 },
        );
        changes += events.filter((e) => e.kind === 'config').length;
      }),
      { numRuns: 25 },
    );
    // The scenarios did change configurations, not only send frames.
    expect(changes).toBeGreaterThan(25);
  });

  it('shell scripts that make and unmake namespaces, veth pairs and a bridge', () => {
    const changes = new Set<string>();
    fc.assert(
      fc.property(randomScript, (script) => {
        const { events } = runFolded(
          script,
          (state, network, events) => {
            expect({ seq: state.seq, tables: foldView(state) }, script).toEqual({ seq: events.length, tables: liveView(network) });
          },
          { script: true, maxEvents: 3000 },
        );
        for (const e of events) if (e.config) changes.add(e.config.change);
      }),
      { numRuns: 60 },
    );
    // Every kind of change was made and folded somewhere.
    expect([...changes].sort()).toEqual(
      ['deladdr', 'dellink', 'delneigh', 'delnode', 'delroute', 'forwarding', 'newaddr', 'newlink', 'newnode', 'newroute'].sort(),
    );
  });
});
