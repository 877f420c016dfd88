import { HUB_DEFAULT_RATE_BPS, type Endpoint, type Topology } from '../topology/model.js';

/** A port of a non-hub node cabled to a hub port: a station on the hub's segment. */
export interface HubStation {
  readonly node: string;
  readonly port: string;
  readonly hub: string;
  readonly hubPort: string;
  /** Propagation delay of the station's cable (ns). */
  readonly delayNs: number;
  /** Frames the station's transmit queue holds behind the one on the wire (its cable's `queue`). */
  readonly queue: number;
}

/** What a hub port is cabled to: a station, or a port of another hub. */
export type HubPortPeer = { kind: 'station'; station: HubStation } | { kind: 'hub'; end: Endpoint; delayNs: number };

/**
 * One collision domain: a hub, or hubs cabled to each other. Repeaters joined
 * by cables form a single collision domain, the signal repeated bit by bit
 * through all of them (IEEE 802.3 clause 9), so a frame from any station
 * reaches (or collides with) every other station in the set.
 */
export interface HubDomain {
  readonly hubs: string[];
  /** The segment's rate: a cable to a hub runs at the hub's rate (SPEC §1); the slowest hub sets it. */
  readonly rateBps: number;
  readonly stations: HubStation[];
  /** `hub:port` -> what it is cabled to, for every port of the domain's hubs. */
  readonly peers: Map<string, HubPortPeer>;
  /** Each hub's ports, in the order the links name them. */
  readonly portsOf: Map<string, string[]>;
  /** The domain's repeaters: two-port hubs (IEEE 802.3 clause 9), on the same shared segment. */
  readonly repeaters: Set<string>;
}

/** How a transmission reaches a hub: after how long, in by which port, and by which port of the previous hub. */
export interface HubReach {
  readonly delayNs: number;
  readonly ingress: string;
  /** `hub:port` that carried it from the previous hub; absent at the sender's own hub. */
  readonly via?: string;
}

/** The collision domains of a topology, one per group of hubs cabled together. */
export function findHubDomains(topology: Topology): HubDomain[] {
  // A repeater is a hub with two ports: its cables run half duplex at its rate, in one collision domain (SPEC §1).
  const hubs = topology.nodes.filter((n) => n.kind === 'hub' || n.kind === 'repeater');
  const repeaters = new Set(hubs.filter((n) => n.kind === 'repeater').map((n) => n.name));
  const group = new Map(hubs.map((h) => [h.name, h.name]));
  const root = (h: string): string => {
    while (group.get(h) !== h) h = group.get(h)!;
    return h;
  };
  const isHub = (node: string): boolean => group.has(node);
  for (const l of topology.links) if (isHub(l.a.node) && isHub(l.b.node)) group.set(root(l.a.node), root(l.b.node));

  const domains = new Map<string, HubDomain>();
  for (const h of hubs) {
    const r = root(h.name);
    let d = domains.get(r);
    if (!d) {
      d = { hubs: [], rateBps: Infinity, stations: [], peers: new Map(), portsOf: new Map(), repeaters: new Set() };
      domains.set(r, d);
    }
    d.hubs.push(h.name);
    (d as { rateBps: number }).rateBps = Math.min(d.rateBps, h.rateBps ?? HUB_DEFAULT_RATE_BPS);
    d.portsOf.set(h.name, [...h.ports]);
    if (repeaters.has(h.name)) d.repeaters.add(h.name);
  }
  for (const l of topology.links) {
    for (const [end, other] of [
      [l.a, l.b],
      [l.b, l.a],
    ] as const) {
      if (!isHub(end.node)) continue;
      const d = domains.get(root(end.node))!;
      if (isHub(other.node)) {
        d.peers.set(`${end.node}:${end.port}`, { kind: 'hub', end: other, delayNs: l.delayNs });
      } else {
        const station: HubStation = {
          node: other.node,
          port: other.port,
          hub: end.node,
          hubPort: end.port,
          delayNs: l.delayNs,
          queue: l.queue,
        };
        d.stations.push(station);
        d.peers.set(`${end.node}:${end.port}`, { kind: 'station', station });
      }
    }
  }
  return [...domains.values()];
}

/**
 * Where a station's transmission goes within its domain: every hub it
 * reaches through ports that are up, nearest first (Dijkstra over the few
 * hubs; a loop of hubs is not a valid Ethernet, the shortest path stands for it).
 */
export function reachFrom(domain: HubDomain, from: HubStation, isPortUp: (node: string, port: string) => boolean): Map<string, HubReach> {
  const best = new Map<string, HubReach>([[from.hub, { delayNs: 0, ingress: from.hubPort }]]);
  const done = new Map<string, HubReach>();
  while (best.size > 0) {
    let hub = '';
    let reach: HubReach | undefined;
    for (const [h, r] of best) if (!reach || r.delayNs < reach.delayNs) [hub, reach] = [h, r];
    best.delete(hub);
    done.set(hub, reach!);
    for (const port of domain.portsOf.get(hub) ?? []) {
      const peer = domain.peers.get(`${hub}:${port}`);
      if (peer?.kind !== 'hub' || done.has(peer.end.node)) continue;
      if (!isPortUp(hub, port) || !isPortUp(peer.end.node, peer.end.port)) continue;
      const delayNs = reach!.delayNs + peer.delayNs;
      const known = best.get(peer.end.node);
      if (!known || delayNs < known.delayNs) best.set(peer.end.node, { delayNs, ingress: peer.end.port, via: `${hub}:${port}` });
    }
  }
  return done;
}
