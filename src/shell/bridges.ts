import type { LearningBridge } from '../devices/learning-bridge.js';
import type { SpanningTree } from '../devices/spanning-tree.js';
import { LINK_DEFAULTS } from '../topology/model.js';
import { STP_LIMITS, defaultStpSpec } from '../topology/stp-spec.js';
import type { Kernel, Link, Namespace } from './kernel.js';

/** The bridge's settings in the units `ip link` speaks: centiseconds for times. */
export interface BridgeOptions {
  ageingCs?: number;
  stpState?: 0 | 1;
  priority?: number;
  forwardDelayCs?: number;
  helloTimeCs?: number;
  maxAgeCs?: number;
}

/** The kernel's default ageing_time: 300 s, in the centiseconds `ip link` speaks (IEEE 802.1D Table 7-5). */
export const DEFAULT_AGEING_CS = 30000;
const NS_PER_CS = 10_000_000;

/**
 * A Linux bridge in a script: a switch node whose ports are the interfaces
 * enslaved to it. A port forwards only while the bridge, the port and the
 * port's carrier are all up (STP off: br_stp_enable_port on NETDEV_UP and
 * NETDEV_CHANGE); `sync` brings the switch's ports in line after every command.
 */
export class Bridges {
  /** Ports' STP cost and priority set by `bridge link set`, kept while STP is off as the kernel keeps them. */
  private readonly portSettings = new Map<Link, { cost?: number; priority?: number }>();

  constructor(private readonly kernel: Kernel) {
    kernel.release = (port, cause) => this.release(port, cause);
  }

  private device(bridge: Link): LearningBridge {
    return this.kernel.network.devices.get(bridge.bridge!.node) as LearningBridge;
  }

  /** `ip link add NAME type bridge [ageing_time N]`: the switch is named after the bridge, or NS.NAME when taken. */
  create(ns: Namespace, name: string, ageingCs: number, cause: number): Link {
    const taken = (n: string): boolean => this.kernel.network.devices.has(n) || this.kernel.namespaces.has(n);
    const node = taken(name) ? `${ns.name}.${name}` : name;
    this.kernel.network.addNode(
      {
        name: node,
        kind: 'switch',
        interfaces: [],
        loUp: false,
        routes: [],
        ipForward: false,
        ports: [],
        agingTimeNs: ageingCs * NS_PER_CS,
      },
      cause,
    );
    return this.kernel.addBridge(ns, name, node, ageingCs, cause);
  }

  /** `ip link set X master BR`: X's frames now go to the bridge, not to the namespace's IP stack. */
  enslave(port: Link, bridge: Link, cause: number): void {
    if (port.master === bridge) return;
    if (port.master) this.release(port, cause);
    this.attach(port, bridge, cause);
    this.device(bridge).addPort(port.name, cause, port.mac);
    this.adoptLowestMac(bridge);
    this.kernel.event(
      bridge.bridge!.node,
      port.name,
      false,
      cause,
      `${port.name} becomes a port of ${bridge.name}: frames arriving on it are ${bridge.name}'s to forward`,
    );
  }

  /** `ip link set X nomaster` (also before X moves or is deleted): X is the namespace's interface again. */
  release(port: Link, cause: number): void {
    const bridge = port.master;
    if (!bridge) return;
    const device = this.device(bridge);
    if (device.isPortUp(port.name)) device.runCommand({ name: 'link-set', dev: port.name, up: false }, cause);
    device.removePort(port.name, cause);
    this.detach(port, cause);
    this.adoptLowestMac(bridge);
    this.kernel.event(
      port.ns.name,
      port.name,
      this.kernel.isUp(port),
      cause,
      `${port.name} leaves ${bridge.name} and is ${port.ns.name}'s own interface again`,
    );
  }

  /**
   * A bridge given an address becomes an interface of its namespace's stack
   * too (what the kernel does in br_pass_frame_up): hoplab cables a host
   * interface named after the bridge, with its MAC, to a switch port of the
   * same name, up while the bridge is.
   */
  joinStack(bridge: Link, cause: number): void {
    const info = bridge.bridge!;
    if (info.stack) return;
    info.stack = true;
    bridge.ns.host.addInterface({ ...this.kernel.iface(bridge), up: bridge.up }, cause);
    this.device(bridge).addPort(bridge.name, cause);
    const host = { node: bridge.ns.name, port: bridge.name };
    const port = { node: info.node, port: bridge.name };
    this.kernel.network.addCable({ a: host, b: port, ...LINK_DEFAULTS });
    this.kernel.ends.set(`${host.node}:${host.port}`, { ...host, mac: bridge.mac, peer: port });
    this.kernel.ends.set(`${port.node}:${port.port}`, { ...port, peer: host });
  }

  /** The port leaves the namespace's IP stack (keeping its admin state and, idle, its addresses); its cable end moves to the switch. */
  private attach(port: Link, bridge: Link, cause: number): void {
    const iface = port.ns.host.removeInterface(port.name, cause);
    port.up = iface?.up ?? port.up;
    if (iface?.addresses.length) port.parked = iface.addresses;
    const before = this.kernel.endpoint(port);
    port.master = bridge;
    let no = 1;
    while (bridge.bridge!.ports.some((p) => p.portNo === no)) no++;
    port.portNo = no;
    bridge.bridge!.ports.push(port);
    this.kernel.network.moveCableEnd(before, this.kernel.endpoint(port));
    this.kernel.noteCable(port);
  }

  private detach(port: Link, cause: number): void {
    const bridge = port.master!;
    const before = this.kernel.endpoint(port);
    bridge.bridge!.ports = bridge.bridge!.ports.filter((p) => p !== port);
    port.master = undefined;
    this.kernel.network.moveCableEnd(before, this.kernel.endpoint(port));
    this.kernel.noteCable(port);
    port.ns.host.addInterface({ ...this.kernel.iface(port), addresses: port.parked ?? [], up: port.up }, cause);
    port.parked = undefined;
  }

  /** `ip link set BR type bridge ageing_time N` (centiseconds, as the kernel takes it). */
  setAgeing(bridge: Link, ageingCs: number, cause: number): void {
    bridge.bridge!.ageingCs = ageingCs;
    this.device(bridge).setConfiguredAgeing(ageingCs * NS_PER_CS, cause);
  }

  /**
   * A bridge without an address of its own takes the lowest MAC of its ports
   * (br_stp_recalculate_bridge_id), as the oracle's br0 does, and when its
   * last port leaves, br_mac_zero: 00:00:00:00:00:00 (oracle A1-addresses).
   */
  private adoptLowestMac(bridge: Link): void {
    if (bridge.bridge!.macSet) return;
    const ports = bridge.bridge!.ports;
    bridge.mac = ports.length === 0 ? 0 : Math.min(...ports.map((p) => p.mac));
    const iface = this.kernel.hostInterface(bridge);
    if (iface) iface.mac = bridge.mac;
    const end = this.kernel.ends.get(`${bridge.ns.name}:${bridge.name}`);
    if (end) end.mac = bridge.mac;
  }

  /**
   * `type bridge stp_state N priority N forward_delay N hello_time N max_age N`:
   * the kernel's br_changelink applies them in this order. Starting STP clamps
   * the forward delay into 802.1D's range (br_stp_start); the times take
   * effect on the bridge at once when it is the root (br_set_hello_time ...).
   */
  configure(bridge: Link, o: BridgeOptions, cause: number): void {
    const info = bridge.bridge!;
    const device = this.device(bridge);
    const stp = info.stp;
    if (o.forwardDelayCs !== undefined) stp.forwardDelayCs = o.forwardDelayCs;
    if (o.helloTimeCs !== undefined) stp.helloTimeCs = o.helloTimeCs;
    if (o.maxAgeCs !== undefined) stp.maxAgeCs = o.maxAgeCs;
    if (o.stpState === 1 && !stp.on) {
      stp.on = true;
      const fd = STP_LIMITS.forwardDelayNs;
      stp.forwardDelayCs = Math.min(Math.max(stp.forwardDelayCs, fd.min / NS_PER_CS), fd.max / NS_PER_CS);
      const ports = Object.fromEntries(info.ports.map((p) => [p.name, this.portSettings.get(p) ?? {}]));
      const spec = { ...defaultStpSpec(), priority: stp.priority, ...this.times(bridge), ports };
      device.startStp(spec, bridge.up ? 'running' : 'down', cause);
    } else if (o.stpState === 0 && stp.on) {
      stp.on = false;
      device.stopStp(cause);
    }
    if (o.priority !== undefined) {
      stp.priority = o.priority;
      device.stp?.tree.setBridgePriority(o.priority, cause);
    }
    device.stp?.tree.setTimes(this.times(bridge));
    if (o.ageingCs !== undefined) this.setAgeing(bridge, o.ageingCs, cause);
  }

  private times(bridge: Link): { helloTimeNs: number; maxAgeNs: number; forwardDelayNs: number } {
    const s = bridge.bridge!.stp;
    return { helloTimeNs: s.helloTimeCs * NS_PER_CS, maxAgeNs: s.maxAgeCs * NS_PER_CS, forwardDelayNs: s.forwardDelayCs * NS_PER_CS };
  }

  /** An enslaved port's MAC changed: the switch port takes it, and a bridge without its own address takes the lowest again. */
  portAddressChanged(port: Link): void {
    this.device(port.master!).setPortMac(port.name, port.mac);
    this.adoptLowestMac(port.master!);
  }

  /** `bridge link set dev X cost N priority N`, remembered for when STP starts. */
  setPort(port: Link, set: { cost?: number; priority?: number }, cause: number): void {
    const device = this.device(port.master!);
    const tree = device.stp?.tree;
    this.portSettings.set(port, { ...this.portSettings.get(port), ...set });
    if (set.cost !== undefined) tree?.setPathCost(port.name, set.cost, cause);
    if (set.priority !== undefined) tree?.setPortPriority(port.name, set.priority, cause);
  }

  /** The spanning tree's view of a port: its state, priority and cost (`bridge link show`). */
  stpPort(port: Link): { state: string; priority: number; cost: number } {
    const tree = port.master ? this.device(port.master).stp?.tree : undefined;
    const p = tree?.port(port.name);
    if (!tree || !p) return { state: this.portState(port), priority: 32, cost: 2 };
    return { state: p.state, priority: p.priority, cost: p.pathCost };
  }

  /** Sets each switch port up or down as its Linux port would forward or not, and the bridge device itself. */
  sync(cause: number): void {
    const now = this.kernel.network.now;
    for (const bridge of this.inDeviceOrder()) {
      const info = bridge.bridge!;
      const device = this.device(bridge);
      if (bridge.up !== (info.upAt !== undefined)) info.upAt = bridge.up ? now : undefined;
      device.setBridgeUp(bridge.up, cause);
      if (info.stack && device.isPortUp(bridge.name) !== bridge.up)
        device.runCommand({ name: 'link-set', dev: bridge.name, up: bridge.up }, cause);
      for (const port of info.ports) {
        const forwards = this.kernel.forwards(port);
        if (device.isPortUp(port.name) === forwards) continue;
        device.runCommand({ name: 'link-set', dev: port.name, up: forwards }, cause);
        port.enabledAt = forwards ? now : undefined;
      }
    }
  }

  /**
   * The bridges as walking every namespace's devices in order finds them
   * (namespaces in the order made, devices in the order they arrived), without
   * that walk: it made every command cost as much as the devices in the script.
   */
  private inDeviceOrder(): Link[] {
    const bridges = [...this.kernel.bridgeLinks];
    if (bridges.length > 1) bridges.sort((a, b) => a.ns.serial - b.ns.serial || a.arrival - b.arrival);
    return bridges;
  }

  /** The bridge's spanning tree, once STP has been started on it. */
  tree(bridge: Link): SpanningTree | undefined {
    // A script's bridges run the kernel's STP: Linux has no RSTP (`stp_state 2` needs a daemon).
    return this.device(bridge).stp?.tree as SpanningTree | undefined;
  }

  /** The MAC table's ageing time now (a topology change shortens it), in ns. */
  ageingNs(bridge: Link): number {
    return this.device(bridge).table.agingTimeNs;
  }

  /** Whether a port forwards now (bridge link show's `state`). */
  portState(port: Link): 'forwarding' | 'disabled' {
    return port.master && this.device(port.master).isPortUp(port.name) ? 'forwarding' : 'disabled';
  }

  /** The learned (dynamic) entries of a bridge now, newest first, as the kernel's fdb list holds them. */
  learned(bridge: Link): Array<{ mac: number; port: string }> {
    const device = this.device(bridge);
    const now = this.kernel.network.now;
    return device.table
      .entries()
      .filter((e) => e.lastSeen + device.table.agingTimeNs > now)
      .map((e) => ({ mac: e.mac, port: e.port }))
      .reverse();
  }
}
