import type { FoldEvent } from './evolve.js';
import type { FdbState, NetState, NodeState } from './node-state.js';
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
 *   nodes, rarely change. A MAC table mostly grows at its end, as the
 *   switches learn each host that ARPs, so the entries learned since are
 *   appended to those kept.
 * - Text the size of a state, made new for every snapshot and copied once
 *   more into bytes to deflate, cost more in fresh memory than in writing
 *   JSON: joining 3.7 MB of kept text took 10 ms, copying the same bytes
 *   into a buffer already there 3 ms.
 *
 * The bytes are snapshotText's byte for byte, so the stored format is the same.
 */
export class SnapshotBytes {
  private readonly paired: boolean;
  /** What each node keeps after its ports, by name. */
  private readonly kept = new Map<string, KeptNode>();
  private buffer = Buffer.allocUnsafe(64 * 1024);
  private length = 0;

  constructor(format: string) {
    this.paired = PAIRED_QUEUES.has(format);
  }

  /**
   * Told of every event folded into `state`: one that may change more than a
   * node's ports makes what that node keeps stale, in part or whole. A
   * configuration change changes its own node's tables only
   * (evolve-config.ts: renaming a port also renames the far port's peer, a
   * port, written each time); removing a node and making it again are two.
   */
  folded(state: NetState, e: FoldEvent): void {
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
      case 'neigh': {
        const kept = this.kept.get(e.node);
        if (kept) kept.front = undefined;
        return;
      }
      case 'learn':
        return this.learned(state, e.node);
      case 'move':
      case 'age': {
        const kept = this.kept.get(e.node);
        if (kept) kept.size = -1;
        return;
      }
      default:
        this.kept.delete(e.node);
    }
  }

  /** The UTF-8 bytes of `s` as a stored snapshot's JSON text (snapshotText's); a view that the next call overwrites. */
  of(s: NetState): Buffer {
    this.length = 0;
    this.write(`{"seq":${JSON.stringify(s.seq)},"t":${JSON.stringify(s.t)},"nodes":[`);
    let first = true;
    for (const n of s.nodes.values()) {
      this.write(`${first ? '' : ','}{"name":${JSON.stringify(n.name)},"kind":${JSON.stringify(n.kind)},"ports":${this.portsOf(n)}`);
      this.writeKept(n);
      first = false;
    }
    this.write(`],"inFlight":${JSON.stringify([...s.inFlight.values()])}`);
    if (s.relay) this.write(`,"relay":${JSON.stringify(s.relay)}`);
    this.write('}');
    return this.buffer.subarray(0, this.length);
  }

  /**
   * A learn appends a new address to the end of the node's MAC table; one it
   * held already is taken out and put at the end (evolve.ts), which the
   * table's size, unchanged, tells apart.
   */
  private learned(state: NetState, node: string): void {
    const kept = this.kept.get(node);
    if (!kept || kept.size < 0) return;
    const size = state.nodes.get(node)?.fdb.size;
    kept.size = size === kept.size + 1 ? size : -1;
  }

  private portsOf(n: NodeState): string {
    const ports: Array<[string, PortJson]> = [];
    for (const [name, p] of n.ports) ports.push([name, portJson(p, this.paired, false)]);
    return JSON.stringify(ports);
  }

  /** The node after its ports, from what it keeps, remade where stale. */
  private writeKept(n: NodeState): void {
    let kept = this.kept.get(n.name);
    if (kept === undefined) {
      kept = { entries: [], written: 0, size: -1 };
      this.kept.set(n.name, kept);
    }
    kept.front ??= Buffer.from(`,"neigh":${JSON.stringify([...n.neigh.values()])},"fdb":[`, 'utf8');
    this.copy(kept.front);
    this.keepEntries(kept, n);
    for (const chunk of kept.entries) this.copy(chunk);
    kept.back ??= Buffer.from(backText(n), 'utf8');
    this.copy(kept.back);
  }

  /** Brings the MAC entries kept up to the table: the ones appended since, or all of them when it changed otherwise. */
  private keepEntries(kept: KeptNode, n: NodeState): void {
    const { fdb } = n;
    if (kept.size !== fdb.size) {
      kept.entries = fdb.size === 0 ? [] : [Buffer.from(JSON.stringify([...fdb.values()]).slice(1, -1), 'utf8')];
    } else if (kept.written < fdb.size) {
      const appended: FdbState[] = [];
      let at = 0;
      for (const entry of fdb.values()) if (at++ >= kept.written) appended.push(entry);
      const text = JSON.stringify(appended).slice(1, -1);
      kept.entries.push(Buffer.from(kept.written === 0 ? text : `,${text}`, 'utf8'));
      if (kept.entries.length > MAX_CHUNKS) kept.entries = [Buffer.concat(kept.entries)];
    }
    kept.written = kept.size = fdb.size;
  }

  /**
   * Appends `text`'s UTF-8. A state's JSON is almost always ASCII (names,
   * MACs, addresses), and ASCII's UTF-8 is its Latin-1, which Node copies a
   * byte per character without encoding: on 5 MB, 0.7 ms to count the bytes
   * and 4 ms to copy them, against 14 ms to encode.
   */
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

/**
 * A node after its ports, as bytes kept between snapshots: NodeJson's
 * neigh, then fdb's entries, then lo, ipForward, routes and stp.
 */
interface KeptNode {
  /** `,"neigh":[…],"fdb":[`; undefined: made again at the next snapshot. */
  front?: Buffer;
  /** The MAC table's first `written` entries, comma-separated, in the chunks they were appended in. */
  entries: Buffer[];
  written: number;
  /** The table's size after the learns since, each appending one address; -1: it changed otherwise, and is written whole. */
  size: number;
  /** `]`, then what the node has of lo, ipForward, routes and stp, then `}`. */
  back?: Buffer;
}

/** Chunks of MAC entries a node keeps before they are joined into one. */
const MAX_CHUNKS = 16;

/** What NodeJson holds after the MAC table's entries (state-snapshot.ts): the list's end, then lo, ipForward, routes and stp where the node has them. */
function backText(n: NodeState): string {
  let text = ']';
  if (n.lo !== undefined) text += `,"lo":${JSON.stringify(n.lo)}`;
  if (n.ipForward !== undefined) text += `,"ipForward":${JSON.stringify(n.ipForward)}`;
  if (n.routes) text += `,"routes":${JSON.stringify(n.routes.routes())}`;
  if (n.stp) text += `,"stp":${JSON.stringify(n.stp)}`;
  return `${text}}`;
}
