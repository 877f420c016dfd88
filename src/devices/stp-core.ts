// The spanning tree protocol of IEEE 802.1D-1998 clause 8 as the Linux bridge
// runs it (net/bridge/br_stp.c, br_stp_if.c, br_stp_timer.c, br_stp_bpdu.c):
// the same procedures, in the same order, with the same timers. Time is the
// simulator's: timers are actions on its queue, never the wall clock.
//
// One deliberate model of the kernel's clock: the hello and hold timers are
// re-armed with round_jiffies(), which moves an expiry to a whole second of
// the kernel's jiffies counter. Those seconds do not start when the bridge
// does; in the oracle they fell about 0.4 s after it came up (BPDUs at 2.0,
// 3.4, 4.6, 6.4, 8.4 ... s), so hoplab puts them at 0.4 s past each second of
// virtual time (JIFFY_SECOND_PHASE_NS).

import type { EventInit } from '../events/event.js';
import type { StpSpec } from '../topology/stp-spec.js';
import { STP_DEFAULTS, portCost } from '../topology/stp-spec.js';
import { BPDU_TIME_UNITS_PER_SECOND, BpduFlag, type BridgeId, type ConfigBpdu } from '../wire/bpdu.js';
import type { Snapshot } from './stp-changes.js';
import * as info from './stp-info.js';
import { StpPort, type StpState, makePortId, sameId } from './stp-port.js';
import { StpTimer, roundJiffies } from './stp-timer.js';

const NS_PER_S = 1e9;
/** BR_HOLD_TIME: at most one configuration BPDU a second per port (802.1D-1998 Table 8-3). */
const HOLD_TIME_NS = 1e9;
/** MESSAGE_AGE_INCR = HZ/256 + 1 jiffies: 4 ms with HZ = 1000, one 1/256 s unit once encoded. */
const MESSAGE_AGE_INCR_NS = 4e6;

/** What the bridge lends its spanning tree: the clock, the queue, its ports' frames and its table's ageing. */
export interface StpHost {
  readonly name: string;
  readonly now: number;
  emit(event: EventInit): number;
  schedule<T>(at: number, handler: (arg: T) => void, arg: T): void;
  /** Sends a BPDU out of a port (the bridge builds the frame). */
  sendBpdu(port: string, bpdu: ConfigBpdu | { type: 'tcn' }, mac: number, cause: number): void;
  /** A port's state changed: the bridge's flood sets are stale. */
  statesChanged(): void;
  /** The MAC table's ageing time, in ns (__br_set_topology_change). */
  setAgeing(ns: number, cause: number): void;
  /** Whether the port's cable carries frames (both ends up). */
  carrier(port: string): boolean;
}

/** The bridge's and its ports' protocol state and the procedures of br_stp.c; spanning-tree.ts adds what starts them. */
export abstract class StpCore implements info.BridgeInfo {
  readonly ports: StpPort[] = [];
  bridgeId: BridgeId;
  designatedRoot: BridgeId = { priority: 0, mac: 0 };
  rootPathCost = 0;
  /** The root port's number, 0 when this bridge is the root. */
  rootPort = 0;
  maxAge: number;
  helloTime: number;
  forwardDelay: number;
  bridgeMaxAge: number;
  bridgeHelloTime: number;
  bridgeForwardDelay: number;
  topologyChange = false;
  topologyChangeDetected = false;
  /** The configured ageing time, restored when a topology change ends. */
  bridgeAgeingNs: number;
  /** IFF_UP of the bridge device. */
  up = false;
  /**
   * stp_enabled == BR_KERNEL_STP. Off after `stp_state 0` (br_stp_stop): the
   * tree's state and timers stay, but it sends no BPDU, hears none (the bridge
   * floods them), flags no topology change, and a port it makes forwarding
   * forwards at once (br_make_forwarding with BR_NO_STP).
   */
  kernelStp = true;
  readonly helloTimer = new StpTimer();
  readonly tcnTimer = new StpTimer();
  readonly topologyChangeTimer = new StpTimer();
  /** The seq of the latest bridge-wide stp event: the cause of hellos. */
  protected bridgeSeq = 0;
  protected before: Snapshot | undefined;

  constructor(
    protected readonly host: StpHost,
    spec: StpSpec,
    ports: ReadonlyArray<{ name: string; mac: number }>,
    ageingNs: number,
  ) {
    this.bridgeMaxAge = this.maxAge = spec.maxAgeNs;
    this.bridgeHelloTime = this.helloTime = spec.helloTimeNs;
    this.bridgeForwardDelay = this.forwardDelay = spec.forwardDelayNs;
    this.bridgeAgeingNs = ageingNs;
    this.bridgeId = { priority: spec.priority, mac: 0 };
    for (const p of ports) this.addPort(p.name, p.mac, spec.ports[p.name]?.priority, spec.ports[p.name]?.cost);
    this.recalculateBridgeId();
    this.designatedRoot = { ...this.bridgeId };
  }

  port(name: string): StpPort | undefined {
    return this.ports.find((p) => p.name === name);
  }

  protected byNo(no: number): StpPort | undefined {
    return this.ports.find((p) => p.portNo === no);
  }

  // ---- ports joining and leaving (br_if.c br_add_if / del_nbp) ----

  addPort(name: string, mac: number, priority: number = STP_DEFAULTS.portPriority, cost: number = portCost(undefined)): StpPort {
    let no = 1;
    while (this.byNo(no)) no++;
    const p = new StpPort(name, mac, no, priority, cost);
    p.portId = makePortId(priority, no);
    this.ports.push(p);
    this.ports.sort((a, b) => a.portNo - b.portNo);
    return p;
  }

  recalculateBridgeId(): void {
    if (this.ports.length === 0) return;
    const mac = Math.min(...this.ports.map((p) => p.mac));
    if (mac === this.bridgeId.mac) return;
    const old = this.bridgeId.mac;
    const wasRoot = this.isRootBridge();
    this.bridgeId = { ...this.bridgeId, mac };
    // br_stp_change_bridge_id: information naming the old id now names the new one.
    for (const p of this.ports) {
      if (p.designatedBridge.mac === old) p.designatedBridge = { ...p.designatedBridge, mac };
      if (p.designatedRoot.mac === old) p.designatedRoot = { ...p.designatedRoot, mac };
    }
    if (this.designatedRoot.mac === old) this.designatedRoot = { ...this.designatedRoot, mac };
    if (!this.up) return;
    this.configurationUpdate();
    this.portStateSelection();
    if (this.isRootBridge() && !wasRoot) this.becomeRootBridge();
  }

  protected enablePortInner(p: StpPort): void {
    this.initPort(p);
    this.portStateSelection();
  }

  /** br_init_port. */
  protected initPort(p: StpPort): void {
    p.portId = makePortId(p.priority, p.portNo);
    this.becomeDesignatedPort(p);
    p.state = 'blocking';
    p.topologyChangeAck = false;
    p.configPending = false;
  }

  /** br_stp_disable_port. */
  protected disablePortInner(p: StpPort): void {
    const wasRoot = this.isRootBridge();
    this.becomeDesignatedPort(p);
    p.state = 'disabled';
    p.topologyChangeAck = false;
    p.configPending = false;
    p.messageAgeTimer.stop();
    p.forwardDelayTimer.stop();
    p.holdTimer.stop();
    this.configurationUpdate();
    this.portStateSelection();
    if (this.isRootBridge() && !wasRoot) this.becomeRootBridge();
  }

  protected receivedConfigBpdu(p: StpPort, b: info.Received, cause: number): void {
    const wasRoot = this.isRootBridge();
    if (info.supersedesPortInfo(this, p, b)) {
      this.recordConfigInformation(p, b, cause);
      this.configurationUpdate();
      this.portStateSelection();
      if (!this.isRootBridge() && wasRoot) {
        this.helloTimer.stop();
        if (this.topologyChangeDetected) {
          this.topologyChangeTimer.stop();
          this.transmitTcn(cause);
          this.modTimer(this.tcnTimer, this.host.now + this.bridgeHelloTime, cause, tcnExpired);
        }
      }
      if (p.portNo === this.rootPort) {
        this.recordConfigTimeoutValues(b, cause);
        this.configBpduGeneration(cause);
        if (b.topologyChangeAck) this.topologyChangeAcknowledged();
      }
    } else if (this.isDesignatedPort(p)) {
      this.transmitConfig(p, cause);
    }
  }

  /** br_received_tcn_bpdu. */
  protected receivedTcnBpdu(p: StpPort, cause: number): void {
    if (!this.isDesignatedPort(p)) return;
    this.topologyChangeDetection(cause);
    p.topologyChangeAck = true;
    this.transmitConfig(p, cause);
  }

  /** br_record_config_information. */
  protected recordConfigInformation(p: StpPort, b: info.Received, cause: number): void {
    p.designatedRoot = b.root;
    p.designatedCost = b.rootPathCost;
    p.designatedBridge = b.bridgeId;
    p.designatedPort = b.portId;
    p.designatedAge = this.host.now - b.messageAge;
    this.modTimer(p.messageAgeTimer, this.host.now + (b.maxAge - b.messageAge), cause, messageAgeExpired, p);
  }

  /** br_record_config_timeout_values: a non-root bridge takes the root's timers and its topology change flag. */
  protected recordConfigTimeoutValues(b: info.Received, cause: number): void {
    this.maxAge = b.maxAge;
    this.helloTime = b.helloTime;
    this.forwardDelay = b.forwardDelay;
    this.setTopologyChange(b.topologyChange, cause);
  }

  // ---- the decisions (br_stp.c) ----

  isRootBridge(): boolean {
    return info.isRootBridge(this);
  }

  isDesignatedPort(p: StpPort): boolean {
    return info.isDesignatedPort(this, p);
  }

  /** br_root_selection. */
  protected rootSelection(): void {
    let rootPort = 0;
    for (const p of this.ports) if (info.shouldBecomeRootPort(this, p, this.byNo(rootPort))) rootPort = p.portNo;
    this.rootPort = rootPort;
    if (rootPort === 0) {
      this.designatedRoot = { ...this.bridgeId };
      this.rootPathCost = 0;
    } else {
      const p = this.byNo(rootPort)!;
      this.designatedRoot = p.designatedRoot;
      this.rootPathCost = p.designatedCost + p.pathCost;
    }
  }

  protected designatedPortSelection(): void {
    for (const p of this.ports) if (p.state !== 'disabled' && info.shouldBecomeDesignatedPort(this, p)) this.becomeDesignatedPort(p);
  }

  /** br_configuration_update (802.1D-1998 clause 8.6.7). */
  protected configurationUpdate(): void {
    this.rootSelection();
    this.designatedPortSelection();
  }

  /** br_become_designated_port. */
  protected becomeDesignatedPort(p: StpPort): void {
    p.designatedRoot = this.designatedRoot ?? this.bridgeId;
    p.designatedCost = this.rootPathCost;
    p.designatedBridge = this.bridgeId;
    p.designatedPort = p.portId;
  }

  /** br_port_state_selection (802.1D-1998 clause 8.6.11). */
  protected portStateSelection(): void {
    for (const p of this.ports) {
      if (p.state === 'disabled') continue;
      if (p.portNo === this.rootPort) {
        p.configPending = false;
        p.topologyChangeAck = false;
        this.makeForwarding(p);
      } else if (this.isDesignatedPort(p)) {
        p.messageAgeTimer.stop();
        this.makeForwarding(p);
      } else {
        p.configPending = false;
        p.topologyChangeAck = false;
        this.makeBlocking(p);
      }
    }
  }

  /** br_make_forwarding: a blocked port starts listening, and the forward delay timer runs. */
  protected makeForwarding(p: StpPort): void {
    if (p.state !== 'blocking') return;
    if (!this.kernelStp || this.forwardDelay === 0) {
      this.setState(p, 'forwarding');
      this.topologyChangeDetection(this.pendingCause);
      p.forwardDelayTimer.stop();
      return;
    }
    this.setState(p, 'listening');
    this.modTimer(p.forwardDelayTimer, this.host.now + this.forwardDelay, this.pendingCause, forwardDelayExpired, p);
  }

  /** br_make_blocking: a port that was learning or forwarding makes a topology change. */
  protected makeBlocking(p: StpPort): void {
    if (p.state === 'disabled' || p.state === 'blocking') return;
    if (p.state === 'forwarding' || p.state === 'learning') this.topologyChangeDetection(this.pendingCause);
    this.setState(p, 'blocking');
    p.forwardDelayTimer.stop();
  }

  protected setState(p: StpPort, state: StpState): void {
    p.state = state;
  }

  /** br_become_root_bridge. */
  protected becomeRootBridge(): void {
    this.maxAge = this.bridgeMaxAge;
    this.helloTime = this.bridgeHelloTime;
    this.forwardDelay = this.bridgeForwardDelay;
    this.topologyChangeDetection(this.pendingCause);
    this.tcnTimer.stop();
    if (this.up) {
      this.configBpduGeneration(this.pendingCause);
      this.modTimer(this.helloTimer, this.host.now + this.helloTime, this.pendingCause, helloExpired);
    }
  }

  /** br_topology_change_detection (802.1D-1998 clause 8.6.14). */
  protected topologyChangeDetection(cause: number): void {
    if (!this.up || !this.kernelStp) return;
    if (this.isRootBridge()) {
      this.setTopologyChange(true, cause);
      this.modTimer(this.topologyChangeTimer, this.host.now + this.bridgeForwardDelay + this.bridgeMaxAge, cause, topologyChangeExpired);
    } else if (!this.topologyChangeDetected) {
      this.transmitTcn(cause);
      this.modTimer(this.tcnTimer, this.host.now + this.bridgeHelloTime, cause, tcnExpired);
    }
    this.topologyChangeDetected = true;
  }

  protected topologyChangeAcknowledged(): void {
    this.topologyChangeDetected = false;
    this.tcnTimer.stop();
  }

  /**
   * __br_set_topology_change: while the flag is up the MAC table ages out
   * after twice the forward delay (the oracle's ageing_time 3000 cs; 802.1D
   * clause 8.3.5 says forward delay), so that stations behind ports that
   * changed are relearned; afterwards the configured ageing time is back.
   */
  protected setTopologyChange(on: boolean, cause: number): void {
    if (this.topologyChange === on) return;
    this.topologyChange = on;
    // Only while the kernel's STP runs: after `stp_state 0` the flag clears but the short ageing stays (as the oracle's S8 shows).
    if (this.kernelStp) this.host.setAgeing(on ? 2 * this.forwardDelay : this.bridgeAgeingNs, cause);
  }

  // ---- BPDUs out ----

  /** br_config_bpdu_generation: every designated port that is not disabled sends. */
  protected configBpduGeneration(cause: number): void {
    for (const p of this.ports) if (p.state !== 'disabled' && this.isDesignatedPort(p)) this.transmitConfig(p, cause);
  }

  /** br_transmit_config: at most one a hold time; a BPDU held back is sent when the hold timer expires. */
  protected transmitConfig(p: StpPort, cause: number): void {
    if (p.holdTimer.pending) {
      p.configPending = true;
      return;
    }
    if (!this.kernelStp) {
      // br_send_config_bpdu sends nothing without the kernel's STP; br_transmit_config clears the flags all the same.
      p.topologyChangeAck = false;
      p.configPending = false;
      return;
    }
    const now = this.host.now;
    let messageAge = 0;
    if (!this.isRootBridge()) messageAge = now - this.byNo(this.rootPort)!.designatedAge + MESSAGE_AGE_INCR_NS;
    if (messageAge >= this.maxAge) return;
    const units = (ns: number): number => Math.floor((ns * BPDU_TIME_UNITS_PER_SECOND) / NS_PER_S);
    const bpdu: ConfigBpdu = {
      type: 'config',
      flags: (this.topologyChange ? BpduFlag.topologyChange : 0) | (p.topologyChangeAck ? BpduFlag.topologyChangeAck : 0),
      rootId: this.designatedRoot,
      rootPathCost: this.rootPathCost,
      bridgeId: this.bridgeId,
      portId: p.portId,
      messageAge: units(messageAge),
      maxAge: units(this.maxAge),
      helloTime: units(this.helloTime),
      forwardDelay: units(this.forwardDelay),
    };
    this.host.sendBpdu(p.name, bpdu, p.mac, cause);
    p.topologyChangeAck = false;
    p.configPending = false;
    this.modTimer(p.holdTimer, roundJiffies(now + HOLD_TIME_NS, now), cause, holdExpired, p);
  }

  /** br_transmit_tcn: out of the root port, towards the root. */
  protected transmitTcn(cause: number): void {
    const p = this.byNo(this.rootPort);
    if (p && this.kernelStp) this.host.sendBpdu(p.name, { type: 'tcn' }, p.mac, cause);
  }

  protected isDesignatedForSomePort(): boolean {
    return this.ports.some((p) => p.state !== 'disabled' && sameId(p.designatedBridge, this.bridgeId));
  }

  protected modTimer(timer: StpTimer, at: number, cause: number, fire: (a: Fired) => void, port?: StpPort): void {
    timer.arm(at, cause, this.schedule, fire, { tree: this, port });
  }

  protected readonly schedule = <T>(at: number, handler: (arg: T) => void, arg: T): void => this.host.schedule(at, handler, arg);

  /** The cause of what the current procedure does, for timers it arms. */
  protected pendingCause = 0;

  abstract onHello(): void;
  abstract onMessageAge(p: StpPort): void;
  abstract onForwardDelay(p: StpPort): void;
  abstract onTcn(): void;
  abstract onTopologyChange(): void;
  abstract onHold(p: StpPort): void;
}

export type Fired = { tree: StpCore; port: StpPort | undefined };

export function helloExpired(a: Fired): void {
  a.tree.onHello();
}
export function messageAgeExpired(a: Fired): void {
  a.tree.onMessageAge(a.port!);
}
export function forwardDelayExpired(a: Fired): void {
  a.tree.onForwardDelay(a.port!);
}
export function tcnExpired(a: Fired): void {
  a.tree.onTcn();
}
export function topologyChangeExpired(a: Fired): void {
  a.tree.onTopologyChange();
}
export function holdExpired(a: Fired): void {
  a.tree.onHold(a.port!);
}
