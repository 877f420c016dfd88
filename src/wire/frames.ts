/**
 * Whole Ethernet frames built in one allocation: the layers a host stack
 * emits, composed (RFC 894 for IPv4 over Ethernet, RFC 826 for ARP).
 */
import { ARP_PACKET_LENGTH, type ArpPacket, writeArp } from './arp.js';
import { ETHERNET_HEADER_LENGTH, EtherType, writeEthernetHeader } from './ethernet.js';
import { IPV4_MIN_HEADER_LENGTH, type Ipv4HeaderInit, writeIpv4Header } from './ipv4.js';
import type { Mac } from './mac.js';

export const ARP_FRAME_LENGTH = ETHERNET_HEADER_LENGTH + ARP_PACKET_LENGTH;

/** A 42-byte ARP frame; the Ethernet source is the ARP sender, as Linux sends it. */
export function buildArpFrame(ethDst: Mac, p: ArpPacket): Uint8Array {
  const frame = new Uint8Array(ARP_FRAME_LENGTH);
  writeEthernetHeader(frame, 0, { dst: ethDst, src: p.senderMac, etherType: EtherType.ARP });
  writeArp(frame, ETHERNET_HEADER_LENGTH, p);
  return frame;
}

/** An untagged Ethernet frame carrying a 20-byte IPv4 header and `payload`. */
export function buildIpv4Frame(ethDst: Mac, ethSrc: Mac, h: Ipv4HeaderInit, payload: Uint8Array): Uint8Array {
  const ipOffset = ETHERNET_HEADER_LENGTH;
  const payloadOffset = ipOffset + IPV4_MIN_HEADER_LENGTH;
  const frame = new Uint8Array(payloadOffset + payload.length);
  writeEthernetHeader(frame, 0, { dst: ethDst, src: ethSrc, etherType: EtherType.IPv4 });
  writeIpv4Header(frame, ipOffset, h, payload.length);
  frame.set(payload, payloadOffset);
  return frame;
}
