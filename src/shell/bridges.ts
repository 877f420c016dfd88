import type { LearningBridge } from '../devices/learning-bridge.js';
import { LINK_DEFAULTS } from '../topology/model.js';
import type { Kernel, Link, Namespace } from './kernel.js';

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
    this.device(bridge).addPort(port.name, cause);
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
    this.device(bridge).setAgingTime(ageingCs * NS_PER_CS, cause);
  }

  /**
   * A bridge without an address of its own takes the lowest MAC of its ports
   * (br_stp_recalculate_bridge_id), as the oracle's br0 does.
   */
  private adoptLowestMac(bridge: Link): void {
    if (bridge.bridge!.macSet || bridge.bridge!.ports.length === 0) return;
    bridge.mac = Math.min(...bridge.bridge!.ports.map((p) => p.mac));
    const iface = this.kernel.hostInterface(bridge);
    if (iface) iface.mac = bridge.mac;
    const end = this.kernel.ends.get(`${bridge.ns.name}:${bridge.name}`);
    if (end) end.mac = bridge.mac;
  }

  /** Sets each switch port up or down as its Linux port would forward or not. */
  sync(cause: number): void {
    for (const ns of this.kernel.namespaces.values()) {
      for (const bridge of ns.links) {
        if (!bridge.bridge) continue;
        const device = this.device(bridge);
        if (bridge.bridge.stack && device.isPortUp(bridge.name) !== bridge.up)
          device.runCommand({ name: 'link-set', dev: bridge.name, up: bridge.up }, cause);
        for (const port of bridge.bridge.ports) {
          const forwards = this.kernel.forwards(port);
          if (device.isPortUp(port.name) !== forwards) device.runCommand({ name: 'link-set', dev: port.name, up: forwards }, cause);
        }
      }
    }
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
