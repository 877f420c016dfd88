import type { NodeSpec } from '../topology/model.js';
import type { Mac } from '../wire/mac.js';
import { LearningBridge } from './learning-bridge.js';

/**
 * The tutorial's bridge: exactly two ports (the topology loader enforces it),
 * joining two segments. It learns which side each MAC lives on and keeps a
 * frame on its own side when its destination is there (802.1D 7.7, filtering);
 * it is a two-port switch without VLANs.
 */
export function createBridge(spec: NodeSpec, macs: ReadonlyMap<string, Mac> = new Map()): LearningBridge {
  return new LearningBridge(spec.name, 'bridge', { ...spec, vlans: undefined }, macs);
}
