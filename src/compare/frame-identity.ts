import { ArpOp, parseArp } from '../wire/arp.js';
import { HEX_BYTE, readU16 } from '../wire/bytes.js';
import { ETHERTYPE_MIN, EtherType, parseEthernet } from '../wire/ethernet.js';
import { IcmpField, IcmpType } from '../wire/icmp.js';
import { formatIpv4 } from '../wire/ipv4-address.js';
import { IpProtocol, parseIpv4Header } from '../wire/ipv4.js';
import { isBpduFrame } from '../wire/bpdu.js';
import { BROADCAST_MAC, formatMac, isGroupMac, type Mac } from '../wire/mac.js';
import { UdpField } from '../wire/udp.js';

/**
 * Which frame this is, in terms that hold across two topologies of one
 * scenario: MACs become the interface that owns them (`h2:eth0`), and the
 * fields each topology draws from its own seeded RNG (IP identification,
 * ICMP echo identifier, ping's timestamp payload and so the checksums) are
 * left out, as is the TTL, which depends on the path. What stays names the
 * packet: ARP opcode and addresses, IP endpoints, ICMP type, code and echo
 * sequence, UDP destination port.
 */
export interface FrameIdentity {
  /** A key equal for the same frame in both topologies. */
  id: string;
  /** Who the frame is addressed to: a host's name, `broadcast`, `multicast`, or the MAC. */
  addressee: string;
  /**
   * A spanning tree BPDU: the bridges' own conversation, which the diff counts
   * but does not match as forwarding decisions (their `stp` consequences are
   * context, like `learn`): two topologies of one scenario differ there by design.
   */
  control?: boolean;
}

export function frameIdentity(bytes: Uint8Array, roles: ReadonlyMap<Mac, string>, owners: ReadonlyMap<Mac, string>): FrameIdentity {
  let dst: Mac;
  try {
    const eth = parseEthernet(bytes);
    dst = eth.dst;
    const role = (m: Mac): string => (m === BROADCAST_MAC ? 'broadcast' : (roles.get(m) ?? formatMac(m)));
    const addressee = dst === BROADCAST_MAC ? 'broadcast' : (owners.get(dst) ?? (isGroupMac(dst) ? 'multicast' : formatMac(dst)));
    const head = `${role(eth.src)}>${role(eth.dst)}`;
    const id = `${head} ${payloadIdentity(bytes, eth.etherType, eth.payloadOffset)}`;
    return isBpduFrame(bytes) ? { id, addressee, control: true } : { id, addressee };
  } catch {
    return { id: `malformed ${bytes.length} bytes`, addressee: 'unknown' };
  }
}

function payloadIdentity(b: Uint8Array, etherType: number, offset: number): string {
  if (etherType < ETHERTYPE_MIN) return `llc ${hexBytes(b, offset, 24)}`;
  if (etherType === EtherType.ARP) {
    const a = parseArp(b, offset);
    const op = a.op === ArpOp.Request ? 'request' : a.op === ArpOp.Reply ? 'reply' : `op ${a.op}`;
    return `arp ${op} ${formatIpv4(a.senderIp)}>${formatIpv4(a.targetIp)}`;
  }
  if (etherType === EtherType.IPv4) {
    const h = parseIpv4Header(b, offset);
    const l4 = offset + h.headerLength;
    const ip = `ip ${formatIpv4(h.src)}>${formatIpv4(h.dst)}`;
    if (h.fragmentOffset > 0) return `${ip} fragment ${h.fragmentOffset}`;
    if (h.protocol === IpProtocol.ICMP && b.length >= l4 + IcmpField.rest) {
      const type = b[l4 + IcmpField.type]!;
      const code = b[l4 + IcmpField.code]!;
      const echo = (type === IcmpType.EchoRequest || type === IcmpType.EchoReply) && b.length >= l4 + IcmpField.sequence + 2;
      return `${ip} icmp ${type}/${code}${echo ? ` seq ${readU16(b, l4 + IcmpField.sequence)}` : ''}`;
    }
    if (h.protocol === IpProtocol.UDP && b.length >= l4 + UdpField.dstPort + 2) return `${ip} udp ${readU16(b, l4 + UdpField.dstPort)}`;
    return `${ip} proto ${h.protocol}`;
  }
  return `type 0x${etherType.toString(16).padStart(4, '0')} ${hexBytes(b, offset, 32)}`;
}

/** A raw frame's payload is its identity (a `send` frame carries the user's text). */
function hexBytes(b: Uint8Array, from: number, max: number): string {
  let s = '';
  for (let i = from; i < Math.min(b.length, from + max); i++) s += HEX_BYTE[b[i]!];
  return s;
}
