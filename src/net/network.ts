import type { EventInit } from '../events/event.js';
import type { Device, DeviceContext, Frame } from '../devices/device.js';
import { createDevice } from '../devices/factory.js';
import type { Handler } from '../sim/event-queue.js';
import type { Rng } from '../sim/rng.js';
import type { Simulator } from '../sim/simulator.js';
import type { ScenarioStep, Topology } from '../topology/model.js';
import type { Mac } from '../wire/mac.js';
import { Cable } from './cable.js';
import { buildHubSegments } from './hub-segment.js';
import { assignMacs } from './mac-assignment.js';
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

  emit(init: EventInit): number {
    return this.sim.emit(init);
  }

  schedule<T>(at: number, handler: Handler<T>, arg: T): void {
    this.sim.schedule(at, handler, arg);
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
  }

  runStep(step: ScenarioStep): void {
    const seq = this.sim.emit({ kind: 'command', node: step.node, text: step.text, why: `the scenario runs \`${step.text}\` on ${step.node}` });
    this.devices.get(step.node)!.runCommand(step.command, seq);
  }

  private contextFor(node: string): DeviceContext {
    const network = this;
    const sim = this.sim;
    return {
      get now(): number {
        return sim.now;
      },
      get rng(): Rng {
        return sim.rng;
      },
      emit: (e) => sim.emit(e),
      send(port: string, frame: Frame, cause: number): void {
        const medium = network.media.get(`${node}:${port}`);
        if (!medium) {
          sim.emit({ kind: 'drop', node, port, frame: frame.id, cause, reason: 'link-down', bytes: frame.bytes, why: `${node}:${port} has no cable, so the frame goes nowhere` });
          return;
        }
        medium.transmit(node, port, frame, cause);
      },
      newFrame: (bytes) => ({ id: sim.newFrameId(), bytes }),
      schedule: (at, handler, arg) => sim.schedule(at, handler, arg),
      carrier: (port) => network.media.get(`${node}:${port}`)?.carrier(node, port) ?? false,
    };
  }
}

function runStep(a: { network: Network; step: ScenarioStep }): void {
  a.network.runStep(a.step);
}
