import type { Mac } from '../wire/mac.js';
import type { Cidr } from '../wire/ipv4-address.js';

/** An interface of a host or router: the namespace end of a veth. */
export interface NetInterface {
  /** What the namespace calls it: `ip link set X name N` renames it (Host.renameInterface). */
  name: string;
  mac: Mac;
  addresses: Cidr[];
  up: boolean;
  mtu: number;
}
