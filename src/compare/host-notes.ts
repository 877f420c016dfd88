import type { HostPairs } from './diff-report.js';
import { plural } from './text-format.js';

/**
 * Per host, in words, what one topology showed it that the other did not:
 * "h3 saw 5 frames addressed to h1 or h2 ..." is the hub's lesson in one line.
 */
export function hostNotes(hosts: Record<string, HostPairs>, names: [string, string]): string[] {
  const notes: string[] = [];
  const [na, nb] = names;
  for (const [host, h] of Object.entries(hosts)) {
    if (h.seen[0] === null || h.seen[1] === null) {
      notes.push(`${host} exists only in ${h.seen[0] === null ? nb : na}`);
      continue;
    }
    for (const [to, [a, b]] of Object.entries(h.seenFor)) {
      if (a === b) continue;
      const what = to === host ? 'addressed to it' : to === 'broadcast' || to === 'multicast' ? `sent to ${to}` : `addressed to ${to}`;
      notes.push(`${host} saw ${plural(a ?? 0, 'frame')} ${what} in ${na}, ${b ? b : 'none'} in ${nb}`);
    }
    const [da, db] = h.delivered;
    if (da !== db) notes.push(`${host}'s stack accepted ${plural(da ?? 0, 'frame')} in ${na}, ${db ? db : 'none'} in ${nb}`);
  }
  return notes;
}
