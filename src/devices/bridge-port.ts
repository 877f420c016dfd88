import type { DescriptionHint, HintSource } from '../events/description-hint.js';
import { ForwardSentences } from './forward-sentences.js';
import { MoveSentences } from './move-sentences.js';
import type { VlanMode } from './vlan-port.js';
import { NO_VLAN, isMember } from './vlan-port.js';

/**
 * Where a flooded frame goes from one ingress port in one VLAN: every other
 * port that is up and a member of the VLAN. Built once and reused for every
 * frame until a port changes state (within the bridge's FloodBudget), so the
 * flooding path allocates nothing; `out` is shared by the events that cite it
 * and is never mutated.
 */
export interface FloodSet {
  readonly ports: readonly BridgePort[];
  readonly out: readonly string[];
  /** "every port but p1: p2, p3", the tail of every flood `why` from this port. */
  readonly tail: string;
  /** The whole `why` for a broadcast, which names nothing else that varies. */
  readonly broadcastWhy: string;
  /** The hint of a broadcast's flood decision from this set (description-hint.ts): every one reads the same. */
  readonly broadcastHint: DescriptionHint;
}

/** One port of a bridge or switch: its VLAN rules, its administrative and spanning tree states and its flood sets. */
export class BridgePort {
  /** Whether it passes frames: set up by its command and, in a topology file, with carrier from its cable's far end. */
  up = true;
  /** Its administrative state (`ip link set P up|down`), and whether the far end of its cable is up. */
  admin = true;
  carrier = true;
  /**
   * The spanning tree's word on the port (always yes without STP): whether it
   * forwards frames, and whether it learns their sources (br_handle_frame_finish:
   * a learning port learns and drops, a listening or blocking one only drops).
   */
  forwarding = true;
  learning = true;
  /** Why a port that is up does not forward (`blocking since #59`), for the flood decisions that leave it out. */
  notForwardingNote = '';
  /** [name]: the `out` of a forward decision to this port. */
  readonly alone: readonly string[];
  /** The sentences of the forward decisions for frames that come in here. */
  readonly forwards = new ForwardSentences();
  /** The sentences of the MAC moves to this port. */
  readonly moves: MoveSentences;
  private readonly floods = new Map<number, FloodSet>();

  constructor(
    readonly name: string,
    readonly mode: VlanMode,
  ) {
    this.alone = [name];
    this.moves = new MoveSentences(name);
  }

  /** Forgets the flood sets; the bridge calls it on every port when any port goes up or down. */
  invalidate(): void {
    this.floods.clear();
  }

  /** The flood set from this port in VLAN `vid`: kept from an earlier frame, or built (its hint from `hints`) and kept if `budget` admits it. */
  floodSet(all: readonly BridgePort[], vid: number, node: string, vlanAware: boolean, budget: FloodBudget, hints: HintSource): FloodSet {
    let set = this.floods.get(vid);
    if (set === undefined) {
      set = buildFloodSet(this, all, vid, node, vlanAware, hints);
      if (budget.admit(set.ports.length)) this.floods.set(vid, set);
    }
    return set;
  }
}

/**
 * Out-port entries one bridge keeps in its ports' flood sets. Each port's set
 * names every other port, so keeping one per port costs the square of the
 * ports: a 2,000-port switch would keep 4M names and a 14 KB `why` tail per
 * port, about 100 MB that only grows as more ports flood (issue 21: peak RSS
 * at thousands of hosts). Within the budget every set of a bridge of up to 256
 * ports is kept; past it a flood builds its set anew, a cost of the order of
 * the flood itself (an event per out port). Which sets are kept depends only
 * on the order of floods, so runs stay deterministic.
 */
export class FloodBudget {
  static readonly ENTRIES = 1 << 16;
  private held = 0;

  /** Whether a set of `entries` out ports may be kept; if so, it is counted. */
  admit(entries: number): boolean {
    if (this.held + entries > FloodBudget.ENTRIES) return false;
    this.held += entries;
    return true;
  }

  /** Forgets every port's sets: the whole budget is free again. */
  reset(ports: readonly BridgePort[]): void {
    for (const p of ports) p.invalidate();
    this.held = 0;
  }
}

function buildFloodSet(
  from: BridgePort,
  all: readonly BridgePort[],
  vid: number,
  node: string,
  vlanAware: boolean,
  hints: HintSource,
): FloodSet {
  const ports = all.filter((p) => p !== from && p.up && p.forwarding && isMember(p.mode, vid));
  const out = ports.map((p) => p.name);
  const scope = vlanAware && vid !== NO_VLAN ? `VLAN ${vid} ` : '';
  // With a spanning tree, the ports it keeps from forwarding are named, with the change that stopped them.
  const held = all.filter((p) => p !== from && p.up && !p.forwarding && isMember(p.mode, vid));
  const heldNote = held.length > 0 ? ` (not ${held.map((p) => `${p.name}, ${p.notForwardingNote}`).join('; ')})` : '';
  const tail =
    out.length > 0
      ? `every ${scope}port but ${from.name}: ${out.join(', ')}${heldNote}`
      : `no port: ${from.name} is its only ${scope}port that is up${held.length > 0 ? ` and forwarding${heldNote}` : ''}`;
  return {
    ports,
    out,
    tail,
    broadcastWhy: `the frame is a broadcast, so ${node} sends it out of ${tail}`,
    broadcastHint: hints.newHint(),
  };
}
