// A script bridge's and its ports' spanning tree fields as the kernel reports
// them over netlink (IFLA_BR_*, IFLA_BRPORT_*; br_netlink.c br_fill_info,
// br_port_fill_attrs), for `ip -d link show`. While the bridge's spanning tree
// exists they are its own; a bridge that never ran STP reports what the
// kernel's does: every port designated, with the bridge's own id.

import type { BridgeId } from '../wire/bpdu.js';
import type { Bridges } from './bridges.js';
import type { Kernel, Link } from './kernel.js';

const NS_PER_CS = 10_000_000;

export interface BridgeDetail {
  stpOn: boolean;
  bridgeId: BridgeId;
  forwardDelayNs: number;
  helloTimeNs: number;
  maxAgeNs: number;
  ageingNs: number;
  rootPort: number;
  rootPathCost: number;
  topologyChange: boolean;
  topologyChangeDetected: boolean;
  helloAt: number | undefined;
  tcnAt: number | undefined;
  topologyChangeAt: number | undefined;
  /** When the bridge device last came up, while it is up. */
  upAt: number | undefined;
}

export interface PortDetail {
  state: string;
  priority: number;
  cost: number;
  portId: number;
  portNo: number;
  designatedPort: number;
  designatedCost: number;
  designatedBridge: BridgeId;
  designatedRoot: BridgeId;
  topologyChangeAck: boolean;
  configPending: boolean;
  holdAt: number | undefined;
  messageAgeAt: number | undefined;
  forwardDelayAt: number | undefined;
}

export function bridgeDetail(bridges: Bridges, bridge: Link): BridgeDetail {
  const info = bridge.bridge!;
  const tree = bridges.tree(bridge);
  const s = info.stp;
  const common = { stpOn: s.on, ageingNs: bridges.ageingNs(bridge), upAt: bridge.up ? info.upAt : undefined };
  if (tree)
    return {
      ...common,
      bridgeId: tree.bridgeId,
      forwardDelayNs: tree.forwardDelay,
      helloTimeNs: tree.helloTime,
      maxAgeNs: tree.maxAge,
      rootPort: tree.rootPort,
      rootPathCost: tree.rootPathCost,
      topologyChange: tree.topologyChange,
      topologyChangeDetected: tree.topologyChangeDetected,
      helloAt: tree.helloTimer.at,
      tcnAt: tree.tcnTimer.at,
      topologyChangeAt: tree.topologyChangeTimer.at,
    };
  return {
    ...common,
    bridgeId: ownId(bridge),
    forwardDelayNs: s.forwardDelayCs * NS_PER_CS,
    helloTimeNs: s.helloTimeCs * NS_PER_CS,
    maxAgeNs: s.maxAgeCs * NS_PER_CS,
    rootPort: 0,
    rootPathCost: 0,
    topologyChange: false,
    topologyChangeDetected: false,
    helloAt: undefined,
    tcnAt: undefined,
    topologyChangeAt: undefined,
  };
}

export function portDetail(kernel: Kernel, bridges: Bridges, port: Link): PortDetail {
  const bridge = port.master!;
  const tree = bridges.tree(bridge);
  const p = tree?.port(port.name);
  const { state, priority, cost } = bridges.stpPort(port);
  const flags = { state, priority, cost, topologyChangeAck: false, configPending: false };
  // new_nbp runs br_init_port: a port is designated with the bridge's own id until it hears better.
  if (p && (p.designatedBridge.mac !== 0 || p.designatedBridge.priority !== 0))
    return {
      ...flags,
      portId: p.portId,
      portNo: p.portNo,
      designatedPort: p.designatedPort,
      designatedCost: p.designatedCost,
      designatedBridge: p.designatedBridge,
      designatedRoot: p.designatedRoot,
      topologyChangeAck: p.topologyChangeAck,
      configPending: p.configPending,
      holdAt: p.holdTimer.at,
      messageAgeAt: p.messageAgeTimer.at,
      forwardDelayAt: p.forwardDelayTimer.at,
    };
  const portNo = p?.portNo ?? port.portNo ?? 0;
  const portId = ((priority << 10) | (portNo & 0x3ff)) & 0xffff;
  const id = tree?.bridgeId ?? ownId(bridge);
  // Without STP, br_make_forwarding still arms the forward delay timer when the port starts forwarding; it then does nothing.
  const fd = bridge.bridge!.stp.forwardDelayCs * NS_PER_CS;
  const forwarding = state === 'forwarding' && port.enabledAt !== undefined && port.enabledAt + fd > kernel.network.now;
  return {
    ...flags,
    portId,
    portNo,
    designatedPort: portId,
    designatedCost: 0,
    designatedBridge: id,
    designatedRoot: id,
    holdAt: undefined,
    messageAgeAt: undefined,
    forwardDelayAt: forwarding ? port.enabledAt! + fd : undefined,
  };
}

/** The bridge id of a bridge without STP: its priority and the lowest port MAC, zero before its first port (br_stp_recalculate_bridge_id). */
function ownId(bridge: Link): BridgeId {
  const info = bridge.bridge!;
  return { priority: info.stp.priority, mac: info.ports.length > 0 ? bridge.mac : 0 };
}
