import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import { REPO } from '../helpers/cli.js';

// A host makes the tables of what it does when it first does it: its ping
// and UDP sockets, its fragments' reassembly queues, its path MTU exceptions,
// the packet sockets reading its ARP. An empty Map is about 180 bytes, and a
// tree of 5,000 hosts made five of them a host that most never used: 4.3 MB
// of the simulating thread's 38 MB at the start (issue 21). What the tables
// do once made is the subject of the sockets', reassembly's, path MTU's and
// arping's own tests; this is what a host holds before.

/** The tables of `host` (a Host of the run's network) that exist: by the name of the part that owns each. */
function tablesOf(host: unknown): string[] {
  const h = host as Record<string, Record<string, unknown>>;
  const owned: Array<[string, unknown]> = [
    ['pings', h.pings!.bound],
    ['udp', h.udp!.bound],
    ['reassembly', h.reassembly!.queues],
    ['pathMtus', h.pathMtus!.map],
    ['arp readers', h.arp!.readers],
  ];
  return owned.filter(([, table]) => table !== undefined).map(([name]) => name);
}

describe('the tables a host has not used', () => {
  it('are not made: a host that only answers holds no socket, queue or exception table; the pinging host holds its ping socket', () => {
    const yaml = readFileSync(join(REPO, 'recordings', 'switch-3-hosts.yaml'), 'utf8');
    const run = new LiveRun(loadYamlTopology(yaml, 'switch-3-hosts.yaml'));
    const hosts = ['h1', 'h2', 'h3'].map((name) => run.network.devices.get(name));
    expect(hosts.map(tablesOf)).toEqual([[], [], []]);
    run.runSync(() => {});
    // h1 pinged h2 (and closed its socket: the table stays, as a Map that was used stays); h2 answered; h3 saw one ARP request.
    expect(hosts.map(tablesOf)).toEqual([['pings'], [], []]);
  });
});
