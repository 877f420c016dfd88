// The VLAN rules of one bridge port (IEEE 802.1Q-2018 clause 8.6): the
// ingress rule that classifies a received frame into a VLAN (8.6.1, using
// the port's PVID for untagged frames), ingress filtering against the port's
// member set (8.6.2), and the egress rule that decides whether the frame
// leaves tagged or untagged (8.6.4, the untagged set).

import type { VlanPortSpec } from '../topology/model.js';
import { EtherType, EthernetField } from '../wire/ethernet.js';
import { VlanId } from '../wire/vlan.js';

/**
 * How a port treats tags. `unaware`: a bridge without VLANs (Linux with
 * vlan_filtering 0) forwards tagged and untagged frames alike and learns in
 * one table (VLAN 0). `access`: untagged frames belong to `vid`, frames leave
 * untagged. `trunk`: only frames tagged with one of `vids` enter, and frames
 * leave tagged.
 */
export type VlanMode =
  | { readonly kind: 'unaware' }
  | { readonly kind: 'access'; readonly vid: number }
  | { readonly kind: 'trunk'; readonly vids: ReadonlySet<number>; readonly list: string };

/** The table's VLAN for a VLAN-unaware bridge. */
export const NO_VLAN = 0;

const UNAWARE: VlanMode = { kind: 'unaware' };

/** A learn, move or age event's VLAN: stated by a VLAN-aware bridge, whose table is keyed by it (802.1Q 8.8); none without VLANs. */
export function fdbVlan(vlanAware: boolean, vid: number): number | undefined {
  return vlanAware ? vid : undefined;
}

/** The mode a port gets from the node's `vlans`; ports it does not list are access ports of VLAN 1 (the default PVID). */
export function vlanModeOf(vlans: Record<string, VlanPortSpec> | undefined, port: string): VlanMode {
  if (vlans === undefined) return UNAWARE;
  const spec = vlans[port];
  if (spec === undefined) return { kind: 'access', vid: VlanId.Default };
  if ('access' in spec) return { kind: 'access', vid: spec.access };
  return { kind: 'trunk', vids: new Set(spec.trunk), list: spec.trunk.join(', ') };
}

/** The VID of a frame's outer tag, or -1 when it is untagged. The caller guarantees 14 bytes. */
export function tagOf(bytes: Uint8Array): number {
  if (((bytes[EthernetField.etherType]! << 8) | bytes[EthernetField.etherType + 1]!) !== EtherType.VLAN) return -1;
  if (bytes.length < EthernetField.innerEtherType + 2) return -1;
  return ((bytes[EthernetField.tci]! << 8) | bytes[EthernetField.tci + 1]!) & 0x0fff;
}

/**
 * The VLAN a received frame belongs to, or -1 when ingress filtering drops it.
 * `tag` is tagOf(frame). A priority-tagged frame (VID 0) counts as untagged
 * (802.1Q 6.9.1); an access port also accepts frames tagged with its own VLAN,
 * as its member set is that one VLAN.
 */
export function ingressVlan(mode: VlanMode, tag: number): number {
  switch (mode.kind) {
    case 'unaware':
      return NO_VLAN;
    case 'access':
      return tag <= VlanId.PriorityTagged || tag === mode.vid ? mode.vid : -1;
    case 'trunk':
      return tag > VlanId.PriorityTagged && mode.vids.has(tag) ? tag : -1;
  }
}

/** Whether a port is in VLAN `vid`'s member set (an unaware port carries everything). */
export function isMember(mode: VlanMode, vid: number): boolean {
  switch (mode.kind) {
    case 'unaware':
      return true;
    case 'access':
      return mode.vid === vid;
    case 'trunk':
      return mode.vids.has(vid);
  }
}

/** Why ingress filtering refused a frame, for the drop's `why`. */
export function mismatchWhy(node: string, port: string, mode: VlanMode, tag: number): string {
  const carried = tag <= VlanId.PriorityTagged ? 'the frame carries no VLAN tag' : `the frame is tagged for VLAN ${tag}`;
  if (mode.kind === 'trunk') {
    return `${node} drops the frame: ${port} is a trunk for VLAN${mode.vids.size === 1 ? '' : 's'} ${mode.list}, and ${carried}`;
  }
  const vid = mode.kind === 'access' ? mode.vid : NO_VLAN;
  return `${node} drops the frame: ${port} is an access port of VLAN ${vid}, and ${carried}`;
}
