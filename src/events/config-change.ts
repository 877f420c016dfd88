/**
 * A route as a recording states it (the starting configuration's routes,
 * and the routes of configuration events): what `ip route show` lists, in
 * words a reader of the SQLite file reads as they are. Its device is said
 * beside it (a table's column, an event's port).
 */
export interface RouteFact {
  /** The prefix, `10.0.0.0/24`; `0.0.0.0/0` for the default route. */
  destination: string;
  /** `via`, dotted quad. */
  gateway?: string;
  /** `src`, the preferred source address (connected routes). */
  source?: string;
  /** iproute2's protocol: `kernel` for a route an address gives (connected), `boot` for one added with `ip route add` (static). */
  proto: 'kernel' | 'boot';
  metric: number;
}

/**
 * A change of a node's configuration, recorded as a `config` event caused
 * by what made it (a command, an interface going down). The vocabulary is
 * rtnetlink's, the notifications `ip monitor` prints, and the event's `why`
 * is the line it prints: so that `hoplab state` folds the changes the live
 * stack made, as a listener on a netlink socket would, instead of working
 * them out again. The interface a change concerns is the event's `port`.
 */
export type ConfigChange =
  /**
   * RTM_NEWADDR, RTM_DELADDR: an address (`10.0.0.1/24`) of the interface. A new
   * address goes last in its list unless `at` says where (a primary goes before
   * the secondaries, as the kernel lists them).
   */
  | { change: 'newaddr' | 'deladdr'; address: string; at?: number }
  /** RTM_NEWROUTE, RTM_DELROUTE: a route of the main table, through the interface. */
  | ({ change: 'newroute' | 'delroute' } & RouteFact)
  /** RTM_DELNEIGH: the neighbour (ARP) entry for `ip` on the interface is gone (a flush, the interface going down). */
  | { change: 'delneigh'; ip: string }
  /** RTM_NEWNETCONF: IPv4 forwarding (`net.ipv4.ip_forward`) was turned on or off. */
  | { change: 'forwarding'; on: boolean }
  /**
   * RTM_NEWLINK: the interface or port appears in the node (made, moved in, enslaved or
   * released), with its MAC if it has one, up or down; or its MTU changed (`mtu`, `ip link
   * set X mtu N`); or the stack heard that its carrier changed (`carrier`: linkwatch's
   * NETDEV_CHANGE, IFF_LOWER_UP; without it the routes through it are `linkdown`).
   */
  | { change: 'newlink'; mac?: string; up: boolean; mtu?: number; carrier?: boolean }
  /**
   * RTM_NEWLINK with a new IFLA_IFNAME: the interface (the event's port) is
   * called `to` from now on, and everything that named it follows.
   */
  | { change: 'rename'; to: string }
  /** RTM_DELLINK: the interface or port leaves the node (deleted, moved away, enslaved or released). */
  | { change: 'dellink' }
  /**
   * A node appears while the network runs: a script's namespace (a host,
   * with its loopback's state and forwarding) or the switch that runs a
   * bridge it made. Not rtnetlink's: the network's own.
   */
  | { change: 'newnode'; kind: string; lo?: boolean; forwarding?: boolean }
  /** The node is gone (`ip netns delete`, a bridge deleted), and everything in it. */
  | { change: 'delnode' };

export type ConfigChangeName = ConfigChange['change'];

/** A change as the recording stores it (the descriptions table's `config` column) and the fingerprint reads it: its JSON. */
export function configText(c: ConfigChange): string {
  return JSON.stringify(c);
}
