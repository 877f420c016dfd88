import type { DescriptionHint } from '../events/description-hint.js';
import type { EventInit } from '../events/event.js';
import type { Rng } from '../sim/rng.js';
import type { Handler } from '../sim/event-queue.js';
import type { Command } from '../topology/command.js';
import type { NodeKind } from '../topology/model.js';

/** A frame in flight: its bytes and the id under which the recording stores them once. */
export interface Frame {
  readonly id: number;
  readonly bytes: Uint8Array;
}

/**
 * What a device may do to the world. A device never calls another device
 * (STYLE rule 5): it sends frames out of its own ports, and the cable behind
 * the port schedules their arrival through the kernel's queue.
 */
export interface DeviceContext {
  readonly now: number;
  readonly rng: Rng;
  /** Records an outcome; returns its seq, to be the cause of what follows. */
  emit(event: EventInit): number;
  /** Puts a frame onto the cable behind `port`; the cable emits tx (or a drop). */
  send(port: string, frame: Frame, cause: number): void;
  /** Gives new bytes a frame id. */
  newFrame(bytes: Uint8Array): Frame;
  /** A new hint for events the device will describe alike (description-hint.ts). */
  newHint(): DescriptionHint;
  /** Runs `handler(arg)` at virtual time `at`. */
  schedule<T>(at: number, handler: Handler<T>, arg: T): void;
  /** Whether the cable behind a port can carry frames (both ends up). */
  carrier(port: string): boolean;
  /** Whether the port's link joins it to one other port only (a cable), not a shared hub segment; true when unknown. */
  pointToPoint?(port: string): boolean;
}

export interface Device {
  readonly name: string;
  readonly kind: NodeKind;
  /** Called once, before the run starts. */
  attach(ctx: DeviceContext): void;
  /** A frame arrived at one of the device's ports; `rxSeq` is the seq of its rx event. */
  receive(port: string, frame: Frame, rxSeq: number): void;
  /** A scenario command ran in this node; `commandSeq` is the seq of its command event. */
  runCommand(command: Command, commandSeq: number): void;
  /** Whether a port is administratively up (frames are neither sent nor received on a down port). */
  isPortUp(port: string): boolean;
  /**
   * The port at the far end of a port's cable went down or up, as a veth's
   * peer does: this port lost or regained its carrier (netif_carrier_off/on).
   * Only a device that acts on it implements it (a bridge takes the port out).
   */
  carrierChanged?(port: string, carrier: boolean, cause: number): void;
}
