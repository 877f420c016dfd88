import type { DescriptionHint } from './description-hint.js';
import type { DropReason, EventInit, SimEvent } from './event.js';

// Inits of one hidden class for the events a storm is made of. Simulator.emit
// reads every field of the init it is given, and an object literal with its
// own set of fields is a shape of its own: with the dozens the devices write,
// each of those reads went megamorphic (V8's inline caches give up past four
// shapes and look the field up in a global cache). These builders write every
// field a hot event can have, in one order, so the hot events share one shape:
// the four-switch storm ran 3.1-3.5M events/s engine-only before, 4.1-4.5M
// after (paired runs; BENCHMARKS.md, issue 21 item 4).
//
// The six fields no hot event has (ip, state, text, senders, channel, config)
// are left out: an event is most of what the engine allocates, and each field
// is 8 bytes of it (200 bytes an event with them, 152 without). On one switch
// of 500 hosts, counted (scripts/cache-phase.mjs, events 1.2M to 1.5M), the
// engine then missed its L1 46.4 times an event instead of 54.2, and its L2
// 32.7 times instead of 33.4-35.5. Simulator.copied makes every other event
// with the same fields in the same order, then those six: a field both shapes
// have sits at the same offset in both.

/** A frame on a wire, a bridge's decision to send it on, or a host taking it in (tx, rx, flood, forward, deliver). */
export function frameEventInit(
  kind: 'tx' | 'rx' | 'flood' | 'forward' | 'deliver',
  node: string,
  port: string,
  frame: number,
  bytes: Uint8Array,
  cause: number,
  why: string,
  out?: string[],
  hint?: DescriptionHint,
): EventInit {
  return shaped(kind, node, port, frame, cause, why, out, undefined, undefined, undefined, undefined, bytes, hint);
}

/** A frame dropped where it was (drop): a full queue's tail drop, in a storm a third of the events. */
export function dropEventInit(
  node: string,
  port: string,
  frame: number,
  bytes: Uint8Array,
  cause: number,
  reason: DropReason,
  why: string,
  hint?: DescriptionHint,
): EventInit {
  return shaped('drop', node, port, frame, cause, why, undefined, reason, undefined, undefined, undefined, bytes, hint);
}

/** A bridge's MAC table learning an address, or seeing it move (`from`, the port it was on). */
export function fdbEventInit(
  kind: 'learn' | 'move',
  node: string,
  port: string,
  mac: string,
  from: string | undefined,
  vlan: number | undefined,
  cause: number,
  why: string,
  hint?: DescriptionHint,
): EventInit {
  return shaped(kind, node, port, undefined, cause, why, undefined, undefined, mac, from, vlan, undefined, hint);
}

/**
 * The one literal the builders make: a whole event, every field a hot
 * event can have, whose seq and time Simulator.emit fills in instead of
 * copying it into an event of its own (isUnnumbered). Each builder's caller
 * hands it to emit at once and keeps nothing of it.
 */
function shaped(
  kind: EventInit['kind'],
  node: string,
  port: string,
  frame: number | undefined,
  cause: number,
  why: string,
  out: string[] | undefined,
  reason: DropReason | undefined,
  mac: string | undefined,
  from: string | undefined,
  vlan: number | undefined,
  bytes: Uint8Array | undefined,
  hint: DescriptionHint | undefined,
): EventInit {
  const event: SimEvent = {
    seq: UNNUMBERED,
    // A double from the start (NaN until emit sets it), as every time later given
    // it may be: past 2^31 ns, or read as a double from the queue's array. A field
    // that starts as a small integer (V8's Smi) and then gets a double changes the
    // hidden class of every event; code that keeps making events of the old class
    // is thrown away and optimised again, in a loop (test/events/event-shape.test.ts).
    t: Number.NaN,
    kind,
    node,
    port,
    frame,
    cause,
    copy: undefined,
    why,
    out,
    reason,
    mac,
    from,
    vlan,
    bytes,
    hint,
  };
  return event;
}

/** The seq of an event a builder made whole, before Simulator.emit numbers it. */
const UNNUMBERED = -1;

/**
 * Whether `init` is an event a builder here made whole, which emit numbers
 * in place: the hot events (tx, rx, flood, forward, deliver, drop, learn, move) cost
 * one object instead of two. On the 5,000-host tree the copy was a quarter of
 * what the simulating thread allocated (issue 21).
 */
export function isUnnumbered(init: EventInit): init is SimEvent {
  return (init as Partial<SimEvent>).seq === UNNUMBERED;
}
