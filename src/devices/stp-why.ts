// The teaching voice of the spanning tree (SPEC §4): one sentence per change,
// in 802.1D's words, naming what was heard or what expired.

import { formatSeconds } from '../events/time.js';
import { type ConfigBpdu, formatBridgeId } from '../wire/bpdu.js';
import type { StpRole, StpState } from './stp-port.js';

interface Received {
  root: ConfigBpdu['rootId'];
  rootPathCost: number;
  bridgeId: ConfigBpdu['bridgeId'];
  portId: number;
}

function seconds(ns: number): string {
  return formatSeconds(ns).replace(/\.?0+$/, '');
}

function portIdText(id: number): string {
  return `0x${id.toString(16).padStart(4, '0')}`;
}

/** What the BPDU said, as the trigger of whatever it changed. */
export function heardConfig(node: string, port: string, b: Received, better: boolean, held: boolean, replies: boolean): string {
  const from = `${portIdText(b.portId)} on ${formatBridgeId(b.bridgeId)}, root ${formatBridgeId(b.root)} at cost ${b.rootPathCost}`;
  if (better) return `${node}:${port} hears a better designated port (${from}) than it knew`;
  if (held) return `${node}:${port} hears its designated port again (${from}): the information stays fresh for another max age`;
  return replies
    ? `${node}:${port} hears a worse BPDU (${from}) on a segment it is designated for, so it answers with its own`
    : `${node}:${port} hears a BPDU no better than what it holds (${from})`;
}

export function heardTcn(node: string, port: string, designated: boolean): string {
  return designated
    ? `${node}:${port} hears a topology change notification on a segment it is designated for, so it acknowledges it and takes up the change (the root flags it in its BPDUs; another bridge notifies its own root port)`
    : `${node}:${port} hears a topology change notification on a port that is not designated, and ignores it`;
}

export function tooOld(node: string, port: string): string {
  return `${node}:${port} ignores a BPDU whose message age is past its max age`;
}

export function disabledDrop(node: string, port: string): string {
  return `${node}:${port} takes no BPDU: the port is disabled`;
}

export function notBpdu(node: string, port: string, problem: string): string {
  return `${node}:${port} cannot read the BPDU: ${problem}`;
}

export function blockedDrop(node: string, port: string, state: string, since: number, learned: boolean): string {
  const at = since > 0 ? ` since #${since}` : '';
  return `${node}:${port} is ${state}${at}: it passes only BPDUs${learned ? ', so after learning the source it drops the frame' : ', so it drops the frame'}`;
}

export function blockedEgressDrop(node: string, port: string, state: string, since: number): string {
  const at = since > 0 ? ` since #${since}` : '';
  return `${node} would send the frame out of ${port}, but ${port} is ${state}${at}: it forwards nothing`;
}

export function linkLocalFilter(node: string, dst: string): string {
  return `${node} does not forward ${dst}: a link-local group address stays on its link (802.1D Table 7-10; group_fwd_mask 0)`;
}

export function bridgeUp(node: string, id: string): string {
  return `${node} comes up running the spanning tree with bridge id ${id}, and assumes it is the root until it hears better`;
}

export function stpStopped(node: string): string {
  return `${node} stops the spanning tree (stp_state 0): it sends no more BPDUs and floods those it hears; its ports keep their states, and one that max age or a link change moves forwards at once`;
}

export function stpStarted(node: string): string {
  return `${node} runs the spanning tree (stp_state 1) while it is up: its ports keep their states, its hellos start a hello time later, and each port is selected again`;
}

export function bridgeDown(node: string): string {
  return `${node} goes down: its ports leave the spanning tree`;
}

export function portRemoved(node: string, port: string): string {
  return `${port} leaves ${node}`;
}

export function portDown(node: string, port: string): string {
  return `${node}:${port} lost its link, so it leaves the spanning tree (disabled)`;
}

export function portUp(node: string, port: string): string {
  return `${node}:${port} has its link again, so it rejoins the spanning tree, blocking until it is chosen`;
}

export function prioritySet(node: string, id: string): string {
  return `${node}'s bridge priority is set: its bridge id is now ${id}`;
}

export function portSettingSet(node: string, port: string, what: string, value: number): string {
  return `${node}:${port}'s ${what} is set to ${value}`;
}

export function maxAgeExpired(node: string, port: string, lost: string, maxAgeNs: number): string {
  return `${node}:${port} heard nothing from ${lost} for max age (${seconds(maxAgeNs)} s): that information is discarded`;
}

export function forwardDelayExpired(node: string, port: string, fdNs: number): string {
  return `${node}:${port}'s forward delay (${seconds(fdNs)} s) expired`;
}

export function topologyChangeOver(node: string): string {
  return `${node}'s topology change timer expired`;
}

export function rootWhy(node: string, root: string, rootPort: string, cost: number, trigger: string): string {
  const what =
    rootPort === ''
      ? `${node} is the root bridge: it hears no bridge id better than its own, ${root}`
      : `${node} takes ${root} as the root, reached through ${rootPort} at path cost ${cost}`;
  return trigger ? `${trigger}; ${what}` : what;
}

const ROLE_WORDS: Record<StpRole, string> = {
  root: 'its root port, the best way to the root',
  designated: 'a designated port, the best bridge on its segment to reach the root through',
  alternate: 'an alternate port: another bridge is designated on its segment',
  backup: 'a backup port: another of its own ports is designated on the segment',
  disabled: 'disabled',
};

/** A port's role or state changed: what it is now, and why it does what it does. */
export function portWhy(
  node: string,
  port: string,
  was: { role: StpRole; state: StpState } | undefined,
  now: { role: StpRole; state: StpState },
  trigger: string,
  forwardDelayNs: number,
): string {
  const fd = seconds(forwardDelayNs);
  let what: string;
  if (now.state === 'blocking')
    what = `${port} is ${ROLE_WORDS[now.role]}, so it blocks: it forwards nothing and learns nothing, and only listens to BPDUs`;
  else if (now.state === 'listening' && was?.state !== 'listening')
    what = `${port} is ${ROLE_WORDS[now.role]}, so ${node} starts it listening; it learns after forward delay (${fd} s) unless blocked before`;
  else if (now.state === 'learning')
    what = `${port} listened for forward delay (${fd} s), so it learns addresses now; it forwards after another ${fd} s`;
  else if (now.state === 'forwarding' && was?.state === 'learning')
    what = `${port} learned for forward delay (${fd} s), so it forwards now`;
  else if (now.state === 'forwarding') what = `${port} forwards at once`;
  else if (now.state === 'disabled') what = `${port} is disabled: it takes no part in the spanning tree`;
  else what = `${port} is now ${ROLE_WORDS[now.role]} (still ${now.state})`;
  return trigger ? `${trigger}; ${what}` : `${node}: ${what}`;
}

export function topologyChangeWhy(node: string, on: boolean, root: boolean, fdNs: number): string {
  if (!on) return `${node} ends the topology change: its MAC table ages addresses at its own ageing time again`;
  return root
    ? `${node}, the root, flags a topology change in its BPDUs for max age + forward delay, and ages addresses after 2 × forward delay (${seconds(2 * fdNs)} s) meanwhile`
    : `${node} hears the root flag a topology change, so it ages addresses after 2 × forward delay (${seconds(2 * fdNs)} s) meanwhile`;
}
