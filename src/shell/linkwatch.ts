import { flushNeighbours, interfaceCarrier } from '../devices/host-config.js';
import type { CarrierWatch, Kernel, Link } from './kernel.js';

/** linkwatch's rate limit (net/core/link_watch.c): one non-urgent run a second (HZ). */
const RATE_LIMIT_NS = 1_000_000_000;

/**
 * Linux's linkwatch: how a veth's carrier change reaches the stack. The
 * device's flags change at once (`ip link show` prints NO-CARRIER), but the
 * stack hears of it (NETDEV_CHANGE: the routes' `linkdown`, and from 4.19
 * neigh_carrier_down, which evicts the device's neighbours but permanent ones)
 * when linkwatch runs: at once for an urgent event (a running veth whose
 * ifindex differs from its peer's: linkwatch_urgent_event), otherwise not
 * before 1 s after its last non-urgent run (linkwatch_schedule_work).
 * `ip link show DEV` runs a pending event for DEV first (rtnl_getlink's
 * linkwatch_sync_dev). Measured in oracle C1-carrier (kernel 6.18.44).
 */
export class Linkwatch implements CarrierWatch {
  /** When the next non-urgent run may happen (linkwatch_nextevent). */
  private nextEvent = Number.NEGATIVE_INFINITY;
  /** Each link with a pending event, and the carrier the stack still believes it has. */
  private readonly pending = new Map<Link, { believed: boolean; cause: number }>();

  constructor(private readonly kernel: Kernel) {}

  /** The carrier the stack acts on: the device's, or while an event is pending, the one before it. */
  carrier(link: Link): boolean {
    return this.pending.get(link)?.believed ?? this.kernel.hasCarrier(link);
  }

  /** A veth end came up: linkwatch ran for it (its carrier event at dev_open), which starts the rate limit. */
  opened(link: Link): void {
    if (link.kind === 'veth' && !this.urgent(link)) this.nextEvent = this.kernel.network.now + RATE_LIMIT_NS;
  }

  /** Runs `change` (to `link`'s state or place) and hands its peer's carrier change, if any, to linkwatch. */
  aroundPeer(link: Link, cause: number, change: () => void): void {
    const peer = link.kind === 'veth' ? link.peer : undefined;
    // Until linkwatch runs, the peer's stack keeps believing the carrier it had before the change.
    if (peer && !this.pending.has(peer)) this.pending.set(peer, { believed: this.kernel.hasCarrier(peer), cause });
    change();
    // A host interface's state changes in its stack's own step (runCommand), after this one.
    if (peer) this.kernel.network.schedule(this.kernel.network.now, (l: Link) => this.settle(l), peer);
  }

  private settle(link: Link): void {
    const event = this.pending.get(link);
    if (!event) return;
    if (this.kernel.hasCarrier(link) === event.believed) {
      this.pending.delete(link);
      return;
    }
    const now = this.kernel.network.now;
    // A carrier coming back is urgent too (an up event while the qdisc changes: "minimise down-time").
    const urgent = this.urgent(link) || this.kernel.hasCarrier(link);
    const wait = urgent ? 0 : Math.max(0, this.nextEvent - now);
    if (wait === 0 || wait > RATE_LIMIT_NS) this.run(link);
    else this.kernel.network.schedule(now + wait, (l: Link) => this.run(l), link);
  }

  /** linkwatch_sync_dev: a pending event for `link` runs now. */
  sync(link: Link): void {
    if (this.pending.has(link)) this.run(link);
  }

  private run(link: Link): void {
    const event = this.pending.get(link);
    if (!event) return;
    this.pending.delete(link);
    if (!this.urgent(link)) this.nextEvent = this.kernel.network.now + RATE_LIMIT_NS;
    if (!link.ns.alive || !link.ns.links.has(link)) return;
    const carrier = this.kernel.hasCarrier(link);
    const iface = this.kernel.hostInterface(link);
    if (!iface?.up || carrier === event.believed) return;
    if (!carrier) flushNeighbours(link.ns.host, link.name, event.cause, true);
    interfaceCarrier(link.ns.host, iface, carrier, event.cause);
  }

  /** linkwatch_urgent_event: a running device whose ifindex is not its iflink (a veth's peer's ifindex). */
  private urgent(link: Link): boolean {
    return this.kernel.isUp(link) && link.ifindex !== link.peer?.ifindex;
  }
}
