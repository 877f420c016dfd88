import { EVENT_KINDS, type SimEvent } from '../events/event.js';
import { ETHERTYPE_MIN, EtherType, parseEthernet } from '../wire/ethernet.js';
import { IpProtocol } from '../wire/ipv4.js';

/** Protocols a filter can name, as Wireshark's display filters name them. */
export const PROTOCOLS = ['arp', 'ip', 'icmp', 'udp', 'vlan', 'stp'] as const;

/** Offset of the protocol field in an IPv4 header (RFC 791 3.1). */
const IPV4_PROTOCOL_OFFSET = 9;
/** IEEE 802.2 LLC DSAP of the Spanning Tree Protocol (802.1D clause 7.12.3). */
const STP_DSAP = 0x42;

/**
 * A stepper filter: `flood`, `kind=flood,forward node=sw1 proto=arp`. Bare
 * words are kinds, protocols or node names; terms of different keys must all
 * hold, values of one key are alternatives.
 */
export interface StepFilter {
  text: string;
  kinds?: string[];
  nodes?: string[];
  ports?: string[];
  protos?: string[];
}

export class FilterSyntaxError extends Error {}

export function parseFilter(text: string, nodes: readonly string[]): StepFilter | undefined {
  const terms = text.trim().split(/\s+/).filter(Boolean);
  if (terms.length === 0 || (terms.length === 1 && ['off', 'none', 'all', 'clear'].includes(terms[0]!))) return undefined;
  const f: StepFilter = { text: terms.join(' ') };
  const add = (key: 'kinds' | 'nodes' | 'ports' | 'protos', values: string[]): void => {
    f[key] = [...(f[key] ?? []), ...values];
  };
  for (const term of terms) {
    const eq = term.indexOf('=');
    const key = eq < 0 ? undefined : term.slice(0, eq);
    const values = (eq < 0 ? term : term.slice(eq + 1)).split(',').filter(Boolean);
    if (key === undefined) {
      for (const v of values) {
        if ((EVENT_KINDS as readonly string[]).includes(v)) add('kinds', [v]);
        else if ((PROTOCOLS as readonly string[]).includes(v.toLowerCase())) add('protos', [v.toLowerCase()]);
        else if (nodes.includes(v)) add('nodes', [v]);
        else
          throw new FilterSyntaxError(
            `'${v}' is not a kind (${EVENT_KINDS.join(', ')}), a protocol (${PROTOCOLS.join(', ')}) or a node (${nodes.join(', ')})`,
          );
      }
      continue;
    }
    switch (key) {
      case 'kind':
        for (const v of values)
          if (!(EVENT_KINDS as readonly string[]).includes(v))
            throw new FilterSyntaxError(`kind: unknown '${v}' (one of: ${EVENT_KINDS.join(', ')})`);
        add('kinds', values);
        break;
      case 'node':
        for (const v of values) if (!nodes.includes(v)) throw new FilterSyntaxError(`node: no node '${v}' (nodes: ${nodes.join(', ')})`);
        add('nodes', values);
        break;
      case 'port':
        add('ports', values);
        break;
      case 'proto':
      case 'protocol':
        for (const v of values)
          if (!(PROTOCOLS as readonly string[]).includes(v.toLowerCase()))
            throw new FilterSyntaxError(`proto: unknown '${v}' (one of: ${PROTOCOLS.join(', ')})`);
        add(
          'protos',
          values.map((v) => v.toLowerCase()),
        );
        break;
      default:
        throw new FilterSyntaxError(`unknown filter key '${key}' (kind=, node=, port=, proto=)`);
    }
  }
  return f;
}

/** Does the event pass? `bytes` gives its frame's bytes, for protocol terms. */
export function matchesFilter(f: StepFilter, e: SimEvent, bytes: (e: SimEvent) => Uint8Array | undefined): boolean {
  if (f.kinds && !f.kinds.includes(e.kind)) return false;
  if (f.nodes && !f.nodes.includes(e.node)) return false;
  if (f.ports && !(e.port !== undefined && (f.ports.includes(e.port) || f.ports.includes(`${e.node}:${e.port}`)))) return false;
  if (f.protos) {
    const b = e.frame !== undefined ? bytes(e) : undefined;
    if (!b) return false;
    const p = protocolsOf(b);
    if (!f.protos.some((x) => p.includes(x))) return false;
  }
  return true;
}

/** The protocols a frame carries, outermost first, by Wireshark's short names. */
export function protocolsOf(frame: Uint8Array): string[] {
  try {
    const h = parseEthernet(frame);
    const out: string[] = ['eth'];
    if (h.vlan) out.push('vlan');
    if (h.etherType === EtherType.ARP) out.push('arp');
    else if (h.etherType === EtherType.IPv4) {
      out.push('ip');
      const proto = frame[h.payloadOffset + IPV4_PROTOCOL_OFFSET];
      if (proto === IpProtocol.ICMP) out.push('icmp');
      else if (proto === IpProtocol.UDP) out.push('udp');
    } else if (h.etherType < ETHERTYPE_MIN && frame[h.payloadOffset] === STP_DSAP) out.push('stp');
    return out;
  } catch {
    return [];
  }
}
