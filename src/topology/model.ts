import type { Mac } from '../wire/mac.js';
import type { Cidr, Ipv4 } from '../wire/ipv4-address.js';
import type { Command } from './command.js';
import type { ScriptLine } from './script-lexer.js';
import type { StpSpec } from './stp-spec.js';

export type NodeKind = 'host' | 'router' | 'repeater' | 'hub' | 'bridge' | 'switch';

/**
 * The one validated topology model that both front ends (YAML and shell
 * script) produce and the network is built from.
 */
export interface Topology {
  name: string;
  seed: number;
  nodes: NodeSpec[];
  links: LinkSpec[];
  scenario: ScenarioStep[];
  limits: { untilNs?: number; maxEvents?: number };
  /** Hand-placed drawing positions by node name (`layout:`), which win over the automatic layout. */
  layout?: Record<string, { x: number; y: number }>;
  /** The file's text, kept in the recording so that it is self-contained. */
  source: string;
  sourcePath: string;
  /**
   * Set when the topology is a shell script (SPEC §2): its lines, which the
   * shell front end runs one after the other, building the network as it goes.
   * A YAML topology has none.
   */
  script?: Script;
}

export interface Script {
  /** The file as the user named it, for `FILE:LINE` messages. */
  displayPath: string;
  lines: ScriptLine[];
  /**
   * How long a line whose command never ends by itself (ping without -c or
   * -w, `sleep infinity`) runs before hoplab interrupts it as Ctrl-C would,
   * in ns of virtual time; DEFAULT_INTERRUPT_AFTER_NS when not given.
   */
  interruptAfterNs?: number;
}

/** A tutorial reader watches a ping for a few replies before Ctrl-C: four seconds. */
export const DEFAULT_INTERRUPT_AFTER_NS = 4e9;

/** The topology with its script's interrupt time set (a YAML topology has no script, and is returned as it is). */
export function withInterruptAfter(topology: Topology, ns: number): Topology {
  return topology.script ? { ...topology, script: { ...topology.script, interruptAfterNs: ns } } : topology;
}

export interface InterfaceSpec {
  name: string;
  mac?: Mac;
  addresses: Cidr[];
  /** Interfaces start up, as the topology file describes a configured network. */
  up: boolean;
  /** The MTU of the cable it is on (a veth end takes its link's `mtu`); 1500 by default. */
  mtu?: number;
}

export interface RouteSpec {
  destination: Ipv4;
  prefixLength: number;
  via?: Ipv4;
  dev?: string;
}

export type VlanPortSpec = { access: number } | { trunk: number[] };

export interface NodeSpec {
  name: string;
  kind: NodeKind;
  interfaces: InterfaceSpec[];
  /** Loopback state: down by default, as in a fresh namespace. */
  loUp: boolean;
  routes: RouteSpec[];
  ipForward: boolean;
  /** Bridge/switch MAC ageing time (ns). */
  agingTimeNs?: number;
  /** Hub/repeater segment rate (bps). */
  rateBps?: number;
  vlans?: Record<string, VlanPortSpec>;
  /** Ports named in links (repeater, hub, bridge, switch), in order of appearance. */
  ports: string[];
  /** Bridge/switch: MACs the topology fixes for ports (else random, as a new veth's). */
  portMacs?: Record<string, Mac>;
  /** Bridge/switch: the spanning tree, when it runs (YAML `stp:`). */
  stp?: StpSpec;
}

export interface Endpoint {
  node: string;
  port: string;
}

export interface LinkSpec {
  a: Endpoint;
  b: Endpoint;
  delayNs: number;
  rateBps: number;
  queue: number;
  mtu: number;
}

export interface ScenarioStep {
  atNs: number;
  node: string;
  text: string;
  command: Command;
}

export const LINK_DEFAULTS = { delayNs: 1_000, rateBps: 1e9, queue: 1000, mtu: 1500 } as const;
export const HUB_DEFAULT_RATE_BPS = 10e6;
export const DEFAULT_AGING_NS = 300e9;
