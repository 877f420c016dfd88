// Where a bridge and its spanning tree meet (net/bridge/br_input.c
// br_handle_frame, br_forward.c should_deliver): frames to the bridge group
// address go to the protocol, and the ports' STP states decide what is
// learned and forwarded. The protocol itself is spanning-tree.ts (STP) or
// rapid-spanning-tree.ts (RSTP, `stp: rstp`).

import type { EventInit } from '../events/event.js';
import type { MacEntry, MacTable } from '../tables/mac-table.js';
import type { StpSpec } from '../topology/stp-spec.js';
import { BRIDGE_GROUP_MAC, type Bpdu, emitBpduFrame } from '../wire/bpdu.js';
import type { BridgePort } from './bridge-port.js';
import type { DeviceContext } from './device.js';
import type { BridgeTree } from './bridge-tree.js';
import { RapidSpanningTree, type RstpHost } from './rapid-spanning-tree.js';
import { SpanningTree } from './spanning-tree.js';

/** 01:80:c2:00:00:0X: the reserved addresses a bridge never forwards by default (802.1D Table 7-10, group_fwd_mask 0). */
const LINK_LOCAL_BASE = 0x0180c2000000;

export function isLinkLocal(dst: number): boolean {
  return dst - LINK_LOCAL_BASE >= 0 && dst - LINK_LOCAL_BASE <= 0x0f;
}

/** What the bridge lends: its context, its ports, and its table's ageing. */
export interface StpBridgeHost {
  readonly name: string;
  readonly ctx: DeviceContext;
  readonly ports: readonly BridgePort[];
  /** A port's state changed: every port's flood set is out of date. */
  forgetFloodSets(): void;
  setAgingTime(ns: number, cause: number): void;
  readonly table: MacTable;
  /** Forgets entries taken out of the table, each an `age` event. */
  forget(entries: MacEntry[], cause: number, why: (node: string, mac: string, port: string) => string): void;
}

export class BridgeStp implements RstpHost {
  readonly tree: BridgeTree;

  constructor(
    private readonly bridge: StpBridgeHost,
    spec: StpSpec,
    macs: ReadonlyMap<string, number>,
    ageingNs: number,
  ) {
    const ports = bridge.ports.map((p) => ({ name: p.name, mac: macs.get(p.name) ?? 0 }));
    this.tree = spec.mode === 'rstp' ? new RapidSpanningTree(this, spec, ports, ageingNs) : new SpanningTree(this, spec, ports, ageingNs);
    this.statesChanged();
  }

  get name(): string {
    return this.bridge.name;
  }

  get now(): number {
    return this.bridge.ctx.now;
  }

  emit(event: EventInit): number {
    if (event.cause === 0) delete event.cause;
    return this.bridge.ctx.emit(event);
  }

  schedule<T>(at: number, handler: (arg: T) => void, arg: T): void {
    this.bridge.ctx.schedule(at, handler, arg);
  }

  sendBpdu(port: string, bpdu: Bpdu, mac: number, cause: number): void {
    const ctx = this.bridge.ctx;
    ctx.send(port, ctx.newFrame(emitBpduFrame(mac, bpdu)), cause);
  }

  statesChanged(): void {
    for (const p of this.bridge.ports) {
      const state = this.tree.stateOf(p.name);
      const forwarding = state === 'forwarding';
      const learning = forwarding || state === 'learning';
      const since = this.changedSeq(p.name);
      const note = forwarding ? '' : `${state}${since > 0 ? ` since #${since}` : ''}`;
      if (p.forwarding !== forwarding || p.learning !== learning || p.notForwardingNote !== note) {
        p.forwarding = forwarding;
        p.learning = learning;
        p.notForwardingNote = note;
        this.bridge.forgetFloodSets();
      }
    }
  }

  setAgeing(ns: number, cause: number): void {
    this.bridge.setAgingTime(ns, cause);
  }

  /** RSTP's fdbFlush (802.1D-2004 17.19.7): the port's learned addresses go at once. */
  flushPort(port: string, cause: number, why: (node: string, mac: string, port: string) => string): void {
    this.bridge.forget(this.bridge.table.flush(port), cause, why);
  }

  pointToPoint(port: string): boolean {
    return this.bridge.ctx.pointToPoint?.(port) ?? true;
  }

  carrier(port: string): boolean {
    const p = this.bridge.ports.find((q) => q.name === port);
    return (p?.up ?? false) && this.bridge.ctx.carrier(port);
  }

  /** The event that last set a port's state: a drop at a blocked port cites it. */
  changedSeq(port: string): number {
    return this.tree.port(port)?.changedSeq ?? 0;
  }

  isGroupAddress(dst: number): boolean {
    return dst === BRIDGE_GROUP_MAC;
  }
}
