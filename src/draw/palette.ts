/**
 * The colours frames and drops are drawn in: Okabe and Ito's palette, which
 * stays distinguishable with every common form of colour blindness
 * (Okabe & Ito 2008, "Color Universal Design"). The page and the SVG
 * drawings share it.
 */
export const FRAME_CLASSES = ['arp', 'icmp', 'stp', 'other'] as const;
export type FrameClass = (typeof FRAME_CLASSES)[number];

export const PROTOCOL_COLOURS: Record<FrameClass, string> = {
  arp: '#E69F00',
  icmp: '#0072B2',
  stp: '#009E73',
  other: '#CC79A7',
};

export const PROTOCOL_NAMES: Record<FrameClass, string> = { arp: 'ARP', icmp: 'ICMP', stp: 'STP', other: 'other' };

/** Where a frame dies (a drop, a collision): vermillion, apart from every protocol colour. */
export const DROP_COLOUR = '#D55E00';
/** A second series beside the first in charts (frames alive beside frames sent). */
export const SKY_BLUE = '#56B4E9';

/** The class a frame is drawn in, from the protocols it carries outermost first (`protocolsOf`). */
export function frameClass(protocols: readonly string[]): FrameClass {
  if (protocols.includes('arp')) return 'arp';
  if (protocols.includes('icmp')) return 'icmp';
  if (protocols.includes('stp')) return 'stp';
  return 'other';
}

/**
 * A bridge port's spanning tree state as the viewer marks it (802.1D-1998
 * clause 8.4, and RSTP's discarding, 802.1D-2004 17.30, which folds blocking
 * and listening into one): a shape that says it without colour (a disc
 * forwards, a half disc learns, a ring listens, a barred square blocks, a
 * barred ring discards, a crossed ring is disabled), in a colour of the same
 * palette that says it again.
 */
export const STP_STATES = ['forwarding', 'learning', 'listening', 'blocking', 'discarding', 'disabled'] as const;
export type StpStateName = (typeof STP_STATES)[number];

export const STP_STATE_COLOURS: Record<StpStateName, string> = {
  forwarding: '#009E73',
  learning: '#56B4E9',
  listening: '#E69F00',
  blocking: '#D55E00',
  discarding: '#D55E00',
  disabled: '#999999',
};
