import type { ConfigChange } from '../events/config-change.js';
// A transparent learning bridge (IEEE 802.1D-2004 clause 7; with VLANs,
// 802.1Q-2018 clause 8.6): the forwarding process shared by `bridge` (two
// ports) and `switch` (N ports). For every received frame, at the instant it
// arrives (the oracle shows bridge hops in microseconds, no processing delay):
// VLAN ingress rules, learning of the source (7.8), then the filtering
// decision (7.7): forward known unicast to its one port, filter it when it sits
// behind the ingress port, flood the rest. Without a spanning tree, cabled in a
// loop, broadcasts circulate and multiply until the run's limits stop them;
// with one (`stp`, bridge-stp.ts), ports that are not forwarding pass only BPDUs.

import type { DescriptionHint } from '../events/description-hint.js';
import { fdbEventInit, frameEventInit } from '../events/event-init.js';
import { MacTable, type MacEntry } from '../tables/mac-table.js';
import type { Command } from '../topology/command.js';
import type { NodeSpec } from '../topology/model.js';
import { DEFAULT_AGING_NS } from '../topology/model.js';
import { ETHERNET_HEADER_LENGTH } from '../wire/ethernet.js';
import { BROADCAST_MAC, formatMac, isGroupMac, readMac } from '../wire/mac.js';
import type { SayForward } from './forward-sentences.js';
import type { SayMove } from './move-sentences.js';
import type { StpSpec } from '../topology/stp-spec.js';
import { BRIDGE_GROUP_MAC } from '../wire/bpdu.js';
import { addVlanTag, removeVlanTag } from '../wire/vlan.js';
import { BridgeStp, isLinkLocal } from './bridge-stp.js';
import { BridgePort, FloodBudget, type FloodSet } from './bridge-port.js';
import * as say from './bridge-why.js';
import * as stpSay from './stp-why.js';
import type { Device, DeviceContext, Frame } from './device.js';
import { NO_VLAN, fdbVlan, ingressVlan, mismatchWhy, tagOf, vlanModeOf } from './vlan-port.js';

/** Offsets of the two addresses (IEEE 802.3 clause 3.2). */
const DST = 0;
const SRC = 6;

export class LearningBridge implements Device {
  readonly table: MacTable;
  readonly ports: BridgePort[] = [];
  private readonly byName = new Map<string, BridgePort>();
  private readonly floodBudget = new FloodBudget();
  private readonly vlanAware: boolean;
  /** The forward sentence, made when the ingress port keeps none for the entry (forward-sentences.ts). */
  private readonly sayForward: SayForward = (entry, vid) =>
    say.forwardWhy(this.name, formatMac(entry.mac), entry, say.inVlan(this.vlanAware, vid));
  /** The move sentence, made when the ingress port keeps none for the MAC and the port it left (move-sentences.ts). */
  private readonly sayMove: SayMove = (mac, port, from) => say.moveWhy(this.name, mac, port, from);
  ctx!: DeviceContext;
  /** The spanning tree, while it runs (YAML `stp:`, `ip link set BR type bridge stp_state 1`). */
  stp: BridgeStp | undefined;
  private readonly macs: Map<string, number>;
  /** When the one pending ageing timer fires, if one is pending. */
  private ageingAt: number | undefined;
  // The frame being forwarded and its lazily built egress variants: scratch
  // state of one receive(), kept in fields so the flooding loop needs no closure.
  private frame!: Frame;
  private tag = -1;
  private vid = NO_VLAN;
  private untagged: Frame | undefined;
  private tagged: Frame | undefined;

  constructor(
    readonly name: string,
    readonly kind: 'bridge' | 'switch',
    spec: NodeSpec,
    macs: ReadonlyMap<string, number> = new Map(),
  ) {
    this.macs = new Map(macs);
    this.table = new MacTable(spec.agingTimeNs ?? DEFAULT_AGING_NS);
    this.vlanAware = spec.vlans !== undefined;
    for (const p of spec.ports) {
      const port = new BridgePort(p, vlanModeOf(spec.vlans, p));
      this.ports.push(port);
      this.byName.set(p, port);
    }
    this.stpSpec = spec.stp;
  }

  private stpSpec: StpSpec | undefined;

  attach(ctx: DeviceContext): void {
    this.ctx = ctx;
    // A topology file's bridge is up from the start: its spanning tree starts at 0 (br_stp_enable_bridge).
    if (this.stpSpec) ctx.schedule(ctx.now, startStp, { bridge: this, spec: this.stpSpec });
  }

  /**
   * Starts the spanning tree, or a stopped one again: as the bridge comes up
   * (a topology file's, at 0), on a bridge that is down, or (`stp_state 1` in
   * a script) on one that is up and forwarding already.
   */
  startStp(spec: StpSpec, bridge: 'coming-up' | 'down' | 'running', cause: number): void {
    if (this.stp) return this.stp.tree.start(cause);
    this.stp = new BridgeStp(this, spec, this.macs, this.table.agingTimeNs);
    if (bridge === 'coming-up') this.stp.tree.enableBridge(cause);
    else if (bridge === 'running') this.stp.tree.startRunning(cause);
  }

  /**
   * Stops it (`stp_state 0`) as br_stp_stop does: the tree keeps its state and
   * timers but sends and hears no BPDU, so a blocked port forwards only when
   * max age or a link change moves it (and then at once).
   */
  stopStp(cause: number): void {
    this.stp?.tree.stop(cause);
  }

  isPortUp(port: string): boolean {
    return this.byName.get(port)?.admin ?? false;
  }

  /** Whether a port passes frames: up, and (in a topology file) with carrier; what its `link` events say. */
  isPortOperational(port: string): boolean {
    return this.byName.get(port)?.up ?? false;
  }

  /** Its ports now, in the order they joined (a script's bridge gains and loses ports as it runs). */
  portNames(): string[] {
    return this.ports.map((p) => p.name);
  }

  receive(portName: string, frame: Frame, rxSeq: number): void {
    const port = this.byName.get(portName);
    if (port === undefined || !port.up) return;
    const bytes = frame.bytes;
    if (bytes.length < ETHERNET_HEADER_LENGTH) {
      this.drop(
        port,
        frame,
        rxSeq,
        'malformed',
        `${this.name} cannot read the frame: ${bytes.length} bytes is shorter than an Ethernet header`,
      );
      return;
    }
    const tag = port.mode.kind === 'unaware' ? -1 : tagOf(bytes);
    const vid = ingressVlan(port.mode, tag);
    if (vid < 0) {
      this.drop(port, frame, rxSeq, 'vlan-mismatch', mismatchWhy(this.name, port.name, port.mode, tag));
      return;
    }
    const now = this.ctx.now;
    if (this.ageingAt !== undefined && now >= this.ageingAt) this.expire(now);
    const dst = readMac(bytes, DST);
    if (!port.forwarding || isLinkLocal(dst)) {
      if (this.linkLocalOrBlocked(port, frame, rxSeq, dst, vid, now)) return;
    } else this.learn(port, readMac(bytes, SRC), vid, now, rxSeq);

    this.frame = frame;
    this.tag = tag;
    this.vid = vid;
    this.untagged = undefined;
    this.tagged = undefined;
    if (dst === BROADCAST_MAC) {
      const set = port.floodSet(this.ports, vid, this.name, this.vlanAware, this.floodBudget, this.ctx);
      this.flood(port, set, rxSeq, set.broadcastWhy, set.broadcastHint);
    } else if (isGroupMac(dst)) {
      const set = port.floodSet(this.ports, vid, this.name, this.vlanAware, this.floodBudget, this.ctx);
      this.flood(port, set, rxSeq, say.multicastFloodWhy(this.name, formatMac(dst), set));
    } else if (this.table.agingTimeNs === 0) {
      const set = port.floodSet(this.ports, vid, this.name, this.vlanAware, this.floodBudget, this.ctx);
      this.flood(port, set, rxSeq, say.noLearningFloodWhy(this.name, set));
    } else {
      const entry = this.table.lookup(dst, vid, now);
      if (entry === undefined) {
        const set = port.floodSet(this.ports, vid, this.name, this.vlanAware, this.floodBudget, this.ctx);
        this.flood(port, set, rxSeq, say.unknownFloodWhy(this.name, formatMac(dst), say.inVlan(this.vlanAware, vid), set));
      } else if (entry.port === port.name) {
        this.filter(port, frame, rxSeq, say.filterWhy(this.name, formatMac(dst), port.name));
      } else if (!this.byName.get(entry.port)!.forwarding) {
        const to = entry.port;
        this.drop(
          port,
          frame,
          rxSeq,
          'port-blocked',
          say.blockedEgress(this.name, to, this.stp?.tree.stateOf(to) ?? 'down', this.stp?.changedSeq(to) ?? 0),
        );
      } else {
        const to = this.byName.get(entry.port)!;
        const said = port.forwards.sentence(entry, vid, this.sayForward, this.ctx);
        const seq = this.ctx.emit(
          frameEventInit('forward', this.name, port.name, frame.id, bytes, rxSeq, said.why, to.alone as string[], said.hint),
        );
        this.ctx.send(to.name, this.egressFrame(to), seq);
      }
    }
    this.frame = undefined as unknown as Frame;
  }

  /**
   * br_handle_frame for what is not plain forwarding: a BPDU to the group
   * address goes to the spanning tree when it runs (and is flooded like any
   * multicast when it does not: "must forward to keep loop detection"); the
   * other link-local addresses are never forwarded; and a port that is not
   * forwarding learns only in the learning state and drops the rest.
   * Returns true when the frame's fate is decided here.
   */
  private linkLocalOrBlocked(port: BridgePort, frame: Frame, rxSeq: number, dst: number, vid: number, now: number): boolean {
    const src = readMac(frame.bytes, SRC);
    if (dst === BRIDGE_GROUP_MAC && this.stp?.tree.kernelStp) {
      // br_handle_local_finish learns the source only on a learning or forwarding port.
      if (port.learning) this.learn(port, src, vid, now, rxSeq);
      const refused = this.stp!.tree.receive(port.name, frame, rxSeq);
      if (refused) this.drop(port, frame, rxSeq, refused.reason, refused.why);
      return true;
    }
    if (isLinkLocal(dst) && dst !== BRIDGE_GROUP_MAC) {
      if (port.learning) this.learn(port, src, vid, now, rxSeq);
      this.filter(port, frame, rxSeq, say.linkLocalWhy(this.name, formatMac(dst)));
      return true;
    }
    if (port.forwarding) {
      this.learn(port, src, vid, now, rxSeq);
      return false;
    }
    if (port.learning) this.learn(port, src, vid, now, rxSeq);
    const state = this.stp?.tree.stateOf(port.name) ?? 'disabled';
    this.drop(
      port,
      frame,
      rxSeq,
      'port-blocked',
      say.blockedWhy(this.name, port.name, state, this.stp?.changedSeq(port.name) ?? 0, port.learning),
    );
    return true;
  }

  private flood(from: BridgePort, set: FloodSet, rxSeq: number, why: string, hint?: DescriptionHint): void {
    const frame = this.frame;
    const seq = this.ctx.emit(frameEventInit('flood', this.name, from.name, frame.id, frame.bytes, rxSeq, why, set.out as string[], hint));
    const ports = set.ports;
    for (let i = 0; i < ports.length; i++) {
      const to = ports[i]!;
      this.ctx.send(to.name, this.egressFrame(to), seq);
    }
  }

  /**
   * The frame as it leaves `to` (802.1Q 8.6.4): tagged with the VLAN on a
   * trunk, untagged on an access port. The received frame is reused when it
   * already has that form; otherwise each form is built once per decision.
   */
  private egressFrame(to: BridgePort): Frame {
    const mode = to.mode;
    if (mode.kind === 'unaware') return this.frame;
    if (mode.kind === 'access') {
      if (this.tag < 0) return this.frame;
      return (this.untagged ??= this.ctx.newFrame(removeVlanTag(this.frame.bytes)));
    }
    if (this.tag === this.vid) return this.frame;
    if (this.tagged === undefined) {
      const base = this.tag < 0 ? this.frame.bytes : removeVlanTag(this.frame.bytes);
      this.tagged = this.ctx.newFrame(addVlanTag(base, this.vid));
    }
    return this.tagged;
  }

  /** 802.1D 7.8: the source address is learned on the port it came in on. */
  private learn(port: BridgePort, src: number, vid: number, now: number, rxSeq: number): void {
    const outcome = this.table.learn(src, port.name, vid, now, rxSeq);
    if (outcome.kind === 'learned') {
      const mac = formatMac(src);
      const why = say.learnWhy(this.name, mac, port.name, say.inVlan(this.vlanAware, vid));
      const seq = this.ctx.emit(fdbEventInit('learn', this.name, port.name, mac, undefined, fdbVlan(this.vlanAware, vid), rxSeq, why));
      if (seq > 0) outcome.entry.learnedSeq = seq;
      this.armAgeing();
    } else if (outcome.kind === 'moved') {
      const move = port.moves.sentence(src, vid, outcome.from, this.sayMove, this.ctx);
      const vlan = fdbVlan(this.vlanAware, vid);
      const seq = this.ctx.emit(fdbEventInit('move', this.name, port.name, move.macText, move.from, vlan, rxSeq, move.why, move.hint));
      if (seq > 0) outcome.entry.learnedSeq = seq;
    }
  }

  private filter(port: BridgePort, frame: Frame, cause: number, why: string): void {
    this.ctx.emit({ kind: 'filter', node: this.name, port: port.name, frame: frame.id, cause, bytes: frame.bytes, why });
  }

  private drop(port: BridgePort, frame: Frame, cause: number, reason: 'vlan-mismatch' | 'malformed' | 'port-blocked', why: string): void {
    this.ctx.emit({ kind: 'drop', node: this.name, port: port.name, frame: frame.id, cause, reason, why, bytes: frame.bytes });
  }

  // ---- ageing (802.1D 7.9.2): one timer, at the earliest expiry ----

  private armAgeing(): void {
    if (this.ageingAt !== undefined) return;
    const next = this.table.nextExpiry();
    if (next === undefined) return;
    this.ageingAt = Math.max(next, this.ctx.now);
    this.ctx.schedule(this.ageingAt, ageingTimer, this);
  }

  /**
   * The ageing timer fired. Entries refreshed since it was armed are not due
   * yet: it re-arms for them. A timer that is no longer the armed one (the
   * table was re-armed meanwhile) does nothing, so there is only ever one.
   */
  onAgeingTimer(): void {
    if (this.ctx.now !== this.ageingAt) return;
    this.ageingAt = undefined;
    this.expire(this.ctx.now);
    this.armAgeing();
  }

  private expire(now: number): void {
    for (const e of this.table.expire(now)) this.aged(e, e.learnedSeq, (mac) => say.ageWhy(this.name, mac, e, this.table.agingTimeNs));
  }

  /** An entry is gone (expired, flushed, its port down): its age event, with its VLAN on a VLAN-aware bridge. */
  private aged(e: MacEntry, cause: number, why: (mac: string) => string): void {
    const mac = formatMac(e.mac);
    this.ctx.emit({ kind: 'age', node: this.name, port: e.port, mac, vlan: fdbVlan(this.vlanAware, e.vlan), cause, why: why(mac) });
  }

  // ---- commands: ip link set pN up|down, bridge fdb flush ----

  runCommand(command: Command, seq: number): void {
    switch (command.name) {
      case 'link-set':
        return this.setPort(command.dev, command.up, seq);
      case 'fdb-flush':
        return this.forget(this.table.flush(), seq, say.fdbFlushWhy);
      default:
        this.print(`hoplab: '${command.name}' runs on hosts and routers; ${this.name} is a ${this.kind} with no IP stack`, seq);
    }
  }

  private setPort(name: string, up: boolean, seq: number): void {
    const port = this.byName.get(name);
    if (port === undefined) return this.print(`Cannot find device "${name}"`, seq);
    if (port.admin === up) return;
    port.admin = up;
    this.portLink(port, seq, up && !port.carrier ? say.noCarrierWhy(this.name, name) : say.linkWhy(this.name, name, up));
  }

  /** The far end of a topology file's cable went down or up (network.ts): the port goes with it, as a veth's peer. */
  carrierChanged(name: string, carrier: boolean, cause: number): void {
    const port = this.byName.get(name);
    if (port === undefined || port.carrier === carrier) return;
    port.carrier = carrier;
    if (port.admin) this.portLink(port, cause, say.carrierWhy(this.name, name, carrier));
  }

  /** A port's state changed: every port's flood set is out of date, and the budget they held is free. */
  forgetFloodSets(): void {
    this.floodBudget.reset(this.ports);
  }

  /** The port passes frames while it is up and has carrier; a `link` event says its state and why. */
  private portLink(port: BridgePort, seq: number, why: string): void {
    const name = port.name;
    const up = port.admin && port.carrier;
    const changed = port.up !== up;
    port.up = up;
    if (changed) this.forgetFloodSets();
    const linkSeq = this.ctx.emit({ kind: 'link', node: this.name, port: name, state: up ? 'up' : 'down', cause: seq, why });
    if (!changed) return;
    // Linux flushes a port's dynamic entries when it leaves forwarding (br_stp_disable_port; 802.1D 17.11).
    if (!up) this.forget(this.table.flush(name), linkSeq || seq, say.portDownFlushWhy);
    // br_port_carrier_check: the port joins or leaves the spanning tree.
    if (this.stp && up) this.stp.tree.enablePort(name, linkSeq || seq, stpSay.portUp(this.name, name));
    else if (this.stp) this.stp.tree.disablePortByName(name, linkSeq || seq, stpSay.portDown(this.name, name));
  }

  /** The bridge device itself goes up or down (a script's `ip link set BR up|down`): br_stp_enable_bridge / br_stp_disable_bridge. */
  setBridgeUp(up: boolean, cause: number): void {
    if (!this.stp || this.stp.tree.up === up) return;
    if (up) this.stp.tree.enableBridge(cause);
    else this.stp.tree.disableBridge(cause);
  }

  // ---- changed at run time by a script (SPEC §2): `ip link set X master BR`, `nomaster`, `type bridge ageing_time N` ----

  /**
   * Adds a port, down: the script brings it up when the interface, its carrier and the bridge
   * are up. `cause` made it; `mac` is the port's own address (STP's bridge id takes the lowest).
   */
  addPort(name: string, cause: number, mac?: number): void {
    if (this.byName.has(name)) return;
    const port = new BridgePort(name, vlanModeOf(undefined, name));
    port.up = false;
    port.admin = false;
    if (mac !== undefined) this.macs.set(name, mac);
    if (this.stp) {
      this.stp.tree.addPort(name, mac ?? 0);
      this.stp.tree.recalculateBridgeId();
      port.forwarding = false;
      port.learning = false;
    }
    this.ports.push(port);
    this.byName.set(name, port);
    this.forgetFloodSets();
    this.announce(name, { change: 'newlink', up: false }, say.newPortWhy(name, this.name), cause);
  }

  /** Removes a port (set down first, so its addresses were flushed). */
  removePort(name: string, cause: number): void {
    const port = this.byName.get(name);
    if (port === undefined) return;
    this.stp?.tree.removePort(name, 0);
    this.ports.splice(this.ports.indexOf(port), 1);
    this.byName.delete(name);
    this.forgetFloodSets();
    this.announce(name, { change: 'dellink' }, say.gonePortWhy(name, this.name), cause);
  }

  /** A port arriving or leaving, as rtnetlink announces it (a `config` event). */
  private announce(port: string, config: ConfigChange, why: string, cause: number): void {
    this.ctx.emit({ kind: 'config', node: this.name, port, cause, config, why });
  }

  /**
   * A new ageing time: Linux collects the entries it makes stale at once
   * (br_set_ageing_time runs the fdb cleanup); with 0 the bridge forgets
   * everything and learns nothing more, so it floods every frame like a hub.
   */
  setAgingTime(ns: number, cause: number): void {
    this.table.setAgingTime(ns);
    this.forget(this.table.expire(this.ctx.now), cause, (node, mac, port) =>
      ns === 0
        ? `${node} forgets ${mac} on ${port}: with ageing time 0 it keeps no addresses and learns none`
        : `${node} forgets ${mac} on ${port}: it is older than the new ageing time`,
    );
    this.ageingAt = undefined;
    this.armAgeing();
  }

  /** `ageing_time N`: the user's ageing time, which br_set_ageing_time applies at once, topology change or not. */
  setConfiguredAgeing(ns: number, cause: number): void {
    if (this.stp) this.stp.tree.bridgeAgeingNs = ns;
    this.setAgingTime(ns, cause);
  }

  /** `ip link set PORT address MAC` on a port: the spanning tree's bridge id follows the lowest port MAC. */
  setPortMac(name: string, mac: number): void {
    this.macs.set(name, mac);
    const p = this.stp?.tree.port(name);
    if (p) {
      p.mac = mac;
      this.stp!.tree.recalculateBridgeId();
    }
  }

  forget(entries: MacEntry[], cause: number, why: (node: string, mac: string, port: string) => string): void {
    for (const e of entries) this.aged(e, cause, (mac) => why(this.name, mac, e.port));
  }

  private print(text: string, cause: number): void {
    this.ctx.emit({ kind: 'app', node: this.name, cause, text, channel: 'stdout', why: `${this.name} prints what the command answered` });
  }
}

function startStp(a: { bridge: LearningBridge; spec: StpSpec }): void {
  a.bridge.startStp(a.spec, 'coming-up', 0);
}

function ageingTimer(bridge: LearningBridge): void {
  bridge.onAgeingTimer();
}
