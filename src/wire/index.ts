/** The wire layer's public surface: bytes <-> values, nothing else (STYLE rule 1). */
export * from './wire-error.js';
export * from './mac.js';
export * from './ipv4-address.js';
export * from './checksum.js';
export * from './ethernet.js';
export * from './vlan.js';
export * from './arp.js';
export * from './ipv4.js';
export * from './icmp.js';
export * from './udp.js';
export * from './frames.js';
export * from './bpdu.js';
export * from './decode.js';
