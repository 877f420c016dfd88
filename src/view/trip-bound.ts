import { serialisationNs } from '../net/medium.js';
import type { RecordingHeader } from '../store/recording.js';
import { LINK_DEFAULTS } from '../topology/model.js';
import { loadYamlTopology } from '../topology/yaml-loader.js';

/** A cable's timing as the simulator applies it: its line rate and its propagation delay. */
interface CableTiming {
  delayNs: number;
  rateBps: number;
}

/**
 * The longest a frame can stay on a cable, from its tx to the event that
 * ends its trip: a point-to-point cable delivers it its serialisation time
 * plus the cable's delay after the tx (net/cable.ts, Direction.start), so no
 * event later than that can end it. A hub's or repeater's segment shares
 * its medium (carrier sense, collisions, repeats across hubs:
 * net/hub-segment.ts): no bound is given for ports on one, and the trip
 * scan falls back to its event limit there.
 */
export class TripBound {
  private constructor(private readonly cables: Map<string, CableTiming | undefined> | undefined) {}

  /**
   * From the recording's own topology text: a YAML file's links, each with its
   * delay and rate; a script's veths and bridge ports are all made with the
   * defaults (shell/kernel.ts, shell/bridges.ts). No bound when the text does
   * not load.
   */
  static of(header: RecordingHeader): TripBound {
    if (header.topologyPath.endsWith('.sh')) return new TripBound(undefined);
    const cables = new Map<string, CableTiming | undefined>();
    try {
      const topology = loadYamlTopology(header.topologySource, header.topologyPath || 'topology');
      const shared = new Set(topology.nodes.filter((n) => n.kind === 'hub' || n.kind === 'repeater').map((n) => n.name));
      for (const l of topology.links) {
        const timing = shared.has(l.a.node) || shared.has(l.b.node) ? undefined : { delayNs: l.delayNs, rateBps: l.rateBps };
        cables.set(`${l.a.node}:${l.a.port}`, timing);
        cables.set(`${l.b.node}:${l.b.port}`, timing);
      }
    } catch {
      return new TripBound(new Map());
    }
    return new TripBound(cables);
  }

  /** The latest time a frame of `bytes` bytes sent at `t0` out of node:port can end its trip; undefined when no bound is known (nor the frame's length). */
  latestEnd(node: string, port: string, t0: number, bytes: number | undefined): number | undefined {
    const timing = this.cables ? this.cables.get(`${node}:${port}`) : LINK_DEFAULTS;
    return timing && bytes !== undefined ? t0 + serialisationNs(bytes, timing.rateBps) + timing.delayNs : undefined;
  }
}
