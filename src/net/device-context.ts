import type { DescriptionHint } from '../events/description-hint.js';
import type { EventInit } from '../events/event.js';
import type { Device, DeviceContext, Frame } from '../devices/device.js';
import type { Handler } from '../sim/event-queue.js';
import type { Rng } from '../sim/rng.js';
import type { Simulator } from '../sim/simulator.js';
import type { Medium } from './medium.js';
import { linkDownDrop } from './link-down-drop.js';

/** What a device's context needs of the network: its devices and media, and when they last changed. */
export interface ContextHost {
  readonly devices: ReadonlyMap<string, Device>;
  readonly media: ReadonlyMap<string, Medium>;
  readonly generation: number;
  /** Every event a device emits passes here (a `link` event is a port state change the network counts). */
  emit(init: EventInit): number;
}

/**
 * One device's view of the network (DeviceContext): one object with its
 * fields, not a bundle of closures, so that a hop touches one small object
 * per device (a topology of thousands of hosts keeps its hot data in cache).
 * A device removed at run time, or replaced by a new one of the same name,
 * is silent from then on. What each port leads to is looked up once per
 * network generation.
 */
export class NodeContext implements DeviceContext {
  private readonly media = new Map<string, Medium | null>();
  private seen = -1;
  private isAlive = true;

  constructor(
    private readonly network: ContextHost,
    private readonly sim: Simulator,
    private readonly node: string,
    private readonly device: Device | undefined,
  ) {}

  get now(): number {
    return this.sim.now;
  }

  get rng(): Rng {
    return this.sim.rng;
  }

  emit(e: EventInit): number {
    return this.alive() ? this.network.emit(e) : 0;
  }

  send(port: string, frame: Frame, cause: number): void {
    if (!this.alive()) return;
    const medium = this.mediumAt(port);
    if (!medium) {
      const node = this.node;
      this.sim.emit(linkDownDrop(node, port, frame, cause, `${node}:${port} has no cable, so the frame goes nowhere`));
      return;
    }
    medium.transmit(this.node, port, frame, cause);
  }

  newFrame(bytes: Uint8Array): Frame {
    return { id: this.sim.newFrameId(), bytes };
  }

  schedule<T>(at: number, handler: Handler<T>, arg: T): void {
    this.sim.schedule(at, handler, arg);
  }

  newHint(): DescriptionHint {
    return this.sim.newHint();
  }

  carrier(port: string): boolean {
    this.alive();
    return this.mediumAt(port)?.carrier(this.node, port) ?? false;
  }

  pointToPoint(port: string): boolean {
    this.alive();
    return this.mediumAt(port)?.pointToPoint ?? true;
  }

  private alive(): boolean {
    if (this.seen !== this.network.generation) {
      this.seen = this.network.generation;
      this.isAlive = this.network.devices.get(this.node) === this.device;
      this.media.clear();
    }
    return this.isAlive;
  }

  /** What `port` leads to; the caller has checked alive() this generation, which empties the cache when the network changes. */
  private mediumAt(port: string): Medium | null {
    let medium = this.media.get(port);
    if (medium === undefined) {
      medium = this.network.media.get(`${this.node}:${port}`) ?? null;
      this.media.set(port, medium);
    }
    return medium;
  }
}
