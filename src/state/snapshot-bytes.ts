import type { FoldEvent } from './evolve.js';
import type { NetState, NodeState } from './node-state.js';
import { PAIRED_QUEUES, portJson, type PortJson } from './state-snapshot.js';

/**
 * snapshotText's text as UTF-8 bytes, written into one buffer kept from one
 * snapshot to the next, with only what changed since the last one made
 * again. On a 5,000-host tree a snapshot is 5 MB of JSON, every 150,000
 * events, in the recorder's worker (issue 21):
 *
 * - A node's ports change with every frame (their counters), so they are
 *   written each time. The rest of a node (neighbours, MAC table, loopback,
 *   forwarding, routes, spanning tree) is kept as bytes until an event that
 *   can change it: the hosts' routes and ARP caches, 5,000 of the 5,251
 *   nodes, rarely change.
 * - Text the size of a state, made new for every snapshot and copied once
 *   more into bytes to deflate, cost more in fresh memory than in writing
 *   JSON: joining 3.7 MB of kept text took 10 ms, copying the same bytes
 *   into a buffer already there 3 ms.
 *
 * The bytes are snapshotText's byte for byte, so the stored format is the same.
 */
export class SnapshotBytes {
  private readonly paired: boolean;
  /** Each node's bytes after its ports, by name. */
  private readonly tails = new Map<string, Buffer>();
  private buffer = Buffer.allocUnsafe(64 * 1024);
  private length = 0;

  constructor(format: string) {
    this.paired = PAIRED_QUEUES.has(format);
  }

  /**
   * Told of every event folded in, after the fold: one that may change more
   * than a node's ports makes that node's kept bytes stale. A configuration
   * change too, which changes its own node's tables only (evolve-config.ts:
   * renaming a port also renames the far port's peer, a port, written each
   * time). Removing a node and making it again are two such changes.
   */
  folded(e: FoldEvent): void {
    switch (e.kind) {
      // What evolve.ts does with these touches ports, frames on the wires and a hub's relay only.
      case 'tx':
      case 'rx':
      case 'deliver':
      case 'forward':
      case 'flood':
      case 'filter':
      case 'drop':
      case 'collision':
      case 'command':
      case 'app':
        return;
      default:
        this.tails.delete(e.node);
    }
  }

  /** The UTF-8 bytes of `s` as a stored snapshot's JSON text (snapshotText's); a view that the next call overwrites. */
  of(s: NetState): Buffer {
    this.length = 0;
    this.write(`{"seq":${JSON.stringify(s.seq)},"t":${JSON.stringify(s.t)},"nodes":[`);
    let first = true;
    for (const n of s.nodes.values()) {
      this.write(`${first ? '' : ','}{"name":${JSON.stringify(n.name)},"kind":${JSON.stringify(n.kind)},"ports":${this.portsOf(n)}`);
      this.copy(this.tailOf(n));
      first = false;
    }
    this.write(`],"inFlight":${JSON.stringify([...s.inFlight.values()])}`);
    if (s.relay) this.write(`,"relay":${JSON.stringify(s.relay)}`);
    this.write('}');
    return this.buffer.subarray(0, this.length);
  }

  private portsOf(n: NodeState): string {
    const ports: Array<[string, PortJson]> = [];
    for (const [name, p] of n.ports) ports.push([name, portJson(p, this.paired, false)]);
    return JSON.stringify(ports);
  }

  private tailOf(n: NodeState): Buffer {
    let bytes = this.tails.get(n.name);
    if (bytes === undefined) {
      bytes = Buffer.from(tailText(n), 'utf8');
      this.tails.set(n.name, bytes);
    }
    return bytes;
  }

  /** Appends `text`'s UTF-8, copied as Latin-1 when it is ASCII (the same bytes, without encoding: snapshot-codec.ts). */
  private write(text: string): void {
    const bytes = Buffer.byteLength(text, 'utf8');
    this.reserve(bytes);
    this.length += this.buffer.write(text, this.length, bytes, bytes === text.length ? 'latin1' : 'utf8');
  }

  private copy(bytes: Buffer): void {
    this.reserve(bytes.byteLength);
    this.buffer.set(bytes, this.length);
    this.length += bytes.byteLength;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.byteLength) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.byteLength * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

/** A node's text after its ports, in NodeJson's order (state-snapshot.ts): neigh, fdb, then lo, ipForward, routes and stp where the node has them. */
function tailText(n: NodeState): string {
  let text = `,"neigh":${JSON.stringify([...n.neigh.values()])},"fdb":${JSON.stringify([...n.fdb.values()])}`;
  if (n.lo !== undefined) text += `,"lo":${JSON.stringify(n.lo)}`;
  if (n.ipForward !== undefined) text += `,"ipForward":${JSON.stringify(n.ipForward)}`;
  if (n.routes) text += `,"routes":${JSON.stringify(n.routes.routes())}`;
  if (n.stp) text += `,"stp":${JSON.stringify(n.stp)}`;
  return `${text}}`;
}
