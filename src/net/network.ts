import type { DescriptionHint } from '../events/description-hint.js';
import type { EventInit } from '../events/event.js';
import type { Device, DeviceContext, Frame } from '../devices/device.js';
import { createDevice } from '../devices/factory.js';
import type { Handler } from '../sim/event-queue.js';
import type { Simulator } from '../sim/simulator.js';
import type { Endpoint, LinkSpec, NodeSpec, ScenarioStep, Topology } from '../topology/model.js';
import type { Mac } from '../wire/mac.js';
import { Cable } from './cable.js';
import { NodeContext } from './device-context.js';
import { buildHubSegments } from './hub-segment.js';
import { assignMacs, randomMac } from './mac-assignment.js';
import type { Medium, MediumHost } from './medium.js';

/**
 * The emulated world: devices, the media joining their ports, and the
 * scenario. It is the only place that knows which device sits behind which
 * port; devices talk to it through their DeviceContext.
 */
export class Network implements MediumHost {
  readonly devices = new Map<string, Device>();
  readonly media = new Map<string, Medium>();
  readonly macs: Map<string, Map<string, Mac>>;
  private started = false;
  /**
   * Bumped whenever a node or cable is added, removed or moved (the shell
   * front end, at run time). Device contexts and cables cache what sits behind
   * a port and look again only when this has changed: a hop then costs no
   * string building and no lookup in maps the size of the topology.
   */
  generation = 0;
  /**
   * Bumped whenever a port goes up or down anywhere. Every such change is
   * announced by a `link` event (SPEC §4), and every event, a device's
   * included, passes through emit below: cables cache whether their far end is up
   * and look again only when this or `generation` has changed, instead of
   * reaching into the far device for every frame (at thousands of hosts,
   * a cache miss or three each time).
   */
  portStates = 0;
  private readonly startHooks: Array<() => void> = [];

  constructor(
    readonly topology: Topology,
    readonly sim: Simulator,
  ) {
    this.macs = assignMacs(topology, sim.rng);
    for (const spec of topology.nodes) {
      this.devices.set(spec.name, createDevice(spec, this.macs.get(spec.name) ?? new Map()));
    }
    // Every port cabled to a hub, and every hub port, is on its hub's shared segment, not a cable.
    const hubMedia = buildHubSegments(topology, this, sim.rng);
    for (const [key, segment] of hubMedia) this.media.set(key, segment);
    for (const link of topology.links) {
      if (hubMedia.has(`${link.a.node}:${link.a.port}`)) continue;
      const cable = new Cable(link, this);
      this.media.set(`${link.a.node}:${link.a.port}`, cable);
      this.media.set(`${link.b.node}:${link.b.port}`, cable);
    }
  }

  get now(): number {
    return this.sim.now;
  }

  newHint(): DescriptionHint {
    return this.sim.newHint();
  }

  emit(init: EventInit): number {
    if (init.kind !== 'link') return this.sim.emit(init);
    this.portStates++;
    const seq = this.sim.emit(init);
    // A topology file's port going down or up takes its peer's carrier with it, as a veth does
    // (veth_close: netif_carrier_off(peer)), once the procedure that moved it is over. A script's
    // shell already does this for its veths and bridges, from the kernel's view (shell/bridges.ts sync).
    if (init.port && !this.topology.script)
      this.sim.schedule(this.sim.now, carrierOfPeer, { network: this, node: init.node, port: init.port, cause: seq });
    return seq;
  }

  /** Tells the device at the far end of node:port whether it has carrier now (node:port is up). */
  carrierOfPeer(node: string, port: string, cause: number): void {
    const peer = this.media.get(`${node}:${port}`)?.peerOf(node, port);
    if (!peer) return;
    this.devices.get(peer.node)?.carrierChanged?.(peer.port, this.isPortUp(node, port), cause);
  }

  schedule<T>(at: number, handler: Handler<T>, arg: T): void {
    this.sim.schedule(at, handler, arg);
  }

  /** The device named `node`, if there is one (cables cache it per generation). */
  device(node: string): Device | undefined {
    return this.devices.get(node);
  }

  isPortUp(node: string, port: string): boolean {
    return this.devices.get(node)?.isPortUp(port) ?? false;
  }

  deliver(node: string, port: string, frame: Frame, rxSeq: number): void {
    this.devices.get(node)!.receive(port, frame, rxSeq);
  }

  /** Attaches every device and schedules the scenario. */
  start(): void {
    for (const device of this.devices.values()) device.attach(this.contextFor(device.name));
    for (const step of this.topology.scenario) this.sim.schedule(step.atNs, runStep, { network: this, step });
    this.started = true;
    for (const hook of this.startHooks) hook();
  }

  /** Runs `hook` when the network starts, its devices attached (the shell front end starts its script there). */
  onStart(hook: () => void): void {
    this.startHooks.push(hook);
  }

  // ---- growing at run time: the shell-script front end builds the network command by command (SPEC §2) ----

  /**
   * Adds a node while the network runs (`ip netns add`, `ip link add ...
   * type bridge`), attached at once, and says so as a `config` event caused
   * by `cause`: the recording's reader then knows the node from then on, a
   * host or router with its loopback's state and forwarding (its interfaces
   * arrive as events of their own).
   */
  addNode(spec: NodeSpec, cause: number): Device {
    const device = createDevice(spec, new Map());
    this.devices.set(spec.name, device);
    this.generation++;
    if (this.started) device.attach(this.contextFor(spec.name));
    const stack = spec.kind === 'host' || spec.kind === 'router';
    this.emit({
      kind: 'config',
      node: spec.name,
      cause,
      config: { change: 'newnode', kind: spec.kind, ...(stack && { lo: spec.loUp, forwarding: spec.ipForward }) },
      why: `${spec.name} is a new ${spec.kind} in the network${stack ? `, lo ${spec.loUp ? 'up' : 'down'}` : ''}`,
    });
    return device;
  }

  /** Removes a node (`ip netns delete`), said as a `config` event; its timers still fire but can neither emit nor send. */
  removeNode(name: string, cause: number): void {
    this.devices.delete(name);
    this.generation++;
    this.emit({
      kind: 'config',
      node: name,
      cause,
      config: { change: 'delnode' },
      why: `${name} leaves the network, and everything in it`,
    });
  }

  /** Joins two ports with a new cable (a veth pair made by `ip link add`). */
  addCable(link: LinkSpec): void {
    const cable = new Cable(link, this);
    this.media.set(`${link.a.node}:${link.a.port}`, cable);
    this.media.set(`${link.b.node}:${link.b.port}`, cable);
    this.generation++;
  }

  /** Removes the cable behind a port, both its ends (a veth pair dies whole). */
  removeCable(end: Endpoint): void {
    const cable = this.media.get(`${end.node}:${end.port}`);
    if (!(cable instanceof Cable)) return;
    this.media.delete(`${cable.spec.a.node}:${cable.spec.a.port}`);
    this.media.delete(`${cable.spec.b.node}:${cable.spec.b.port}`);
    this.generation++;
  }

  /**
   * Moves one end of a cable to another node's port, the cable itself staying
   * as it is: `ip link set X netns NS` moves the interface, and enslaving X to
   * a bridge hands its frames to the bridge. A frame on the wire arrives at the
   * new place.
   */
  moveCableEnd(from: Endpoint, to: Endpoint): void {
    const cable = this.media.get(`${from.node}:${from.port}`);
    if (!(cable instanceof Cable)) return;
    const end = cable.spec.a.node === from.node && cable.spec.a.port === from.port ? cable.spec.a : cable.spec.b;
    this.media.delete(`${from.node}:${from.port}`);
    end.node = to.node;
    end.port = to.port;
    this.media.set(`${to.node}:${to.port}`, cable);
    this.generation++;
  }

  /** A random MAC for an interface made at run time, as Linux gives a new veth (eth_random_addr), from the run's seed. */
  newMac(): Mac {
    if (!this.usedMacs) {
      this.usedMacs = new Set<Mac>();
      for (const byPort of this.macs.values()) for (const mac of byPort.values()) this.usedMacs.add(mac);
    }
    return randomMac(this.sim.rng, this.usedMacs);
  }

  private usedMacs: Set<Mac> | undefined;

  runStep(step: ScenarioStep): void {
    const seq = this.sim.emit({
      kind: 'command',
      node: step.node,
      text: step.text,
      why: `the scenario runs \`${step.text}\` on ${step.node}`,
    });
    this.devices.get(step.node)!.runCommand(step.command, seq);
  }

  private contextFor(node: string): DeviceContext {
    return new NodeContext(this, this.sim, node, this.devices.get(node));
  }
}

function carrierOfPeer(a: { network: Network; node: string; port: string; cause: number }): void {
  a.network.carrierOfPeer(a.node, a.port, a.cause);
}

function runStep(a: { network: Network; step: ScenarioStep }): void {
  a.network.runStep(a.step);
}
