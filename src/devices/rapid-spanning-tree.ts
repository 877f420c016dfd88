// One bridge's rapid spanning tree (IEEE 802.1D-2004 clause 17, RSTP): the
// bridge's variables (17.18), what starts its state machines (BEGIN, a port's
// MAC operation, a BPDU heard, the one-second tick of the Port Timers
// machine, 17.22) and the loop that runs them until none moves (17.16), then
// lets each port transmit. The machines are rstp-*.ts, one per figure.
//
// Time is the simulator's: the tick is an action on its queue, one second
// after the bridge came up and every second after; timers count whole seconds.

import type { EventInit } from '../events/event.js';
import type { StpSpec } from '../topology/stp-spec.js';
import { rstpPortCost } from '../topology/stp-spec.js';
import { type Bpdu, type BridgeId, formatBridgeId } from '../wire/bpdu.js';
import { type BridgeTree, type Refusal, bpduOrRefusal } from './bridge-tree.js';
import { MIGRATE_TIME, type RstpBridge, bridgePriority } from './rstp-bridge.js';
import { type Reported, reportChanges, reportedNow } from './rstp-changes.js';
import { bridgeDetection, edgeBegin } from './rstp-edge.js';
import { checkingRstp, portProtocolMigration } from './rstp-migration.js';
import { disabled, portInformation } from './rstp-port-information.js';
import { RstpPort, type RstpState } from './rstp-port.js';
import { portStateTransition } from './rstp-port-state.js';
import { initBridge, portRoleSelection } from './rstp-role-selection.js';
import { initPort, portRoleTransitions } from './rstp-role-transitions.js';
import { inactive, topologyChange } from './rstp-topology-change.js';
import { portTransmit, transmitInit } from './rstp-transmit.js';
import { type PriorityVector, type Times, rstpPortId } from './rstp-vector.js';
import * as say from './rstp-why.js';
import type { StpHost } from './stp-core.js';
import { disabledDrop, portRemoved } from './stp-why.js';

/** The default port priority (17.13.10, Table 17-2). */
const RSTP_PORT_PRIORITY = 128;
/** A pass that never settles is a bug in a machine: stop rather than hang the run. */
const MAX_PASSES = 1000;

/** What the bridge lends RSTP beyond what STP needs: flushing a port's addresses, and what its link is. */
export interface RstpHost extends StpHost {
  flushPort(port: string, cause: number, why: (node: string, mac: string, port: string) => string): void;
  pointToPoint(port: string): boolean;
}

export class RapidSpanningTree implements BridgeTree, RstpBridge {
  readonly ports: RstpPort[] = [];
  bridgeId: BridgeId;
  bridgeTimes: Times;
  rootPriority: PriorityVector;
  rootTimes: Times;
  rootPortId = 0;
  up = false;
  bridgeAgeingNs: number;
  /** The tick's generation: a tick armed before the bridge went down and up again does nothing. */
  private tickToken = 0;
  private reported: Reported;
  /** The cause of what the machines do now, and the latest event they made. */
  private cause = 0;
  private lastSeq = 0;

  constructor(
    private readonly host: RstpHost,
    spec: StpSpec,
    ports: ReadonlyArray<{ name: string; mac: number }>,
    ageingNs: number,
  ) {
    this.bridgeAgeingNs = ageingNs;
    this.bridgeId = { priority: spec.priority, mac: 0 };
    const s = (ns: number): number => Math.round(ns / 1e9);
    this.bridgeTimes = { messageAge: 0, maxAge: s(spec.maxAgeNs), forwardDelay: s(spec.forwardDelayNs), helloTime: s(spec.helloTimeNs) };
    for (const p of ports) {
      const q = this.addPort(p.name, p.mac, spec.ports[p.name]?.priority, spec.ports[p.name]?.cost);
      q.adminEdge = spec.ports[p.name]?.edge ?? false;
    }
    this.recalculateBridgeId();
    this.rootPriority = bridgePriority(this);
    this.rootTimes = this.bridgeTimes;
    this.reported = reportedNow(this);
  }

  /** RSTP runs whenever it exists: only a topology file's `stp: rstp` makes one, and nothing stops it. */
  readonly kernelStp = true;

  /** A script's `stp_state` reaches only STP bridges (Linux has no RSTP): these keep the interface whole. */
  start(cause: number): void {
    if (!this.up) this.enableBridge(cause);
  }

  startRunning(cause: number): void {
    this.start(cause);
  }

  stop(cause: number): void {
    this.disableBridge(cause);
  }

  port(name: string): RstpPort | undefined {
    return this.ports.find((p) => p.name === name);
  }

  role(p: RstpPort): string {
    return p.role;
  }

  stateOf(name: string): RstpState {
    return this.port(name)?.state ?? 'discarding';
  }

  addPort(name: string, mac: number, priority = RSTP_PORT_PRIORITY, cost = rstpPortCost(undefined)): RstpPort {
    let no = 1;
    while (this.ports.some((p) => p.portNo === no)) no++;
    const p = new RstpPort(name, mac, no, priority, cost);
    p.portId = rstpPortId(priority, no);
    this.ports.push(p);
    this.ports.sort((a, b) => a.portNo - b.portNo);
    if (this.up) this.beginPort(p);
    return p;
  }

  removePort(name: string, cause: number): void {
    const p = this.port(name);
    if (!p) return;
    this.ports.splice(this.ports.indexOf(p), 1);
    this.recalculateBridgeId();
    if (this.up) this.run(cause, () => portRemoved(this.host.name, name));
  }

  /** The bridge address is the lowest port MAC, as hoplab's STP bridges take it (17.18.2 leaves the choice to the bridge). */
  recalculateBridgeId(): void {
    if (this.ports.length === 0) return;
    const mac = Math.min(...this.ports.map((p) => p.mac));
    if (mac === this.bridgeId.mac) return;
    this.bridgeId = { ...this.bridgeId, mac };
    if (this.up) for (const p of this.ports) p.reselect = true;
  }

  // ---- BEGIN (17.16) and the bridge going down ----

  enableBridge(cause: number): void {
    this.up = true;
    for (const p of this.ports) this.beginPort(p);
    initBridge(this);
    this.armTick();
    this.run(cause, () => say.bridgeUp(this.host.name, formatBridgeId(this.bridgeId)), true);
  }

  /** Every per-port machine in its initial state (BEGIN). */
  private beginPort(p: RstpPort): void {
    p.portEnabled = this.host.carrier(p.name);
    p.pointToPoint = this.host.pointToPoint(p.name);
    p.designatedTimes = this.bridgeTimes;
    p.designatedPriority = { ...bridgePriority(this), port: p.portId, rxPort: p.portId };
    p.learning = p.forwarding = false;
    disabled(p);
    initPort(p);
    inactive(this, p);
    checkingRstp(p);
    edgeBegin(p);
    transmitInit(p);
    // Port Receive's DISCARD (17.23).
    p.rcvdBpdu = undefined;
    p.rcvdRstp = p.rcvdStp = p.rcvdMsg = false;
    p.edgeDelayWhile = MIGRATE_TIME;
    p.reselect = true;
  }

  disableBridge(cause: number): void {
    this.up = false;
    this.tickToken++;
    for (const p of this.ports) {
      p.portEnabled = false;
      p.learn = p.forward = p.learning = p.forwarding = false;
      p.role = p.selectedRole = 'disabled';
      p.reason = 'disabled';
    }
    this.report(cause, `${this.host.name} goes down: its ports leave the spanning tree`);
    this.host.statesChanged();
  }

  // ---- a port's MAC operation (portEnabled, 17.19.18) ----

  enablePort(name: string, cause: number, why: string): void {
    const p = this.port(name);
    if (!p || !this.up || p.portEnabled) return;
    p.portEnabled = true;
    p.pointToPoint = this.host.pointToPoint(name);
    this.run(cause, () => why);
  }

  disablePortByName(name: string, cause: number, why: string): void {
    const p = this.port(name);
    if (!p || !this.up || !p.portEnabled) return;
    p.portEnabled = false;
    this.run(cause, () => why);
  }

  // ---- settings: take effect through a new role selection ----

  setBridgePriority(priority: number, cause: number): void {
    this.bridgeId = { ...this.bridgeId, priority };
    this.reselectAll(cause, `${this.host.name}'s bridge priority is set: its bridge id is now ${formatBridgeId(this.bridgeId)}`);
  }

  setPortPriority(name: string, priority: number, cause: number): void {
    const p = this.port(name);
    if (!p) return;
    p.priority = priority;
    p.portId = rstpPortId(priority, p.portNo);
    this.reselectAll(cause, `${this.host.name}:${name}'s priority is set to ${priority}`);
  }

  setPathCost(name: string, cost: number, cause: number): void {
    const p = this.port(name);
    if (!p) return;
    p.pathCost = cost;
    this.reselectAll(cause, `${this.host.name}:${name}'s cost is set to ${cost}`);
  }

  setTimes(t: { helloTimeNs?: number; maxAgeNs?: number; forwardDelayNs?: number }): void {
    const s = (ns: number | undefined, was: number): number => (ns === undefined ? was : Math.round(ns / 1e9));
    const b = this.bridgeTimes;
    this.bridgeTimes = {
      messageAge: 0,
      maxAge: s(t.maxAgeNs, b.maxAge),
      forwardDelay: s(t.forwardDelayNs, b.forwardDelay),
      helloTime: s(t.helloTimeNs, b.helloTime),
    };
  }

  private reselectAll(cause: number, why: string): void {
    for (const p of this.ports) p.reselect = true;
    if (this.up) this.run(cause, () => why);
  }

  // ---- BPDUs in: the Port Receive machine (17.23) ----

  receive(name: string, frame: { id: number; bytes: Uint8Array }, rxSeq: number): Refusal | undefined {
    const p = this.port(name);
    const node = this.host.name;
    if (!p || !this.up || !p.portEnabled) return { reason: 'port-blocked', why: disabledDrop(node, name) };
    const bpdu = bpduOrRefusal(node, name, frame.bytes);
    if ('reason' in bpdu) return bpdu;
    const heard = say.heardBpdu(node, name, bpdu);
    const deliver = (why: string): number =>
      this.host.emit({ kind: 'deliver', node, port: name, frame: frame.id, bytes: frame.bytes, cause: rxSeq, why });
    // 9.3.4: a BPDU past its max age, or this port's own come back, is not processed.
    if (bpdu.type !== 'tcn' && bpdu.messageAge >= bpdu.maxAge) return void deliver(say.tooOld(node, name));
    if (bpdu.type !== 'tcn' && bpdu.bridgeId.mac === this.bridgeId.mac && bpdu.portId === p.portId)
      return void deliver(say.ownBpdu(node, name));
    const seq = deliver(heard);
    // RECEIVE: updtBPDUVersion(); operEdge = FALSE; rcvdMsg = TRUE; edgeDelayWhile = MigrateTime.
    p.rcvdBpdu = bpdu;
    p.rcvdRstp = bpdu.type === 'rst';
    p.rcvdStp = bpdu.type !== 'rst';
    p.operEdge = false;
    p.rcvdMsg = true;
    p.edgeDelayWhile = MIGRATE_TIME;
    p.heardSeq = seq;
    this.run(seq, () => say.judged(heard, p.rcvdInfo, bpdu));
    return undefined;
  }

  // ---- the Port Timers machine (17.22): one tick a second ----

  private armTick(): void {
    const token = ++this.tickToken;
    this.host.schedule(this.host.now + 1e9, tick, { tree: this, token });
  }

  onTick(token: number): void {
    if (token !== this.tickToken || !this.up) return;
    const expired: string[] = [];
    let cause = 0;
    for (const p of this.ports) {
      const note = this.expiryNote(p);
      if (note) {
        expired.push(note.why);
        cause ||= note.cause;
      }
      for (const k of TIMERS) if (p[k] > 0) p[k]--;
      if (p.txCount > 0) p.txCount--;
    }
    this.run(cause, () => expired.join('; '));
    this.armTick();
  }

  /** The timer of this port that runs out now and may move a machine, for the events' why. */
  private expiryNote(p: RstpPort): { why: string; cause: number } | undefined {
    const node = this.host.name;
    if (p.edgeDelayWhile === 1 && p.proposing && p.autoEdge && !p.operEdge)
      return { why: say.edgeDelayExpired(node, p.name, MIGRATE_TIME), cause: p.changedSeq };
    if (p.rcvdInfoWhile === 1 && p.infoIs === 'received')
      return { why: say.infoAged(node, p.name, formatBridgeId(p.portPriority.bridge), 3 * p.portTimes.helloTime), cause: p.heardSeq };
    if (p.fdWhile === 1 && !p.forward && p.role !== 'alternate' && p.role !== 'backup' && p.role !== 'disabled')
      return { why: say.fdWhileExpired(node, p.name, p.designatedTimes.forwardDelay), cause: p.changedSeq };
    return undefined;
  }

  // ---- running the machines (17.16) ----

  /**
   * Runs every machine until none moves, reporting after each pass what
   * changed; then lets each port transmit, and runs again if that moved
   * anything (a transmission clears newInfo, nothing else).
   */
  private run(cause: number, trigger: () => string, announceRoot = false): void {
    this.cause = cause;
    this.lastSeq = 0;
    let announce = announceRoot;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const moved = this.pass();
      if (moved || announce) this.report(cause, trigger(), announce);
      announce = false;
      if (moved) continue;
      let sent = false;
      for (const p of this.ports) sent = portTransmit(this, p) || sent;
      if (!sent) return;
    }
    throw new Error(`${this.host.name}: RSTP's state machines did not settle`);
  }

  /** One pass over the machines, in the order the figures feed each other; true if any moved. */
  private pass(): boolean {
    let moved = false;
    for (const p of this.ports) moved = portProtocolMigration(p) || bridgeDetection(p) || portInformation(p) || moved;
    moved = portRoleSelection(this) || moved;
    for (const p of this.ports) moved = portRoleTransitions(this, p) || moved;
    let states = false;
    for (const p of this.ports) states = portStateTransition(p) || states;
    if (states) this.host.statesChanged();
    for (const p of this.ports) moved = topologyChange(this, p) || moved;
    return moved || states;
  }

  private report(cause: number, trigger: string, announceRoot = false): void {
    const emit = (e: EventInit): number => this.host.emit(e);
    const { now, seq } = reportChanges(this, this.host.name, emit, this.reported, cause, trigger, announceRoot);
    this.reported = now;
    if (seq) {
      this.lastSeq = seq;
      this.host.statesChanged();
    }
  }

  // ---- what the machines ask of the bridge ----

  flush(p: RstpPort): void {
    const leaving = p.tcm === 'INACTIVE';
    this.host.flushPort(p.name, this.lastSeq || this.cause, (node, mac, port) => say.flushWhy(node, mac, port, leaving));
    p.fdbFlush = false;
  }

  transmit(p: RstpPort, bpdu: Bpdu): void {
    this.host.sendBpdu(p.name, bpdu, p.mac, this.lastSeq || this.cause || p.changedSeq);
  }

  describe(): ReturnType<BridgeTree['describe']> {
    const r = reportedNow(this);
    return {
      bridgeId: formatBridgeId(this.bridgeId),
      root: r.root,
      rootPort: r.rootPort,
      cost: r.cost,
      topologyChange: r.tc,
      topologyChangeDetected: r.tc,
    };
  }
}

/** The timers the Port Timers machine counts down (17.17); txCount too. */
const TIMERS = ['edgeDelayWhile', 'fdWhile', 'helloWhen', 'mdelayWhile', 'rbWhile', 'rcvdInfoWhile', 'rrWhile', 'tcWhile'] as const;

function tick(a: { tree: RapidSpanningTree; token: number }): void {
  a.tree.onTick(a.token);
}
