import type { Mac } from '../wire/mac.js';
import type { NodeSpec } from '../topology/model.js';
import type { Device } from './device.js';
import { Host } from './host.js';
import { Hub } from './hub.js';
import { Repeater } from './repeater.js';
import { createBridge } from './bridge.js';
import { createSwitch } from './switch.js';

/** Builds the device a node spec describes. */
export function createDevice(spec: NodeSpec, macs: Map<string, Mac>): Device {
  switch (spec.kind) {
    case 'host':
    case 'router':
      return new Host(spec.name, spec.kind, spec, macs);
    case 'repeater':
      return new Repeater(spec.name, spec);
    case 'hub':
      return new Hub(spec.name, spec);
    case 'bridge':
      return createBridge(spec, macs);
    case 'switch':
      return createSwitch(spec, macs);
    default:
      throw new Error(`${spec.kind} devices are not built yet`);
  }
}
