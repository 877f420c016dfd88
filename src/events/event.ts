import type { ConfigChange } from './config-change.js';
import type { DescriptionHint } from './description-hint.js';

/**
 * The event vocabulary (SPEC §4): every outcome in the network is one of these.
 * Recording, printing, pcap export and statistics all read this one shape.
 */
export const EVENT_KINDS = [
  'command',
  'tx',
  'rx',
  'deliver',
  'forward',
  'flood',
  'filter',
  'drop',
  'learn',
  'move',
  'age',
  'collision',
  'neigh',
  'link',
  'app',
  'config',
  'stp',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const DROP_REASONS = [
  'not-for-me',
  'ttl-exceeded',
  'no-route',
  'arp-failed',
  'queue-full',
  'collision',
  'link-down',
  'port-blocked',
  'vlan-mismatch',
  'bad-checksum',
  'too-big',
  'malformed',
  /** A UDP datagram for no socket (udp_rcv's UDP_MIB_NOPORTS), answered with ICMP port unreachable. */
  'port-unreachable',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** Where a program's line went: its standard output, or its standard error (iputils' and iproute2's messages). */
export type AppChannel = 'stdout' | 'stderr';

export interface SimEvent {
  /** 1, 2, 3 ... in execution order. */
  seq: number;
  /** Virtual time in integer nanoseconds. */
  t: number;
  kind: EventKind;
  node: string;
  port?: string;
  /** Id of the frame's bytes in the recording's frames table. */
  frame?: number;
  /** Seq of the event that led to this one; absent for scenario commands. */
  cause?: number;
  /**
   * Which copy of the frame: the seq of the tx that put it on a wire (frame-copy.ts).
   * Not a column: the cause links state it. The live run and the readers that
   * ask for it (`events --json`, trace, step, view) fill it in.
   */
  copy?: number;
  /** One sentence a learner can read: the device's reasoning. */
  why: string;
  /** forward / flood: the ports the frame was sent out of. */
  out?: string[];
  /** drop: why it was discarded. */
  reason?: DropReason;
  /** learn / move / age / neigh: the MAC concerned. */
  mac?: string;
  /** move: the port the MAC was on before. */
  from?: string;
  /** neigh: the IPv4 address of the entry. */
  ip?: string;
  /** neigh: the NUD state; link: up / down; stp: a port's state, or `root` / `topology-change` for the bridge. */
  state?: string;
  /** command: the command line; app: the line the program printed; stp: `role R`, `root ID cost N port P`, or `on`/`off`. */
  text?: string;
  /** collision: the ports (or nodes) that sent at once. */
  senders?: string[];
  /** app: the stream the program wrote the line to. */
  channel?: AppChannel;
  /** config: what changed in the node's configuration (config-change.ts). */
  config?: ConfigChange;
  /** learn/move/age on a VLAN-aware switch: the VLAN (VID) the entry belongs to; absent on a switch without VLANs. */
  vlan?: number;
  /** Not recorded as a column: the frame's bytes, carried so live sinks need no lookup. */
  bytes?: Uint8Array;
  /** Not recorded: the producer's token for events described alike (description-hint.ts), which only the recorder reads. */
  hint?: DescriptionHint;
}

/** An event before the kernel gives it its seq and time. */
export type EventInit = Omit<SimEvent, 'seq' | 't'>;

export function isEventKind(s: string): s is EventKind {
  return (EVENT_KINDS as readonly string[]).includes(s);
}
