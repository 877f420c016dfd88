import type { Frame } from '../devices/device.js';
import type { EventInit } from '../events/event.js';

/**
 * A frame sent out of a port with nothing to carry it (no carrier, no cable):
 * dropped there as `link-down`, with the sentence saying why. The one shape
 * the cable, the hub segment and a port without a medium all emit.
 */
export function linkDownDrop(node: string, port: string, frame: Frame, cause: number, why: string): EventInit {
  return { kind: 'drop', node, port, frame: frame.id, cause, reason: 'link-down', bytes: frame.bytes, why };
}
