import type { RecordingHeader } from '../store/recording.js';
import { parseMac, type Mac } from '../wire/mac.js';
import { Renamer } from './pairing.js';

/**
 * What the diff needs to know of one recording's topology: which nodes are
 * endpoints (hosts and routers, which keep their names across the two
 * topologies being compared), which MAC belongs to which host interface, and
 * what sits at the far end of each port's cable.
 *
 * Two topologies of the same scenario name their hosts alike but their middle
 * devices (hub1, sw1) as they please, and draw different MACs (SPEC §1: MACs
 * come from the seed and the layout). So events are compared through labels:
 * an endpoint by its name, a MAC by the interface that owns it (`h2:eth0`), a
 * middle device by its name only when the other topology has a middle device
 * of that name, else as `·` — "the device in between".
 *
 * B's view sees B's nodes by the names of the A nodes they are paired with
 * (pairing.ts): its methods take B's own names and answer in A's; `peer`
 * alone answers in B's own, for sentences about B.
 */
export const ANONYMOUS_DEVICE = '·';

const ENDPOINT_KINDS = new Set(['host', 'router']);

export class RecordingView {
  /** Keyed by the diff's names (A's, for a paired B node). */
  readonly kinds = new Map<string, string>();
  readonly hosts: string[] = [];
  /** MAC (as a number) -> owner node, for naming addressees. */
  readonly macOwner = new Map<Mac, string>();
  /** MAC -> `node:iface`, the role a frame's address plays in both topologies. */
  readonly macRole = new Map<Mac, string>();
  private readonly peers = new Map<string, string>();
  private other: RecordingView | undefined;

  constructor(
    readonly header: RecordingHeader,
    readonly rename = new Renamer(undefined),
  ) {
    for (const n of header.nodes) {
      this.kinds.set(rename.node(n.name), n.kind);
      if (n.kind === 'host') this.hosts.push(rename.node(n.name));
    }
    for (const p of header.ports) {
      if (p.peerNode) this.peers.set(`${p.node}:${p.port}`, p.peerNode);
      if (p.mac) {
        const mac = parseMac(p.mac);
        this.macOwner.set(mac, rename.node(p.node));
        this.macRole.set(mac, `${rename.node(p.node)}:${rename.port(p.node, p.port)}`);
      }
    }
  }

  /** Labels are relative: a middle device keeps its name only if the other topology has one of that name. */
  pairWith(other: RecordingView): void {
    this.other = other;
  }

  isEndpoint(node: string): boolean {
    return ENDPOINT_KINDS.has(this.kinds.get(this.rename.node(node)) ?? 'host');
  }

  isHost(node: string): boolean {
    return this.kinds.get(this.rename.node(node)) === 'host';
  }

  label(node: string): string {
    const name = this.rename.node(node);
    if (this.isEndpoint(node)) return name;
    const o = this.other;
    return o?.kinds.has(name) && !ENDPOINT_KINDS.has(o.kinds.get(name)!) ? name : ANONYMOUS_DEVICE;
  }

  /** The node at the far end of NODE:PORT's cable (this recording's own name), or undefined when nothing is cabled there. */
  peer(node: string, port: string): string | undefined {
    return this.peers.get(`${node}:${port}`);
  }

  /** The label of what NODE:PORT leads to: `-` for an uncabled port. */
  peerLabel(node: string, port: string | undefined): string {
    if (port === undefined) return '?';
    const p = this.peer(node, port);
    return p === undefined ? '-' : this.label(p);
  }
}
