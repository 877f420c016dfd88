// The teaching voice of RSTP: one sentence per change, in IEEE 802.1D-2004
// clause 17's words, naming what was heard or which timer ran out.

import { BpduFlag, type Bpdu, formatBridgeId } from '../wire/bpdu.js';
import { EncodedRole, encodedRole } from './rstp-port-information.js';
import type { RcvdInfo, RstpRole, RstpState } from './rstp-port.js';

const portIdText = (id: number): string => `0x${id.toString(16).padStart(4, '0')}`;
const ROLE_NAMES = ['unknown-role', 'alternate or backup', 'root', 'designated'];

export function bridgeUp(node: string, id: string): string {
  return `${node} comes up running the rapid spanning tree (802.1D-2004 clause 17) with bridge id ${id}, and assumes it is the root until it hears better`;
}

/** What a BPDU says, as the `deliver` event that hands it to the protocol. */
export function heardBpdu(node: string, port: string, b: Bpdu): string {
  if (b.type === 'tcn') return `${node}:${port} hears a topology change notification (an STP bridge's TCN BPDU)`;
  const what = b.type === 'rst' ? 'an RST BPDU' : 'a configuration BPDU (an STP bridge)';
  const flags = [
    b.flags & BpduFlag.proposal ? 'a proposal' : '',
    b.flags & BpduFlag.agreement ? 'an agreement' : '',
    b.flags & BpduFlag.topologyChange ? 'topology change' : '',
  ].filter((f) => f !== '');
  const from = `the ${ROLE_NAMES[encodedRole(b)]} port ${portIdText(b.portId)} of ${formatBridgeId(b.bridgeId)}`;
  return `${node}:${port} hears ${what} from ${from}: root ${formatBridgeId(b.rootId)} at cost ${b.rootPathCost}${flags.length > 0 ? `, with ${flags.join(' and ')}` : ''}`;
}

/** What the Port Information machine made of it (17.21.8): the trigger of the changes it caused. */
export function judged(heard: string, info: RcvdInfo, b: Bpdu | undefined): string {
  switch (info) {
    case 'superior-designated':
      return `${heard}, superior to what the port held (17.6)`;
    case 'repeated-designated':
      return `${heard}, the designated information it already held (repeated)`;
    case 'inferior-designated':
      return `${heard}, inferior to the port's own`;
    case 'inferior-root-alternate':
      return b && b.type !== 'tcn' && b.flags & BpduFlag.agreement && encodedRole(b) !== EncodedRole.designated
        ? `${heard}: the bridge across agrees`
        : `${heard}: the bridge across takes this port as designated`;
    default:
      return heard;
  }
}

export function tooOld(node: string, port: string): string {
  return `${node}:${port} ignores a BPDU whose message age is past its max age (9.3.4)`;
}

export function ownBpdu(node: string, port: string): string {
  return `${node}:${port} hears its own BPDU back and ignores it (9.3.4)`;
}

export function edgeDelayExpired(node: string, port: string, s: number): string {
  return `${node}:${port} proposed for edge delay (${s} s) and heard no BPDU`;
}

export function infoAged(node: string, port: string, from: string, s: number): string {
  return `${node}:${port} heard nothing from ${from} for 3 × hello time (${s} s): the information is aged out (rcvdInfoWhile, 17.27)`;
}

export function fdWhileExpired(node: string, port: string, s: number): string {
  return `${node}:${port}'s forward delay timer (fdWhile, ${s} s) expired`;
}

const REASONS: Record<string, string> = {
  disabled: 'it has no link, so it discards and takes no part (17.29.1)',
  root: 'its root path priority vector is the best the bridge holds (17.21.25)',
  'root-rerooted': 'no other port was root within forward delay (reRooted, 17.29.2), so the root port need not wait',
  'root-timer': 'the root port waited out its forward delay timer (fdWhile, 17.29.2)',
  designated:
    'it offers the best way to the root on its segment (17.21.25); it discards and proposes to the bridge across until that bridge agrees (17.29.3)',
  'designated-agreed': 'the bridge across agreed to its proposal (17.29.3), so it need not wait',
  'edge-admin': 'it is declared an edge port (`edge: true`, AdminEdge 17.13.1): no bridge is behind it',
  'edge-auto': 'it heard no BPDU while proposing, so it is an edge port (AutoEdge, 17.25): no bridge is behind it',
  'designated-timer': 'no agreement came (a shared segment, or an STP bridge across), so it waited out its forward delay timer (fdWhile)',
  'designated-sync': 'a new root port must agree, so it syncs: it discards until the bridge across agrees again (17.29.3)',
  'designated-disputed': 'the bridge across disputes it, claiming designated while learning (17.21.10), so it discards',
  alternate: "another bridge's port is designated on its segment, so it discards; it is a ready replacement for the root port (17.29.4)",
  backup: 'another port of this bridge is designated on the same segment, so it discards (17.29.4)',
};

const ROLE_WORDS: Record<RstpRole, string> = {
  root: 'the root port',
  designated: 'a designated port',
  alternate: 'an alternate port',
  backup: 'a backup port',
  disabled: 'a disabled port',
};

/** A port's role or state changed: what it is now, and why. */
export function portWhy(
  node: string,
  port: string,
  was: { role: RstpRole; state: RstpState } | undefined,
  now: { role: RstpRole; state: RstpState },
  reason: string,
  trigger: string,
): string {
  const because = REASONS[reason] ?? `it is ${ROLE_WORDS[now.role]}`;
  let what: string;
  if (now.state === 'forwarding') what = `${port}, ${ROLE_WORDS[now.role]}, forwards: ${because}`;
  else if (now.state === 'learning') what = `${port}, ${ROLE_WORDS[now.role]}, learns addresses before it forwards: ${because}`;
  else if (was?.state !== undefined && was.state !== 'discarding') what = `${port}, ${ROLE_WORDS[now.role]}, discards: ${because}`;
  else what = `${port} is ${ROLE_WORDS[now.role]}: ${because}`;
  return trigger ? `${trigger}; ${what}` : `${node}: ${what}`;
}

export function topologyChangeWhy(node: string, on: boolean): string {
  return on
    ? `${node} sets TC in its BPDUs for hello time + 1 s (tcWhile) and flushes the addresses its other non-edge ports learned: a port started forwarding, or a neighbour said so (802.1D-2004 17.31)`
    : `${node}'s topology change is over: the topology change timer (tcWhile) of every port expired`;
}

/** An address flushed (fdbFlush, 17.19.7): RSTP forgets at once rather than ageing faster. */
export function flushWhy(node: string, mac: string, port: string, leaving: boolean): string {
  return leaving
    ? `${node} forgets ${mac} on ${port}: the port stopped learning, so what it learned is flushed (17.31 INACTIVE)`
    : `${node} forgets ${mac} on ${port}: a topology change flushes what a non-edge port learned (17.31 PROPAGATING)`;
}
