import type { NodeSpec } from '../topology/model.js';
import type { Mac } from '../wire/mac.js';
import { LearningBridge } from './learning-bridge.js';

/**
 * A switch: a multi-port learning bridge (802.1D) with a MAC table that ages
 * (`agingTime`), per-port up/down, and optional 802.1Q VLANs (`vlans`).
 * Without `vlans` it is VLAN-unaware, as a Linux bridge with vlan_filtering 0:
 * tagged frames pass through untouched.
 */
export function createSwitch(spec: NodeSpec, macs: ReadonlyMap<string, Mac> = new Map()): LearningBridge {
  return new LearningBridge(spec.name, 'switch', spec, macs);
}
