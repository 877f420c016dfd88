import type { Frame } from '../devices/device.js';

/**
 * What a port transmits onto: a point-to-point cable (a veth pair) or a hub's
 * shared segment. The medium decides when the frame's first bit leaves (tx),
 * when its last bit arrives (rx), and whether it is lost on the way (drop).
 */
export interface Medium {
  transmit(node: string, port: string, frame: Frame, cause: number): void;
  /** Whether a port on this medium has carrier (its far end is up). */
  carrier(node: string, port: string): boolean;
  /** A cable joins two ports alone; a hub's segment is shared (802.1D-2004 6.4.3 operPointToPointMAC). */
  readonly pointToPoint: boolean;
  /** The port whose state decides a port's carrier: a cable's other end, a station's hub port, a hub port's station. */
  peerOf(node: string, port: string): { node: string; port: string } | undefined;
}

/** The network-side services a medium needs: the port's device state and delivery. */
export interface MediumHost {
  readonly now: number;
  emit: import('../devices/device.js').DeviceContext['emit'];
  schedule: import('../devices/device.js').DeviceContext['schedule'];
  newHint: import('../devices/device.js').DeviceContext['newHint'];
  isPortUp(node: string, port: string): boolean;
  /** Hands an arrived frame to the device behind node:port (after its rx event). */
  deliver(node: string, port: string, frame: Frame, rxSeq: number): void;
}

/** Serialisation time of a frame: its bits at the line rate, in whole nanoseconds. */
export function serialisationNs(bytes: number, rateBps: number): number {
  return Math.round((bytes * 8 * 1e9) / rateBps);
}
