import type { Network } from '../net/network.js';
import type { Topology } from '../topology/model.js';
import type { RecordingHeader } from '../store/recording.js';
import { formatMac } from '../wire/mac.js';
import { startingConfig } from './starting-config.js';

/** The recording's description of the run: what was simulated, with which seed, by which hoplab, from what configuration (read from the network before it starts). */
export function recordingHeader(
  topology: Topology,
  network: Network,
  seed: number,
  hoplabVersion: string,
  commandLine: string,
): RecordingHeader {
  const peers = new Map<string, { node: string; port: string }>();
  for (const l of topology.links) {
    peers.set(`${l.a.node}:${l.a.port}`, l.b);
    peers.set(`${l.b.node}:${l.b.port}`, l.a);
  }
  const ports: RecordingHeader['ports'] = [];
  for (const n of topology.nodes) {
    const names = n.interfaces.length ? n.interfaces.map((i) => i.name) : n.ports;
    for (const port of names) {
      const p: RecordingHeader['ports'][number] = { node: n.name, port };
      const mac = n.interfaces.length ? network.macs.get(n.name)?.get(port) : undefined;
      if (mac !== undefined) p.mac = formatMac(mac);
      const peer = peers.get(`${n.name}:${port}`);
      if (peer) {
        p.peerNode = peer.node;
        p.peerPort = peer.port;
      }
      ports.push(p);
    }
  }
  return {
    name: topology.name,
    seed,
    hoplabVersion,
    commandLine,
    topologyPath: topology.sourcePath,
    topologySource: topology.source,
    nodes: topology.nodes.map((n) => ({ name: n.name, kind: n.kind })),
    ports,
    scenario: topology.scenario.map((s) => ({ at: s.atNs, node: s.node, run: s.text })),
    start: startingConfig(network),
  };
}
