// `ip -d link show` and `ip -d addr show`: what iproute2 6.1 adds to a device
// with -details (ip/ipaddress.c print_linkinfo, print_linktype;
// ip/iplink_bridge.c bridge_print_opt; ip/iplink_bridge_slave.c
// bridge_slave_print_opt), for the kinds a script makes: lo, veth, bridge and
// bridge ports. Checked against 6.18's own output (test/fixtures/oracle:
// S6-stp-loop, D1-details); the trailing spaces are iproute2's.

import type { BridgeId } from '../wire/bpdu.js';
import { type PortDetail, bridgeDetail, portDetail } from './bridge-details.js';
import type { Bridges } from './bridges.js';
import type { Kernel, Link } from './kernel.js';

const NS_PER_CS = 10_000_000;
/** The kernel's gc_work runs 0.1 s after the bridge comes up (br_stp_enable_bridge), then every hold time. */
const FIRST_GC_NS = 100_000_000;
/** br_fdb_cleanup: "Cleanup minimum 10 milliseconds apart". */
const MIN_GC_NS = 10_000_000;

/** What -details adds to a device: the tail of its link-layer line, and the lines after it. */
export interface LinkDetails {
  layerTail: string;
  lines: string[];
}

export function linkDetails(kernel: Kernel, bridges: Bridges, link: Link, withAddresses: boolean): LinkDetails {
  const port = link.master !== undefined;
  const mtus = link.kind === 'loopback' ? 'minmtu 0 maxmtu 0' : 'minmtu 68 maxmtu 65535';
  // A bridge port is promiscuous and all-multicast (br_add_if: dev_set_promiscuity, dev_set_allmulti).
  const flags = `promiscuity ${port ? 1 : 0}  allmulti ${port ? 1 : 0} ${mtus} `;
  const tail = queues(link, withAddresses);
  if (link.kind === 'loopback') return { layerTail: ` ${flags}${tail}`, lines: [] };
  if (link.kind === 'bridge') return { layerTail: ` ${flags}`, lines: [`    bridge ${bridgeOptions(kernel, bridges, link)}${tail}`] };
  if (!port) return { layerTail: ` ${flags}`, lines: [`    veth ${tail}`] };
  return {
    layerTail: ` ${flags}`,
    lines: ['    veth ', `    bridge_slave ${portOptions(kernel, portDetail(kernel, bridges, link))}${tail}`],
  };
}

/** The queues and segmentation limits; `addrgenmode` only for `ip link` (print_af_spec runs for do_link). */
function queues(link: Link, withAddresses: boolean): string {
  const n = link.kind === 'veth' ? 2 : 1;
  // A bridge takes the lowest tso_max_size of its ports (br_set_gso_limits); with none it keeps the default.
  const tso = link.kind === 'bridge' && link.bridge!.ports.length === 0 ? 65536 : 524280;
  const mode = withAddresses ? '' : 'addrgenmode eui64 ';
  return `${mode}numtxqueues ${n} numrxqueues ${n} gso_max_size 65536 gso_max_segs 65535 tso_max_size ${tso} tso_max_segs 65535 gro_max_size 65536 `;
}

/**
 * bridge_print_opt. iproute2 6.1 prints IFLA_BR_BRIDGE_ID under both
 * `bridge_id` and `designated_root` (it formats the wrong attribute), so the
 * root a non-root bridge has elected never shows here: sysfs's root_id, and
 * `root_port`, tell it.
 */
function bridgeOptions(kernel: Kernel, bridges: Bridges, bridge: Link): string {
  const now = kernel.network.now;
  const d = bridgeDetail(bridges, bridge);
  const id = bridgeId(d.bridgeId);
  const timer = (at: number | undefined): string => formatTimer(at === undefined ? 0 : at - now);
  return [
    `forward_delay ${cs(d.forwardDelayNs)} hello_time ${cs(d.helloTimeNs)} max_age ${cs(d.maxAgeNs)} ageing_time ${cs(d.ageingNs)}`,
    `stp_state ${d.stpOn ? 1 : 0} priority ${d.bridgeId.priority} vlan_filtering 0 bridge_id ${id} designated_root ${id}`,
    `root_port ${d.rootPort} root_path_cost ${d.rootPathCost}`,
    `topology_change ${d.topologyChange ? 1 : 0} topology_change_detected ${d.topologyChangeDetected ? 1 : 0}`,
    `hello_timer ${timer(d.helloAt)} tcn_timer ${timer(d.tcnAt)} topology_change_timer ${timer(d.topologyChangeAt)}`,
    `gc_timer ${formatTimer(gcRemaining(d.upAt, bridge.bridge!.ageingCs * NS_PER_CS, now))}`,
    'group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 no_linklocal_learn 0 mcast_vlan_snooping 0',
    'mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0 mcast_hash_elasticity 16 mcast_hash_max 4096',
    'mcast_last_member_count 2 mcast_startup_query_count 2 mcast_last_member_interval 100 mcast_membership_interval 26000',
    'mcast_querier_interval 25500 mcast_query_interval 12500 mcast_query_response_interval 1000',
    'mcast_startup_query_interval 3124 mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1',
    'nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0 ',
  ].join(' ');
}

/** bridge_slave_print_opt: the port's STP fields (struct net_bridge_port), then its flags at their defaults. */
function portOptions(kernel: Kernel, p: PortDetail): string {
  const now = kernel.network.now;
  const timer = (at: number | undefined): string => formatTimer(at === undefined ? 0 : at - now);
  return [
    `state ${p.state} priority ${p.priority} cost ${p.cost}`,
    'hairpin off guard off root_block off fastleave off learning on flood on',
    `port_id 0x${p.portId.toString(16)} port_no 0x${p.portNo.toString(16)} designated_port ${p.designatedPort}`,
    `designated_cost ${p.designatedCost} designated_bridge ${bridgeId(p.designatedBridge)} designated_root ${bridgeId(p.designatedRoot)}`,
    `hold_timer ${timer(p.holdAt)} message_age_timer ${timer(p.messageAgeAt)} forward_delay_timer ${timer(p.forwardDelayAt)}`,
    `topology_change_ack ${p.topologyChangeAck ? 1 : 0} config_pending ${p.configPending ? 1 : 0}`,
    'proxy_arp off proxy_arp_wifi off mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on mcast_to_unicast off',
    'neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0 vlan_tunnel off isolated off locked off ',
  ].join(' ');
}

/** br_dump_bridge_id: `8000.2:0:0:0:a:1`, the priority's two bytes, then each MAC byte in bare hex. */
export function bridgeId(id: BridgeId): string {
  const bytes: string[] = [];
  for (let i = 5; i >= 0; i--) bytes.push((Math.floor(id.mac / 2 ** (8 * i)) & 0xff).toString(16));
  return `${id.priority.toString(16).padStart(4, '0')}.${bytes.join(':')}`;
}

/** Jiffies to USER_HZ (centiseconds), truncated as jiffies_to_clock_t does. */
function cs(ns: number): number {
  return Math.floor(ns / NS_PER_CS);
}

/** print_timer: `%4i.%.2i` of the time left, in centiseconds; 0.00 for a timer that is not pending. */
export function formatTimer(remainingNs: number): string {
  const left = Math.max(0, cs(remainingNs));
  return `${String(Math.floor(left / 100)).padStart(4)}.${String(left % 100).padStart(2, '0')}`;
}

/**
 * What is left of the bridge's gc_work (br_fdb_cleanup), which runs 0.1 s
 * after the bridge comes up and then re-arms itself. hoplab takes its period
 * as the configured ageing time: the kernel re-arms sooner for an entry due
 * earlier, and uses twice the forward delay at a run during a topology change;
 * the oracle's value (264.78 at 35.3 s) is this one.
 */
function gcRemaining(upAt: number | undefined, ageingNs: number, now: number): number {
  if (upAt === undefined) return 0;
  const first = upAt + FIRST_GC_NS;
  if (now < first) return first - now;
  const period = Math.max(ageingNs, MIN_GC_NS);
  return period - ((now - first) % period);
}
