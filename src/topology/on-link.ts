import type { NodeSpec } from './model.js';

/** Whether `gateway` is on a network one of the node's interfaces (or `dev`, when named) has an address on. */
export function onLink(spec: NodeSpec, gateway: number, dev: string | undefined): boolean {
  return spec.interfaces.some(
    (i) => (dev === undefined || i.name === dev) && i.addresses.some((a) => sameNetwork(a.address, gateway, a.prefixLength)),
  );
}

function sameNetwork(a: number, b: number, prefixLength: number): boolean {
  if (prefixLength === 0) return true;
  const mask = (~0 << (32 - prefixLength)) >>> 0;
  return (a & mask) >>> 0 === (b & mask) >>> 0;
}
