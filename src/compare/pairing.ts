import { InputError } from '../errors/input-error.js';
import type { RecordingHeader } from '../store/recording.js';

/**
 * Which node of B stands for which node of A. Two topologies of one scenario
 * often name their hosts differently (h1 vs alice): the diff then compares
 * B through A's names. A pair comes from `--map A=B` (by hand), else from the
 * same name, else, for hosts and routers, from the same IPv4 address in the
 * recordings' starting configuration. The interfaces of a paired node are
 * paired by the address they hold (eth0 vs e0), else by name.
 */
export interface NodePair {
  a: string;
  b: string;
  by: 'map' | 'address';
}

/** The pairing a diff used: the pairs whose names differ or that --map named (same-name pairs are implied). */
export interface Pairing {
  pairs: NodePair[];
  /** B's node name -> the name the diff uses (A's). */
  nodes: Record<string, string>;
  /** `bNode:bPort` -> A's port name, where they differ. */
  ports: Record<string, string>;
}

/** A bad --map: the flag, and what is wrong (exit 2). */
export class PairingError extends InputError {
  override name = 'PairingError';
}

const ENDPOINTS = new Set(['host', 'router']);
const NAME = /^[^\s=,]+$/;

/** `h1=alice,h2=bob` as pairs; throws PairingError naming what is malformed. */
export function parseMapFlag(text: string): Array<[string, string]> {
  const items = text.split(',').map((s) => s.trim());
  return items.map((item) => {
    const [a, b, extra] = item.split('=');
    if (extra !== undefined || !a || !b || !NAME.test(a) || !NAME.test(b))
      throw new PairingError(`--map: '${item}' is not A_NODE=B_NODE (e.g. --map h1=alice,h2=bob)`);
    return [a, b];
  });
}

/** Pairs the two headers' nodes (see above); throws PairingError for an unknown or twice-paired node. */
export function pairNodes(ha: RecordingHeader, hb: RecordingHeader, map: Array<[string, string]> = []): Pairing {
  const kindsA = new Map(ha.nodes.map((n) => [n.name, n.kind]));
  const kindsB = new Map(hb.nodes.map((n) => [n.name, n.kind]));
  const aToB = new Map<string, string>();
  const bToA = new Map<string, string>();
  const pairs: NodePair[] = [];
  const list = (k: Map<string, string>): string => [...k.keys()].join(', ');
  for (const [a, b] of map) {
    if (!kindsA.has(a)) throw new PairingError(`--map: ${a} is not a node of A (${ha.name}; its nodes: ${list(kindsA)})`);
    if (!kindsB.has(b)) throw new PairingError(`--map: ${b} is not a node of B (${hb.name}; its nodes: ${list(kindsB)})`);
    if (aToB.has(a)) throw new PairingError(`--map: ${a} (of A) is paired twice (with ${aToB.get(a)} and ${b})`);
    if (bToA.has(b)) throw new PairingError(`--map: ${b} (of B) is paired twice (with ${bToA.get(b)} and ${a})`);
    aToB.set(a, b);
    bToA.set(b, a);
    pairs.push({ a, b, by: 'map' });
  }
  for (const a of kindsA.keys()) {
    if (!aToB.has(a) && kindsB.has(a) && !bToA.has(a)) {
      aToB.set(a, a);
      bToA.set(a, a);
    }
  }
  const ipsA = addresses(ha);
  const ipsB = addresses(hb);
  for (const [a, kind] of kindsA) {
    if (aToB.has(a) || !ENDPOINTS.has(kind)) continue;
    const mine = ipsA.get(a) ?? new Set();
    const found = [...kindsB].filter(([b, k]) => !bToA.has(b) && ENDPOINTS.has(k) && [...(ipsB.get(b) ?? [])].some((ip) => mine.has(ip)));
    if (found.length !== 1) continue;
    const b = found[0]![0];
    aToB.set(a, b);
    bToA.set(b, a);
    pairs.push({ a, b, by: 'address' });
  }
  const nodes: Record<string, string> = {};
  for (const b of kindsB.keys()) {
    const a = bToA.get(b);
    // An unpaired B node named like some A node would be taken for it: it keeps a name no A node has.
    if (a !== undefined) nodes[b] = a;
    else if (kindsA.has(b)) nodes[b] = `B:${b}`;
  }
  return { pairs, nodes: Object.fromEntries(Object.entries(nodes).filter(([b, a]) => a !== b)), ports: pairPorts(ha, hb, bToA) };
}

/** Node -> its IPv4 addresses (prefix dropped), from the starting configuration. */
function addresses(h: RecordingHeader): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const x of h.start?.addresses ?? []) {
    const ip = x.address.split('/')[0]!;
    const s = out.get(x.node) ?? new Set<string>();
    s.add(ip);
    out.set(x.node, s);
  }
  return out;
}

/** A paired node's interfaces: B's interface holding an address takes the name of A's interface holding it. */
function pairPorts(ha: RecordingHeader, hb: RecordingHeader, bToA: Map<string, string>): Record<string, string> {
  const portOf = new Map<string, string>();
  for (const x of ha.start?.addresses ?? []) portOf.set(`${x.node}|${x.address.split('/')[0]}`, x.port);
  const out: Record<string, string> = {};
  for (const x of hb.start?.addresses ?? []) {
    const a = bToA.get(x.node);
    const port = a === undefined ? undefined : portOf.get(`${a}|${x.address.split('/')[0]}`);
    if (port !== undefined && port !== x.port) out[`${x.node}:${x.port}`] = port;
  }
  return out;
}

/** B's names in A's terms; A's are its own. */
export class Renamer {
  constructor(private readonly pairing: Pairing | undefined) {}

  node(n: string): string {
    return this.pairing?.nodes[n] ?? n;
  }

  port(node: string, port: string): string {
    return this.pairing?.ports[`${node}:${port}`] ?? port;
  }
}

/** The other direction: A's node (and port) -> B's, for reading B's recording at A's place. */
export function towardB(p: Pairing | undefined): Renamer {
  if (!p) return new Renamer(undefined);
  const nodes = Object.fromEntries(Object.entries(p.nodes).map(([b, a]) => [a, b]));
  const ports: Record<string, string> = {};
  for (const [bp, aPort] of Object.entries(p.ports)) {
    const i = bp.lastIndexOf(':');
    const bNode = bp.slice(0, i);
    ports[`${p.nodes[bNode] ?? bNode}:${aPort}`] = bp.slice(i + 1);
  }
  return new Renamer({ pairs: [], nodes, ports });
}

/** How the pairing reads in the text output: `by --map h1=alice; by IP address h2=bob`. */
export function pairingText(pairs: NodePair[]): string {
  const group = (by: NodePair['by'], title: string): string[] => {
    const these = pairs.filter((x) => x.by === by).map((x) => `${x.a}=${x.b}`);
    return these.length ? [`${title}: ${these.join(', ')}`] : [];
  };
  return [...group('map', 'by --map'), ...group('address', 'by IP address')].join('; ');
}
