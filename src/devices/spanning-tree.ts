// One bridge's spanning tree (IEEE 802.1D-1998 clause 8 as net/bridge/br_stp*.c
// runs it): what starts its procedures — ports joining, going up and down,
// settings, BPDUs heard, timers expiring — and the `stp` events that say what
// they changed. The state and the procedures themselves are in stp-core.ts.

import { formatBridgeId } from '../wire/bpdu.js';
import { type Refusal, bpduOrRefusal } from './bridge-tree.js';
import { emitChanges, snapshot } from './stp-changes.js';
import { StpCore, forwardDelayExpired, helloExpired, tcnExpired } from './stp-core.js';
import * as info from './stp-info.js';
import { type StpPort, type StpRole, type StpState, makePortId, sameId } from './stp-port.js';
import { roundJiffies } from './stp-timer.js';
import * as say from './stp-why.js';

export type { StpHost } from './stp-core.js';

/** The spanning tree of one bridge: what starts its procedures (ports, settings, BPDUs, timers) and the events they make. */
export class SpanningTree extends StpCore {
  removePort(name: string, cause: number): void {
    const p = this.port(name);
    if (!p) return;
    if (p.state !== 'disabled') this.disablePort(p, cause, say.portRemoved(this.host.name, name));
    this.ports.splice(this.ports.indexOf(p), 1);
    this.recalculateBridgeId();
  }

  /** br_stp_recalculate_bridge_id: the lowest port MAC (a bridge with no port keeps its own). */
  // ---- the bridge and its ports going up and down (br_stp_if.c) ----

  /** br_stp_enable_bridge: the bridge device came up. */
  enableBridge(cause: number): void {
    this.up = true;
    this.begin(cause);
    this.modTimer(this.helloTimer, this.host.now + this.helloTime, cause, helloExpired);
    this.configBpduGeneration(cause);
    for (const p of this.ports) if (this.host.carrier(p.name) && p.state === 'disabled') this.enablePortInner(p);
    this.commit(cause, say.bridgeUp(this.host.name, formatBridgeId(this.bridgeId)), true);
  }

  /** br_stp_disable_bridge. */
  disableBridge(cause: number): void {
    this.begin(cause);
    for (const p of this.ports) if (p.state !== 'disabled') this.disablePortInner(p);
    this.topologyChange = false;
    this.topologyChangeDetected = false;
    this.up = false;
    this.helloTimer.stop();
    this.topologyChangeTimer.stop();
    this.tcnTimer.stop();
    this.commit(cause, say.bridgeDown(this.host.name));
  }

  /** br_stp_enable_port: a port with carrier on a bridge that is up. */
  enablePort(name: string, cause: number, why: string): void {
    const p = this.port(name);
    if (!p || !this.up || p.state !== 'disabled') return;
    this.begin(cause);
    this.enablePortInner(p);
    this.commit(cause, why);
  }

  disablePort(p: StpPort, cause: number, why: string): void {
    this.begin(cause);
    this.disablePortInner(p);
    this.commit(cause, why);
  }

  disablePortByName(name: string, cause: number, why: string): void {
    const p = this.port(name);
    if (p && p.state !== 'disabled') this.disablePort(p, cause, why);
  }

  // ---- settings (br_stp_if.c, br_stp.c br_set_*) ----

  /** br_stp_stop (`stp_state 0`): only stp_enabled changes; ports keep their states until a procedure moves them. */
  stop(cause: number): void {
    if (!this.kernelStp) return;
    this.begin(cause);
    this.kernelStp = false;
    this.commit(cause, say.stpStopped(this.host.name), true);
  }

  /**
   * br_stp_start on a bridge that is up and never ran STP: the kernel's tree
   * ran all along without it, every port with carrier designated and
   * forwarding at once (br_make_forwarding with BR_NO_STP), so the ports keep
   * forwarding; the hellos start a hello time later, and what they bring
   * blocks the ports that must block (the oracle's S9: in 2 s, not 30).
   */
  startRunning(cause: number): void {
    this.begin(cause);
    this.up = true;
    this.kernelStp = false;
    for (const p of this.ports) if (this.host.carrier(p.name) && p.state === 'disabled') this.initPort(p);
    this.portStateSelection();
    this.kernelStp = true;
    this.modTimer(this.helloTimer, this.host.now + this.helloTime, cause, helloExpired);
    this.portStateSelection();
    this.commit(cause, say.stpStarted(this.host.name), true);
  }

  /** br_stp_start (`stp_state 1` again): the hello timer runs, and port state selection starts the ports left blocked. */
  start(cause: number): void {
    if (this.kernelStp) return;
    this.begin(cause);
    this.kernelStp = true;
    if (this.up) this.modTimer(this.helloTimer, this.host.now + this.helloTime, cause, helloExpired);
    this.portStateSelection();
    this.commit(cause, say.stpStarted(this.host.name), true);
  }

  setBridgePriority(priority: number, cause: number): void {
    this.begin(cause);
    const wasRoot = this.isRootBridge();
    for (const p of this.ports)
      if (p.state !== 'disabled' && this.isDesignatedPort(p)) p.designatedBridge = { ...p.designatedBridge, priority };
    this.bridgeId = { ...this.bridgeId, priority };
    this.configurationUpdate();
    this.portStateSelection();
    if (this.isRootBridge() && !wasRoot) this.becomeRootBridge();
    this.commit(cause, say.prioritySet(this.host.name, formatBridgeId(this.bridgeId)));
  }

  setPortPriority(name: string, priority: number, cause: number): void {
    const p = this.port(name);
    if (!p) return;
    this.begin(cause);
    const id = makePortId(priority, p.portNo);
    if (this.isDesignatedPort(p)) p.designatedPort = id;
    p.portId = id;
    p.priority = priority;
    if (sameId(this.bridgeId, p.designatedBridge) && p.portId < p.designatedPort) {
      this.becomeDesignatedPort(p);
      this.portStateSelection();
    }
    this.commit(cause, say.portSettingSet(this.host.name, name, 'priority', priority));
  }

  setPathCost(name: string, cost: number, cause: number): void {
    const p = this.port(name);
    if (!p) return;
    this.begin(cause);
    p.pathCost = cost;
    this.configurationUpdate();
    this.portStateSelection();
    this.commit(cause, say.portSettingSet(this.host.name, name, 'cost', cost));
  }

  /** br_set_hello_time / br_set_max_age / br_set_forward_delay: the root's own values take effect at once. */
  setTimes(t: { helloTimeNs?: number; maxAgeNs?: number; forwardDelayNs?: number }): void {
    if (t.helloTimeNs !== undefined) this.bridgeHelloTime = t.helloTimeNs;
    if (t.maxAgeNs !== undefined) this.bridgeMaxAge = t.maxAgeNs;
    if (t.forwardDelayNs !== undefined) this.bridgeForwardDelay = t.forwardDelayNs;
    if (this.isRootBridge()) {
      this.helloTime = this.bridgeHelloTime;
      this.maxAge = this.bridgeMaxAge;
      this.forwardDelay = this.bridgeForwardDelay;
    }
  }

  // ---- BPDUs in (br_stp_bpdu.c br_stp_rcv) ----

  /**
   * A frame to the bridge group address arrived on a port (br_stp_rcv). The
   * protocol takes it (a `deliver` event saying what it heard) and returns
   * undefined, or returns why it cannot: a port that is disabled, or bytes that
   * are not a BPDU.
   */
  receive(name: string, frame: { id: number; bytes: Uint8Array }, rxSeq: number): Refusal | undefined {
    const p = this.port(name);
    const node = this.host.name;
    if (!p || p.state === 'disabled' || !this.up) return { reason: 'port-blocked', why: say.disabledDrop(node, name) };
    const bpdu = bpduOrRefusal(node, name, frame.bytes);
    if ('reason' in bpdu) return bpdu;
    const deliver = (why: string): number =>
      this.host.emit({ kind: 'deliver', node, port: name, frame: frame.id, bytes: frame.bytes, cause: rxSeq, why });
    if (bpdu.type === 'tcn') {
      const seq = deliver(say.heardTcn(node, name, this.isDesignatedPort(p)));
      this.begin(seq);
      this.receivedTcnBpdu(p, seq);
      this.commit(seq, say.heardTcn(node, name, this.isDesignatedPort(p)));
      return undefined;
    }
    const b = info.fromWire(bpdu);
    // br_stp_rcv: a configuration BPDU whose message age passed its max age is ignored.
    if (b.messageAge > b.maxAge) {
      deliver(say.tooOld(node, name));
      return undefined;
    }
    const better = info.supersedesPortInfo(this, p, b);
    const held = info.holdsSame(p, b);
    const heard = say.heardConfig(node, name, b, better && !held, held, !better && this.isDesignatedPort(p));
    const seq = deliver(heard);
    this.begin(seq);
    this.receivedConfigBpdu(p, b, seq);
    this.commit(seq, heard);
    return undefined;
  }

  /** br_received_config_bpdu. */
  // ---- timers (br_stp_timer.c) ----

  onHello(): void {
    const cause = this.helloTimer.cause || this.bridgeSeq;
    this.begin(cause);
    if (this.up) {
      this.configBpduGeneration(cause);
      // br_hello_timer_expired re-arms only while the kernel's STP runs.
      if (this.kernelStp) this.modTimer(this.helloTimer, roundJiffies(this.host.now + this.helloTime, this.host.now), cause, helloExpired);
    }
    this.commit(cause, '');
  }

  onMessageAge(p: StpPort): void {
    if (p.state === 'disabled') return;
    const lost = formatBridgeId(p.designatedBridge);
    this.begin(p.messageAgeTimer.cause);
    const wasRoot = this.isRootBridge();
    this.becomeDesignatedPort(p);
    this.configurationUpdate();
    this.portStateSelection();
    if (this.isRootBridge() && !wasRoot) this.becomeRootBridge();
    this.commit(p.messageAgeTimer.cause, say.maxAgeExpired(this.host.name, p.name, lost, this.maxAge));
  }

  onForwardDelay(p: StpPort): void {
    this.begin(p.changedSeq);
    if (p.state === 'listening') {
      this.setState(p, 'learning');
      this.modTimer(p.forwardDelayTimer, this.host.now + this.forwardDelay, p.changedSeq, forwardDelayExpired, p);
    } else if (p.state === 'learning') {
      this.setState(p, 'forwarding');
      if (this.isDesignatedForSomePort()) this.topologyChangeDetection(p.changedSeq);
    }
    this.commit(p.changedSeq, say.forwardDelayExpired(this.host.name, p.name, this.forwardDelay));
  }

  onTcn(): void {
    this.begin(this.tcnTimer.cause);
    if (!this.isRootBridge() && this.up) {
      this.transmitTcn(this.tcnTimer.cause);
      this.modTimer(this.tcnTimer, this.host.now + this.bridgeHelloTime, this.tcnTimer.cause, tcnExpired);
    }
    this.commit(this.tcnTimer.cause, '');
  }

  onTopologyChange(): void {
    this.begin(this.topologyChangeTimer.cause);
    this.topologyChangeDetected = false;
    this.setTopologyChange(false, this.topologyChangeTimer.cause);
    this.commit(this.topologyChangeTimer.cause, say.topologyChangeOver(this.host.name));
  }

  onHold(p: StpPort): void {
    this.begin(p.holdTimer.cause);
    if (p.configPending) this.transmitConfig(p, p.holdTimer.cause);
    this.commit(p.holdTimer.cause, '');
  }

  // ---- what changed, as events (stp-changes.ts) ----

  private begin(cause: number): void {
    this.before = snapshot(this);
    this.pendingCause = cause;
  }

  role(p: StpPort): StpRole {
    return info.roleOf(this, p);
  }

  private commit(cause: number, why: string, announceRoot = false): void {
    const before = this.before!;
    this.before = undefined;
    const { bridgeSeq, changed } = emitChanges(
      this,
      this.host.name,
      (e) => this.host.emit(e),
      before,
      cause,
      why,
      announceRoot,
      this.pendingCause,
    );
    if (bridgeSeq !== undefined) this.bridgeSeq = bridgeSeq;
    if (changed) this.host.statesChanged();
  }

  /** The state of a port for forwarding decisions, and the seq of the event that set it. */
  stateOf(name: string): StpState {
    return this.port(name)?.state ?? 'disabled';
  }

  /** For `state`, `bridge link show` and `ip -d link show`. */
  describe(): {
    bridgeId: string;
    root: string;
    rootPort: string;
    cost: number;
    topologyChange: boolean;
    topologyChangeDetected: boolean;
  } {
    return {
      bridgeId: formatBridgeId(this.bridgeId),
      root: formatBridgeId(this.designatedRoot),
      rootPort: this.byNo(this.rootPort)?.name ?? '',
      cost: this.rootPathCost,
      topologyChange: this.topologyChange,
      topologyChangeDetected: this.topologyChangeDetected,
    };
  }
}
