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
