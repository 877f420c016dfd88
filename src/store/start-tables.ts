import type Database from 'better-sqlite3';
import type { StartingConfig } from '../state/node-state.js';

/** The starting configuration into its tables (schema version 4), in one transaction, in order. */
export function writeStart(db: Database.Database, start: StartingConfig): void {
  const node = db.prepare('INSERT INTO start_nodes (node, kind, lo, ip_forward) VALUES (?, ?, ?, ?)');
  const port = db.prepare('INSERT INTO start_ports (node, port, up) VALUES (?, ?, ?)');
  const address = db.prepare('INSERT INTO start_addresses (node, port, address) VALUES (?, ?, ?)');
  const route = db.prepare(
    'INSERT INTO start_routes (node, destination, gateway, device, source, proto, metric) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const flag = (b: boolean | undefined): number | null => (b === undefined ? null : b ? 1 : 0);
  db.transaction(() => {
    for (const n of start.nodes) node.run(n.name, n.kind, flag(n.lo), flag(n.ipForward));
    for (const p of start.ports) port.run(p.node, p.port, p.up ? 1 : 0);
    for (const a of start.addresses) address.run(a.node, a.port, a.address);
    for (const r of start.routes) route.run(r.node, r.destination, r.gateway ?? null, r.device, r.source ?? null, r.proto, r.metric);
  })();
}

interface StartRouteRow {
  node: string;
  destination: string;
  gateway: string | null;
  device: string;
  source: string | null;
  proto: 'kernel' | 'boot';
  metric: number;
}

/** The starting configuration as a schema 4 recording stores it. */
export function readStart(db: Database.Database): StartingConfig {
  const nodes = db.prepare('SELECT node, kind, lo, ip_forward FROM start_nodes NOT INDEXED ORDER BY rowid').all() as Array<{
    node: string;
    kind: string;
    lo: number | null;
    ip_forward: number | null;
  }>;
  const ports = db.prepare('SELECT node, port, up FROM start_ports NOT INDEXED ORDER BY rowid').all() as Array<{
    node: string;
    port: string;
    up: number;
  }>;
  const routes = db.prepare('SELECT * FROM start_routes NOT INDEXED ORDER BY rowid').all() as StartRouteRow[];
  return {
    nodes: nodes.map((n) => ({
      name: n.node,
      kind: n.kind,
      ...(n.lo !== null && { lo: n.lo === 1 }),
      ...(n.ip_forward !== null && { ipForward: n.ip_forward === 1 }),
    })),
    ports: ports.map((p) => ({ node: p.node, port: p.port, up: p.up === 1 })),
    addresses: db
      .prepare('SELECT node, port, address FROM start_addresses NOT INDEXED ORDER BY rowid')
      .all() as StartingConfig['addresses'],
    routes: routes.map((r) => ({
      node: r.node,
      device: r.device,
      destination: r.destination,
      ...(r.gateway !== null && { gateway: r.gateway }),
      ...(r.source !== null && { source: r.source }),
      proto: r.proto,
      metric: r.metric,
    })),
  };
}
