import { CSMA_CD } from './backoff.js';
import type { HubStation } from './hub-domain.js';
import type { Attempt } from './hub-station.js';
import { HEADER_BITS } from './wire-bits.js';

/** The teaching voice (SPEC §4) for what happens on a hub's segment. */

function microseconds(ns: number): string {
  return `${Number((ns / 1000).toFixed(3))} us`;
}

function listNames(names: string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function stationTxWhy(st: HubStation, a: Attempt, slotNs: number, gapNs: number, wireNs: number): string {
  return `${stationTxReason(st, a, slotNs, gapNs)}; ${microseconds(wireNs)} on the wire with preamble, padding and FCS`;
}

function stationTxReason(st: HubStation, a: Attempt, slotNs: number, gapNs: number): string {
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

/** What a collided transmission left on the wire: bit times from its first preamble bit, and when it heard the collision. */
export interface Fragment {
  readonly node: string;
  readonly bits: number;
  readonly heardBits: number;
}

/** Shorter than minFrameSize once preamble and SFD are set aside: a runt (802.3 clause 4.2.4.2.2). */
export function isRunt(f: Fragment): boolean {
  return f.bits - HEADER_BITS < CSMA_CD.minFrameBits;
}

/** The slot-time rule (802.3 clause 4.2.3.2.3): heard later than one slot time into a frame, a collision is late. */
function lateWhy(fragments: readonly Fragment[]): string {
  const late = fragments.filter((f) => f.heardBits > CSMA_CD.slotTimeBits);
  if (late.length === 0) return `, each hearing it within the ${CSMA_CD.slotTimeBits}-bit slot time`;
  const who = late.map((f) => `${f.node} ${f.heardBits} bit times in`).join(', ');
  return `; a late collision, heard past the ${CSMA_CD.slotTimeBits}-bit slot time (${who}), as only a segment longer than 802.3 allows makes`;
}

function fragmentsWhy(fragments: readonly Fragment[]): string {
  if (fragments.every(isRunt)) {
    const sizes = fragments.map((f) => `${f.node} ${f.bits} bits`).join(', ');
    return `each jammed, leaving a runt on the wire (${sizes}, preamble included: under the 64-byte minimum, so receivers discard it)`;
  }
  const sizes = fragments.map((f) => `${f.node} ${f.bits} bits, ${isRunt(f) ? 'a runt' : 'no runt but a bad FCS'}`).join('; ');
  return `each jammed, leaving fragments on the wire that receivers discard (${sizes})`;
}

export function collisionWhy(
  hub: string,
  senders: string[],
  fates: Array<{ node: string; gaveUp: boolean }>,
  fragments: readonly Fragment[],
): string {
  const lost = senders.length === 2 ? 'both frames are lost' : `all ${senders.length} frames are lost`;
  let after: string;
  if (fates.every((f) => !f.gaveUp)) after = fates.length === 1 ? `${fates[0]!.node} backs off` : 'each backs off';
  else if (fates.every((f) => f.gaveUp))
    after = `after ${CSMA_CD.attemptLimit} collisions ${fates.length === 1 ? `${fates[0]!.node} gives up` : 'each gives up'}`;
  else after = fates.map((f) => `${f.node} ${f.gaveUp ? `gives up after ${CSMA_CD.attemptLimit} collisions` : 'backs off'}`).join(', ');
  return `${listNames(senders)} sent at once on ${hub}'s segment${lateWhy(fragments)}; ${fragmentsWhy(fragments)}; ${lost} and ${after}`;
}
