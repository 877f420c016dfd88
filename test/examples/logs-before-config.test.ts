import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import { Fingerprint } from '../../src/events/fingerprint.js';
import { WithoutConfig } from '../../src/events/without-config.js';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { attachScript } from '../../src/shell/attach.js';
import { legacyChannel } from '../../src/store/legacy-channel.js';
import { loadScriptTopology } from '../../src/topology/script-load.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import { REPO } from '../helpers/cli.js';

// test/fixtures/fingerprints-schema-v3.json is test/fixtures/fingerprints.json
// as hoplab committed it at schema version 3 (commit 248c6ba), before
// configuration events and the app line's channel: each example's
// fingerprint, a SHA-256 over every event's columns in order and every
// frame's bytes (events/fingerprint.ts). Taking today's configuration events
// out of the log, renumbering the rest (seq, cause, the seq a sentence cites) and leaving out the
// columns schema 3 did not have must give that fingerprint again: the
// other events, their texts and every frame on every wire are unchanged.
// And each app line's channel is the stream hoplab printed it on before it
// was recorded (legacy-channel.ts tells it as hoplab then did).

const BEFORE: Record<string, { events: number; fingerprint: string }> = JSON.parse(
  readFileSync(join(REPO, 'test/fixtures/fingerprints-schema-v3.json'), 'utf8'),
);
const EXAMPLES = readdirSync(join(REPO, 'recordings'))
  .filter((f) => /\.(yaml|sh)$/.test(f))
  .sort();

/** An example's log as `hoplab run recordings/FILE` makes it. */
function runExample(file: string): SimEvent[] {
  const path = `recordings/${file}`;
  const text = readFileSync(join(REPO, path), 'utf8');
  const topology = file.endsWith('.sh') ? loadScriptTopology(text, path) : loadYamlTopology(text, path);
  const run = new LiveRun(topology, { seed: topology.seed });
  attachScript(run.network);
  const events: SimEvent[] = [];
  run.runSync((e) => events.push(e));
  return events;
}

/** The fingerprint schema 3 gave the log: configuration events out, the rest renumbered (events/without-config.ts), only its columns. */
function schema3Fingerprint(events: SimEvent[]): { events: number; fingerprint: string } {
  const print = new Fingerprint();
  const older = new WithoutConfig();
  for (const e of events) {
    if (e.cause !== undefined && e.kind !== 'config')
      expect(older.wasConfig(e.cause), `#${e.seq} is caused by a configuration event`).toBe(false);
    const renumbered = older.renumber(e);
    if (renumbered === undefined) continue;
    const old: SimEvent = { seq: renumbered.seq, t: e.t, kind: e.kind, node: e.node, why: renumbered.why };
    for (const k of ['port', 'frame', 'cause', 'out', 'reason', 'mac', 'from', 'ip', 'state', 'text', 'senders'] as const)
      if (renumbered[k] !== undefined) (old as unknown as Record<string, unknown>)[k] = renumbered[k];
    // The one deliberate change since (15880d5, CHANGELOG): a UDP datagram for no socket was dropped as
    // not-for-me; it has its own reason now. Said back the old way, the rest must be unchanged.
    if (old.reason === 'port-unreachable') old.reason = 'not-for-me';
    print.add(old, e.bytes);
  }
  return { events: print.events, fingerprint: print.digest() };
}

describe('every example logs what it logged at schema version 3, configuration events aside', () => {
  // Examples added since schema 3 have no schema 3 log to compare with.
  const ADDED_SINCE = ['triangle-rstp.yaml', 'triangle-stp.yaml'];
  // Examples whose behaviour changed on purpose since (CHANGELOG): in triangle-broken, sw3 taking p2 down
  // now takes sw1:p3's carrier too, as a veth's peer, so sw1 no longer floods into the dead link.
  // vlan-2-groups: h1's lo is down, so the Destination Host Unreachable it sends itself is lost (issue 18, oracle
  // L1-lo-down). tutorial.sh: veth1 moved back to the root namespace takes veth0's carrier, and linkwatch evicts
  // veth0's neighbour (neigh_carrier_down, oracle C1-carrier). hub-2-segments and hub-3-hosts: a frame on the hub
  // holds the wire for its 802.3 length, preamble, padding and FCS included (issue 18 item 11), so their times, their
  // station tx sentences and ping's round-trip times changed (test/net/wire-bits.test.ts has the arithmetic).
  // routers-chain: traceroute's send loop takes 26 µs a probe and reads answers only when it polls (oracle T9-tools),
  // so its probes leave 26 µs apart and no more leave than Linux sends. bridge-2-segments, router-2-networks,
  // switch-3-hosts and veth-pair: ping waits out its receive timeout on the kernel's timer wheel (oracle S5), so its
  // second request leaves 1.0245 s after the first, not 1 s, and what follows moves with it.
  const CHANGED_SINCE = [
    'bridge-2-segments.yaml',
    'router-2-networks.yaml',
    'switch-3-hosts.yaml',
    'veth-pair.yaml',
    'triangle-broken.yaml',
    'vlan-2-groups.yaml',
    'tutorial.sh',
    'hub-2-segments.yaml',
    'hub-3-hosts.yaml',
    'routers-chain.yaml',
  ];
  it('the schema 3 fingerprints cover every example but those added since', () => {
    expect(Object.keys(BEFORE).sort()).toEqual(EXAMPLES.filter((f) => !ADDED_SINCE.includes(f)));
  });

  for (const file of EXAMPLES.filter((f) => !ADDED_SINCE.includes(f) && !CHANGED_SINCE.includes(f))) {
    it(`${file}: the same events, texts and frames, each app line on the stream it went to before`, () => {
      const events = runExample(file);
      expect(schema3Fingerprint(events)).toEqual(BEFORE[file]);
      for (const e of events) if (e.kind === 'app') expect(e.channel, e.text).toBe(legacyChannel(e.why, e.text));
    });
  }
});
