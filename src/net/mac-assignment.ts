import type { Rng } from '../sim/rng.js';
import type { Topology } from '../topology/model.js';
import type { Mac } from '../wire/mac.js';

/**
 * MACs for interfaces the file leaves without one: random, as Linux gives a
 * new veth (eth_random_addr: locally administered, unicast), drawn from the
 * run's seed in declaration order so the same file always gets the same MACs.
 */
export function assignMacs(topology: Topology, rng: Rng): Map<string, Map<string, Mac>> {
  const used = new Set<Mac>();
  for (const n of topology.nodes) {
    for (const i of n.interfaces) if (i.mac !== undefined) used.add(i.mac);
    for (const mac of Object.values(n.portMacs ?? {})) used.add(mac);
  }
  const all = new Map<string, Map<string, Mac>>();
  for (const n of topology.nodes) {
    const macs = new Map<string, Mac>();
    const names = n.interfaces.length > 0 ? n.interfaces.map((i) => i.name) : n.ports;
    for (const name of names) {
      const given = n.interfaces.find((i) => i.name === name)?.mac ?? n.portMacs?.[name];
      macs.set(name, given ?? randomMac(rng, used));
    }
    all.set(n.name, macs);
  }
  return all;
}

export function randomMac(rng: Rng, used: Set<Mac>): Mac {
  for (;;) {
    const hi = rng.nextU32() & 0xffff;
    const lo = rng.nextU32();
    // First octet: clear the I/G (multicast) bit, set the U/L (local) bit (IEEE 802 clause 8.2).
    const first = ((hi >>> 8) & 0xfe) | 0x02;
    const mac = first * 2 ** 40 + (hi & 0xff) * 2 ** 32 + lo;
    if (!used.has(mac)) {
      used.add(mac);
      return mac;
    }
  }
}
