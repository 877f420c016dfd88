import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Host } from '../../src/devices/host.js';
import { LiveRun } from '../../src/pipeline/live-run.js';
import { describeRoute } from '../../src/tables/route-table.js';
import { routeFromFact } from '../../src/tables/route-fact.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';
import { formatCidr } from '../../src/wire/ipv4-address.js';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

const dir = tempDir();
const rec = join(dir, 'routers.db');
hoplab(['run', 'recordings/routers-chain.yaml', '-o', rec, '--quiet']);

function rows<T>(path: string, sql: string): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('the recording states the configuration the network started from (schema version 4)', () => {
  it("holds each host's and router's interfaces, addresses and routes as its live stack held them at time 0", () => {
    const run = new LiveRun(loadYamlTopology(readFileSync(join(REPO, 'recordings/routers-chain.yaml'), 'utf8'), 'x.yaml'));
    const hosts = [...run.network.devices.values()].filter((d): d is Host => d instanceof Host);
    expect(hosts.length).toBeGreaterThan(3);
    for (const host of hosts) {
      type Route = {
        device: string;
        destination: string;
        gateway: string | null;
        source: string | null;
        proto: 'kernel' | 'boot';
        metric: number;
      };
      const routes = rows<Route>(rec, `SELECT * FROM start_routes WHERE node = '${host.name}' ORDER BY rowid`);
      expect(
        routes.map((r) => describeRoute(routeFromFact(r.device, { ...r, gateway: r.gateway ?? undefined, source: r.source ?? undefined }))),
      ).toEqual(host.routes.routes().map(describeRoute));
      const addresses = rows<{ port: string; address: string }>(
        rec,
        `SELECT port, address FROM start_addresses WHERE node = '${host.name}' ORDER BY rowid`,
      );
      expect(addresses).toEqual(
        [...host.interfaces.values()].flatMap((i) => i.addresses.map((a) => ({ port: i.name, address: formatCidr(a) }))),
      );
      expect(rows(rec, `SELECT kind, lo, ip_forward FROM start_nodes WHERE node = '${host.name}'`)).toEqual([
        { kind: host.kind, lo: host.loUp ? 1 : 0, ip_forward: host.ipForward ? 1 : 0 },
      ]);
    }
  });

  it('hoplab state starts from those tables, not from the topology source', () => {
    const blind = join(dir, 'blind.db');
    copyFileSync(rec, blind);
    const db = new Database(blind);
    db.prepare("UPDATE meta SET value = 'not: [a topology' WHERE key = 'topology_source'").run();
    db.close();
    const state = hoplab(['state', blind, '--at', '0']);
    expect(state.status).toBe(0);
    expect(state.stdout).toBe(hoplab(['state', rec, '--at', '0']).stdout);
    expect(state.stdout).toMatch(/ via \d+\.\d+\.\d+\.\d+ dev /);
    expect(state.stdout).toMatch(/proto kernel scope link src /);
  });

  it("a script's recording starts from its root namespace alone, lo up", () => {
    const script = join(dir, 'tutorial.db');
    hoplab(['run', 'recordings/tutorial.sh', '-o', script, '--quiet']);
    expect(rows(script, 'SELECT node, kind, lo, ip_forward FROM start_nodes')).toEqual([
      { node: 'root', kind: 'host', lo: 1, ip_forward: 0 },
    ]);
    expect(rows(script, 'SELECT count(*) AS n FROM start_ports')).toEqual([{ n: 0 }]);
  });
});
