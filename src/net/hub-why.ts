import { CSMA_CD } from './backoff.js';
import type { HubStation } from './hub-domain.js';
import type { Attempt } from './hub-station.js';

/** The teaching voice (SPEC §4) for what happens on a hub's segment. */

function microseconds(ns: number): string {
  return `${Number((ns / 1000).toFixed(3))} us`;
}

function listNames(names: string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function stationTxWhy(st: HubStation, a: Attempt, slotNs: number, gapNs: number): string {
  const bytes = a.frame.bytes.length;
  if (a.backoffSlots !== undefined) {
    const slots = `${a.backoffSlots} slot time${a.backoffSlots === 1 ? '' : 's'} (${microseconds(a.backoffSlots * slotNs)})`;
    return `${st.node} sends the frame again out of ${st.port} (attempt ${a.collisions + 1} of ${CSMA_CD.attemptLimit}) after backing off ${slots}`;
  }
  if (a.waited === 'busy') {
    return `${st.node} sends ${bytes} bytes out of ${st.port} onto ${st.hub}'s shared segment, after waiting for the frame on it to end and for the ${microseconds(gapNs)} interframe gap (carrier sense)`;
  }
  if (a.waited === 'gap') {
    return `${st.node} sends ${bytes} bytes out of ${st.port} onto ${st.hub}'s shared segment, once it has been quiet for the ${microseconds(gapNs)} interframe gap`;
  }
  return `${st.node} sends ${bytes} bytes out of ${st.port} onto ${st.hub}'s shared segment, which is quiet`;
}

export function floodWhy(hub: string, out: string[], someDown: boolean, repeater = false): string {
  if (out.length === 0) return `${hub} has no other port up, so the frame goes no further`;
  if (repeater) return `${hub} is a repeater: it regenerates every frame out of its other port, ${out.join(', ')}`;
  return `${hub} repeats the frame out of every other port${someDown ? ' that is up' : ''}: ${out.join(', ')} (a hub never learns)`;
}

export function collisionWhy(hub: string, senders: string[], fates: Array<{ node: string; gaveUp: boolean }>): string {
  const lost = senders.length === 2 ? 'both frames are lost' : `all ${senders.length} frames are lost`;
  let after: string;
  if (fates.every((f) => !f.gaveUp)) after = fates.length === 1 ? `${fates[0]!.node} backs off` : 'each backs off';
  else if (fates.every((f) => f.gaveUp))
    after = `after ${CSMA_CD.attemptLimit} collisions ${fates.length === 1 ? `${fates[0]!.node} gives up` : 'each gives up'}`;
  else after = fates.map((f) => `${f.node} ${f.gaveUp ? `gives up after ${CSMA_CD.attemptLimit} collisions` : 'backs off'}`).join(', ');
  return `${listNames(senders)} sent at once on ${hub}'s segment; ${lost} and ${after}`;
}
