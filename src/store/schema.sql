-- hoplab recording, schema version 6 (version 5 stored one row per event in
-- a table event_log, which is now a view over event_blocks; version 4 had no
-- copy column in the events view: a reader derived it from the cause links;
-- nor the frame_fields view of decoded frames; nor the vlan column: a
-- VLAN-aware switch's learn, move and age named their VLAN only in why;
-- version 3 had no channel column: an app line's stream was told from its
-- text; version 2 had no template descriptions; version 1 stored the events
-- view as a table).
-- A public interface: query it with sqlite3. See README.md, "The recording".
-- One file per run: the topology source, the scenario, the seed, every event,
-- and every distinct frame's bytes and event description stored once and referenced by id.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,   -- schema_version, hoplab_version, name, seed, command_line,
  value TEXT NOT NULL       -- topology_path, topology_source, complete, stop_reason, events, end_time,
                            -- until_ns, max_events (the run's effective limits; absent in early recordings),
                            -- snapshot_format, snapshot_interval (present once snapshots are stored)
);

CREATE TABLE nodes (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL        -- host, router, repeater, hub, bridge, switch
);

CREATE TABLE ports (
  node      TEXT NOT NULL,
  port      TEXT NOT NULL,
  mac       TEXT,           -- host/router interfaces (lowercase, colon-separated)
  peer_node TEXT,           -- the other end of its cable, if cabled
  peer_port TEXT,
  PRIMARY KEY (node, port)
);

CREATE TABLE scenario (
  step INTEGER PRIMARY KEY, -- 1, 2, 3 ... in file order
  at   INTEGER NOT NULL,    -- virtual time, ns
  node TEXT NOT NULL,
  run  TEXT NOT NULL        -- the command line
);

-- The configuration the network started from (version 4): what its live
-- devices held at time 0, before the first event, stated as it is (not to be
-- derived again from topology_source). Configuration events change it from
-- there; `hoplab state` folds those over it. A script's starting point is its
-- root namespace alone: what it builds appears as it runs. Recordings before
-- version 4 have none of these tables; their reader derives the same from
-- topology_source, as hoplab then did.
CREATE TABLE start_nodes (
  node       TEXT PRIMARY KEY,  -- every node that exists at time 0
  kind       TEXT NOT NULL,     -- as nodes.kind
  lo         INTEGER,           -- hosts and routers: 1 when lo is up, 0 when down; NULL for the rest
  ip_forward INTEGER            -- hosts and routers: net.ipv4.ip_forward, 1 or 0; NULL for the rest
);

CREATE TABLE start_ports (
  node TEXT NOT NULL,
  port TEXT NOT NULL,         -- every port and interface of those nodes (lo aside); its MAC and cable are in ports
  up   INTEGER NOT NULL,      -- 1 when administratively up, 0 when down
  PRIMARY KEY (node, port)
);

CREATE TABLE start_addresses (
  node    TEXT NOT NULL,
  port    TEXT NOT NULL,      -- the interface
  address TEXT NOT NULL       -- 10.0.0.1/24; an interface's addresses in the order it holds them (rowid order)
);

CREATE TABLE start_routes (
  node        TEXT NOT NULL,  -- each host's and router's main table, in `ip route show` order (rowid order)
  destination TEXT NOT NULL,  -- the prefix, 10.0.0.0/24; 0.0.0.0/0 is the default route
  gateway     TEXT,           -- via, dotted quad; NULL on the link
  device      TEXT NOT NULL,  -- dev
  source      TEXT,           -- src, the preferred source address (connected routes)
  proto       TEXT NOT NULL,  -- kernel: a connected route an address gives; boot: a static route
  metric      INTEGER NOT NULL
);

CREATE TABLE frames (
  id    INTEGER PRIMARY KEY,
  bytes BLOB NOT NULL       -- the Ethernet frame as on the wire, no preamble, no FCS
);

-- Every distinct description of an event, stored once: everything an event
-- says except when it happened, which frame it concerns and what caused it.
-- A storm of a million events holds under a hundred of these. The recorder
-- remembers those it met lately in a table of bounded size, so one not met
-- for long may be stored again under a new id; a learn is stored for each
-- event (a switch learns an address once). Readers look descriptions up by
-- id and never rely on one row per content. A sentence that
-- differs only in a value its frame holds is stored once as a template: why
-- has a hole, {arp.target} (the ARP packet's target protocol address), that
-- the events view fills from the event's frame.
CREATE TABLE descriptions (
  id     INTEGER PRIMARY KEY, -- 1, 2, 3 ... in order of first use
  kind   TEXT NOT NULL,       -- command tx rx deliver forward flood filter drop learn move age collision neigh link app config stp
  node   TEXT NOT NULL,
  port   TEXT,
  why    TEXT NOT NULL,       -- the device's reasoning, one sentence
  out    TEXT,                -- forward/flood: out ports, comma-separated
  reason TEXT,                -- drop: not-for-me, ttl-exceeded, no-route, arp-failed, queue-full, collision, link-down, ...
  mac    TEXT,                -- learn/move/age/neigh
  "from" TEXT,                -- move: the previous port
  ip     TEXT,                -- neigh
  state  TEXT,                -- neigh: NUD state; link: up/down; stp: port state, root, topology-change
  text   TEXT,                -- command: the command line; app: the printed line; stp: role / root / on, off
  senders TEXT,               -- collision: comma-separated
  template INTEGER,           -- 1: why is a template, its hole filled from the event's frame; NULL: why is the sentence
  channel TEXT,               -- app: the stream the program wrote the line to, stdout or stderr (version 4)
  config TEXT,                -- config: the change, a JSON object (version 4; README, "Configuration events")
  vlan   INTEGER              -- learn/move/age on a VLAN-aware switch: the entry's VLAN, 1-4094 (version 5)
);

-- Every event, in blocks of up to 64 consecutive events a row (version 6):
-- SQLite appends a row in about the same time however small it is, so a
-- storm's events cost one append per block, not one per event. Each event is
-- a JSON array [dt, frame, back, description]: its seq is first plus its
-- index in the block, its time t plus dt, its frame frames.id (0: none), its
-- cause its seq minus back (0: none), its description descriptions.id.
-- Query event_log or events, which expand the blocks with json_each.
CREATE TABLE event_blocks (
  first  INTEGER PRIMARY KEY, -- seq of the block's first event: 1, then one past the block before
  t      INTEGER NOT NULL,    -- virtual time of its first event, integer nanoseconds
  events TEXT NOT NULL        -- JSON: [[dt, frame, back, description], ...], one array per event in seq order
);

-- Every event as five integers, as versions 2 to 5 stored them in a table of
-- this name: the blocks expanded. seq 1, 2, 3 ... in execution order; t in
-- integer nanoseconds; frame references frames.id; cause is the seq of the
-- event that led to this one; description references descriptions.id.
CREATE VIEW event_log AS
  SELECT b.first + e.key AS seq, b.t + (e.value ->> 0) AS t, nullif(e.value ->> 1, 0) AS frame,
         nullif(b.first + e.key - (e.value ->> 2), b.first + e.key) AS cause, e.value ->> 3 AS description
  FROM event_blocks AS b, json_each(b.events) AS e;

-- What to query: one row per event with every column (schema version 1 kept
-- these columns in a table of this name, so its queries still work).
-- CROSS JOIN keeps event_log the outer loop: a scan in seq order, one
-- primary-key lookup of its description per event.
-- A template's why is filled from the event's frame (arp_targets).
-- copy (version 5): which copy of the frame the event concerns, named by the
-- seq of the tx that put it on a wire (a storm's byte-identical frames share
-- frames.id; each sending is a copy of its own). A tx is its own copy; an rx
-- is the copy its cause sent; any other event with a frame is its cause's
-- copy when its cause carries the same frame (a flood, a deliver, a drop at
-- the receiver), one link further for a drop its flood caused (a full queue,
-- a port without carrier). NULL for events with no frame, and for a frame
-- that was not on a wire (a host's ARP request before it is sent). Only
-- what is selected is computed: a query without copy pays nothing for it.
-- An event's cause is read from its block (version 6): the block is found by
-- its primary key, the event by its index in the block's JSON (b.events -> i).
CREATE VIEW events AS
  SELECT l.seq, l.t, d.kind, d.node, d.port, l.frame, l.cause,
         CASE WHEN d.template IS NULL THEN d.why
              ELSE replace(d.why, '{arp.target}', (SELECT a.target FROM arp_targets AS a WHERE a.frame = l.frame)) END AS why,
         d.out, d.reason, d.mac, d."from", d.ip, d.state, d.text, d.senders, d.channel, d.config, d.vlan,
         CASE WHEN l.frame IS NULL THEN NULL WHEN d.kind = 'tx' THEN l.seq WHEN d.kind = 'rx' THEN l.cause
              ELSE (SELECT CASE cd.kind WHEN 'tx' THEN c.seq WHEN 'rx' THEN nullif(c.seq - (c.event ->> 2), c.seq)
                           ELSE (SELECT CASE gd.kind WHEN 'tx' THEN g.seq WHEN 'rx' THEN nullif(g.seq - (g.event ->> 2), g.seq) END
                                 FROM (SELECT nullif(c.seq - (c.event ->> 2), c.seq) AS seq,
                                              (SELECT b.events -> (nullif(c.seq - (c.event ->> 2), c.seq) - b.first) FROM event_blocks AS b
                                               WHERE b.first <= nullif(c.seq - (c.event ->> 2), c.seq) ORDER BY b.first DESC LIMIT 1) AS event) AS g
                                 JOIN descriptions AS gd ON gd.id = g.event ->> 3
                                 WHERE g.event ->> 1 = l.frame) END
                    FROM (SELECT l.cause AS seq,
                                 (SELECT b.events -> (l.cause - b.first) FROM event_blocks AS b
                                  WHERE b.first <= l.cause ORDER BY b.first DESC LIMIT 1) AS event) AS c
                    JOIN descriptions AS cd ON cd.id = c.event ->> 3
                    WHERE c.event ->> 1 = l.frame) END AS copy
  FROM event_log AS l CROSS JOIN descriptions AS d ON d.id = l.description;

-- Each frame's ARP target protocol address (RFC 826 ar$tpa, 24 bytes into the
-- ARP packet, after a 14-byte Ethernet header or an 18-byte one with an
-- 802.1Q tag) in dotted quad; meaningful for ARP frames only. Each octet is
-- read from its two hex digits.
CREATE VIEW arp_targets AS
  SELECT id AS frame,
         ((instr('0123456789ABCDEF', substr(h, 1, 1)) - 1) * 16 + instr('0123456789ABCDEF', substr(h, 2, 1)) - 1) || '.' ||
         ((instr('0123456789ABCDEF', substr(h, 3, 1)) - 1) * 16 + instr('0123456789ABCDEF', substr(h, 4, 1)) - 1) || '.' ||
         ((instr('0123456789ABCDEF', substr(h, 5, 1)) - 1) * 16 + instr('0123456789ABCDEF', substr(h, 6, 1)) - 1) || '.' ||
         ((instr('0123456789ABCDEF', substr(h, 7, 1)) - 1) * 16 + instr('0123456789ABCDEF', substr(h, 8, 1)) - 1) AS target
  FROM (SELECT id, hex(substr(bytes, CASE WHEN substr(bytes, 13, 2) = X'8100' THEN 43 ELSE 39 END, 4)) AS h FROM frames);

-- Each frame decoded (version 5), for queries by what a frame carries:
--   SELECT f.protocol, count(*) FROM events AS e JOIN frame_fields AS f ON f.frame = e.frame
--   WHERE e.node = 'sw2' AND e.kind = 'flood' AND e.t >= 1000000 AND e.t < 2000000 GROUP BY f.protocol;
-- Columns are named after Wireshark's fields, dots as underscores (eth.dst is
-- eth_dst, udp.srcport udp_srcport), and hold what hoplab's decoder
-- (src/wire/decode.ts) reads from the same bytes; NULL where the frame has no
-- such field or it does not parse.
--   frame_len: the frame's length in bytes (no FCS). eth_dst, eth_src: MACs, lowercase,
--   colon-separated, as in ports. vlan_id: the 802.1Q VID, NULL when untagged.
--   ethertype: the type of what the frame carries, after any 802.1Q tag (Wireshark's
--   vlan.etype on a tagged frame, eth.type otherwise), as text in Wireshark's form,
--   '0x0800'; NULL for an IEEE 802.3 frame, whose field is a length.
--   protocol: Wireshark's Protocol column in lowercase: arp, icmp, udp, ipv4 (any other
--   IP protocol), stp (802.3/LLC, DSAP 0x42), else other; as the stepper's proto= filter
--   reads it, so a fragment of a UDP datagram is udp (but has no ports).
--   ip_src, ip_dst, ip_proto: an IPv4 datagram's addresses (dotted quad) and protocol
--   number. icmp_type, icmp_code; udp_srcport, udp_dstport: from the transport header,
--   in a first fragment only. arp_src_proto_ipv4, arp_dst_proto_ipv4: an Ethernet/IPv4
--   ARP packet's sender and target protocol addresses (RFC 826 ar$spa, ar$tpa).
--   summary: the tcpdump-style line hoplab prints for the frame (src/wire/summarize.ts),
--   NULL for a frame hoplab calls malformed.
-- Octet o (from 0) is substr(bytes, o + 1, 1); its value is where its two hex digits
-- stand in x, '00 01 02 ... FF' (octet v at 3v + 1). From the inside out: p is where the
-- payload starts (18 after an 802.1Q tag, else 14), et the type or length before it; an
-- IPv4 header of ihl words and total length tl; its transport header at q, with plen
-- bytes; an ICMP error's quoted datagram at qi, its transport header at qt.
-- Nothing is stored: a query pays for the columns it selects, for each row it reads
-- (about 3 us a frame for protocol, 40 us for summary; over a storm's million events
-- of a few frames, decode each frame once: WITH f AS MATERIALIZED (SELECT * FROM
-- frame_fields) ... JOIN f, see README.md).
CREATE VIEW frame_fields AS
  SELECT id AS frame, n AS frame_len,
         CASE WHEN n >= 14 THEN lower(hex(substr(bytes, 1, 1)) || ':' || hex(substr(bytes, 2, 1)) || ':' || hex(substr(bytes, 3, 1)) || ':' || hex(substr(bytes, 4, 1)) || ':' || hex(substr(bytes, 5, 1)) || ':' || hex(substr(bytes, 6, 1))) END AS eth_dst,
         CASE WHEN n >= 14 THEN lower(hex(substr(bytes, 7, 1)) || ':' || hex(substr(bytes, 8, 1)) || ':' || hex(substr(bytes, 9, 1)) || ':' || hex(substr(bytes, 10, 1)) || ':' || hex(substr(bytes, 11, 1)) || ':' || hex(substr(bytes, 12, 1))) END AS eth_src,
         CASE WHEN p = 18 THEN ((instr(x, hex(substr(bytes, 15, 1))) - 1) / 3 * 256 + (instr(x, hex(substr(bytes, 16, 1))) - 1) / 3) % 4096 END AS vlan_id,
         CASE WHEN type >= 1536 THEN '0x' || lower(et) END AS ethertype,
         CASE WHEN et = '0806' THEN 'arp'
              WHEN et = '0800' THEN CASE proto WHEN 1 THEN 'icmp' WHEN 17 THEN 'udp' ELSE 'ipv4' END
              WHEN type < 1536 AND substr(bytes, p + 1, 1) = X'42' THEN 'stp'
              ELSE 'other' END AS protocol,
         CASE WHEN ip THEN ip_src END AS ip_src,
         CASE WHEN ip THEN ip_dst END AS ip_dst,
         CASE WHEN ip THEN proto END AS ip_proto,
         CASE WHEN icmp THEN icmp_type END AS icmp_type,
         CASE WHEN icmp THEN icmp_code END AS icmp_code,
         CASE WHEN udp THEN sport END AS udp_srcport,
         CASE WHEN udp THEN dport END AS udp_dstport,
         CASE WHEN arp THEN ((instr(x, hex(substr(bytes, p + 15, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 16, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 17, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 18, 1))) - 1) / 3) END AS arp_src_proto_ipv4,
         CASE WHEN arp THEN ((instr(x, hex(substr(bytes, p + 25, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 26, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 27, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 28, 1))) - 1) / 3) END AS arp_dst_proto_ipv4,
         CASE WHEN n < 14 OR (n < 18 AND substr(bytes, 13, 2) = X'8100') THEN NULL
              WHEN p = 14 AND type < 1536 THEN
                CASE WHEN n < 16 THEN '802.3, length ' || type
                     WHEN substr(bytes, 15, 2) = X'4242' THEN 'STP 802.1d, length ' || max(0, type - 3)
                     ELSE 'LLC, dsap 0x' || lower(hex(substr(bytes, 15, 1))) || ', ssap 0x' || lower(hex(substr(bytes, 16, 1))) || ', length ' || type END
              ELSE CASE WHEN p = 18 THEN '802.1Q vlan ' || (((instr(x, hex(substr(bytes, 15, 1))) - 1) / 3 * 256 + (instr(x, hex(substr(bytes, 16, 1))) - 1) / 3) % 4096) || ', ' ELSE '' END ||
                CASE WHEN et = '0806' THEN
                       CASE WHEN NOT arp THEN NULL
                            WHEN ((instr(x, hex(substr(bytes, p + 7, 1))) - 1) / 3 * 256 + (instr(x, hex(substr(bytes, p + 8, 1))) - 1) / 3) = 1 THEN
                              'ARP, Request who-has ' || ((instr(x, hex(substr(bytes, p + 25, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 26, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 27, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 28, 1))) - 1) / 3) ||
                              CASE WHEN substr(bytes, p + 19, 6) = zeroblob(6) THEN '' ELSE ' (' || lower(hex(substr(bytes, p + 19, 1)) || ':' || hex(substr(bytes, p + 20, 1)) || ':' || hex(substr(bytes, p + 21, 1)) || ':' || hex(substr(bytes, p + 22, 1)) || ':' || hex(substr(bytes, p + 23, 1)) || ':' || hex(substr(bytes, p + 24, 1))) || ')' END ||
                              ' tell ' || ((instr(x, hex(substr(bytes, p + 15, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 16, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 17, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 18, 1))) - 1) / 3) || ', length ' || (n - p)
                            WHEN ((instr(x, hex(substr(bytes, p + 7, 1))) - 1) / 3 * 256 + (instr(x, hex(substr(bytes, p + 8, 1))) - 1) / 3) = 2 THEN
                              'ARP, Reply ' || ((instr(x, hex(substr(bytes, p + 15, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 16, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 17, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 18, 1))) - 1) / 3) || ' is-at ' || lower(hex(substr(bytes, p + 9, 1)) || ':' || hex(substr(bytes, p + 10, 1)) || ':' || hex(substr(bytes, p + 11, 1)) || ':' || hex(substr(bytes, p + 12, 1)) || ':' || hex(substr(bytes, p + 13, 1)) || ':' || hex(substr(bytes, p + 14, 1))) || ', length ' || (n - p)
                            ELSE 'ARP, Unknown (' || ((instr(x, hex(substr(bytes, p + 7, 1))) - 1) / 3 * 256 + (instr(x, hex(substr(bytes, p + 8, 1))) - 1) / 3) || '), length ' || (n - p) END
                     WHEN et = '0800' THEN
                       CASE WHEN NOT ip THEN NULL
                            WHEN fragment > 0 THEN
                              'IP ' || ip_src || ' > ' || ip_dst || ': ' || CASE proto WHEN 1 THEN 'ICMP' WHEN 17 THEN 'UDP' ELSE 'ip-proto-' || proto END ||
                              ' fragment, id ' || ((instr(x, hex(substr(bytes, p + 5, 1))) - 1) / 3 * 256 + (instr(x, hex(substr(bytes, p + 6, 1))) - 1) / 3) || ', offset ' || (8 * fragment) || ', length ' || plen
                            WHEN proto = 1 THEN
                              CASE WHEN plen < 8 THEN NULL
                                   WHEN icmp_type IN (0, 8) THEN
                                     'IP ' || ip_src || ' > ' || ip_dst || ': ICMP echo ' || CASE icmp_type WHEN 8 THEN 'request' ELSE 'reply' END ||
                                     ', id ' || ((instr(x, hex(substr(bytes, q + 5, 1))) - 1) / 3 * 256 + (instr(x, hex(substr(bytes, q + 6, 1))) - 1) / 3) || ', seq ' || ((instr(x, hex(substr(bytes, q + 7, 1))) - 1) / 3 * 256 + (instr(x, hex(substr(bytes, q + 8, 1))) - 1) / 3) || ', length ' || plen
                                   WHEN icmp_type = 11 THEN
                                     'IP ' || ip_src || ' > ' || ip_dst || ': ICMP ' ||
                                     CASE icmp_code WHEN 0 THEN 'time exceeded in-transit' WHEN 1 THEN 'ip reassembly time exceeded' ELSE 'time exceeded-#' || icmp_code END ||
                                     ', length ' || plen
                                   WHEN icmp_type IN (3, 5) AND NOT quoted THEN NULL
                                   WHEN icmp_type = 3 THEN
                                     'IP ' || ip_src || ' > ' || ip_dst || ': ICMP ' ||
                                     CASE icmp_code
                                       WHEN 0 THEN 'net ' || ((instr(x, hex(substr(bytes, qi + 17, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 18, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 19, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 20, 1))) - 1) / 3) || ' unreachable'
                                       WHEN 1 THEN 'host ' || ((instr(x, hex(substr(bytes, qi + 17, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 18, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 19, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 20, 1))) - 1) / 3) || ' unreachable'
                                       WHEN 2 THEN ((instr(x, hex(substr(bytes, qi + 17, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 18, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 19, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 20, 1))) - 1) / 3) || ' protocol ' || ((instr(x, hex(substr(bytes, qi + 10, 1))) - 1) / 3) || ' unreachable'
                                       WHEN 3 THEN ((instr(x, hex(substr(bytes, qi + 17, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 18, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 19, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 20, 1))) - 1) / 3) || ' ' || CASE ((instr(x, hex(substr(bytes, qi + 10, 1))) - 1) / 3) WHEN 17 THEN 'udp' ELSE 'ip-proto-' || ((instr(x, hex(substr(bytes, qi + 10, 1))) - 1) / 3) END ||
                                                   ' port ' || CASE WHEN q + plen >= qt + 4 THEN ((instr(x, hex(substr(bytes, qt + 3, 1))) - 1) / 3 * 256 + (instr(x, hex(substr(bytes, qt + 4, 1))) - 1) / 3) ELSE '?' END || ' unreachable'
                                       WHEN 4 THEN ((instr(x, hex(substr(bytes, qi + 17, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 18, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 19, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 20, 1))) - 1) / 3) || ' unreachable - need to frag (mtu ' || ((instr(x, hex(substr(bytes, q + 7, 1))) - 1) / 3 * 256 + (instr(x, hex(substr(bytes, q + 8, 1))) - 1) / 3) || ')'
                                       ELSE ((instr(x, hex(substr(bytes, qi + 17, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 18, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 19, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 20, 1))) - 1) / 3) || ' unreachable - code ' || icmp_code END ||
                                     ', length ' || plen
                                   ELSE
                                     'IP ' || ip_src || ' > ' || ip_dst || ': ICMP ' ||
                                     CASE icmp_type
                                       WHEN 5 THEN 'redirect ' || ((instr(x, hex(substr(bytes, qi + 17, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 18, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 19, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, qi + 20, 1))) - 1) / 3) || ' to host ' || ((instr(x, hex(substr(bytes, q + 5, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, q + 6, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, q + 7, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, q + 8, 1))) - 1) / 3)
                                       WHEN 4 THEN 'source quench'
                                       WHEN 12 THEN 'parameter problem'
                                       ELSE 'type-#' || icmp_type END ||
                                     ', length ' || plen END
                            WHEN proto = 17 THEN
                              CASE WHEN plen < 8 OR ulen < 8 OR ulen > plen THEN NULL
                                   ELSE 'IP ' || ip_src || '.' || sport || ' > ' || ip_dst || '.' || dport || ': UDP, length ' || (ulen - 8) END
                            ELSE 'IP ' || ip_src || ' > ' || ip_dst || ': ip-proto-' || proto || ', length ' || plen END
                     ELSE 'ethertype 0x' || lower(et) || ', length ' || n END END AS summary
  FROM (
    -- The transport header at q, and the datagram an ICMP error quotes at qi (its own header
    -- of qihl words, then its transport header at qt).
    SELECT *,
           ip AND proto = 1 AND fragment = 0 AND plen >= 8 AS icmp,
           ip AND proto = 17 AND fragment = 0 AND plen >= 8 AND (more OR (ulen >= 8 AND ulen <= plen)) AS udp,
           plen >= 28 AND ((instr(x, hex(substr(bytes, qi + 1, 1))) - 1) / 3) / 16 = 4 AND qihl >= 5 AND plen >= 8 + 4 * qihl AS quoted,
           qi + 4 * qihl AS qt
    FROM (
      SELECT *,
             ((instr(x, hex(substr(bytes, q + 1, 1))) - 1) / 3) AS icmp_type,
             ((instr(x, hex(substr(bytes, q + 2, 1))) - 1) / 3) AS icmp_code,
             ((instr(x, hex(substr(bytes, q + 1, 1))) - 1) / 3 * 256 + (instr(x, hex(substr(bytes, q + 2, 1))) - 1) / 3) AS sport,
             ((instr(x, hex(substr(bytes, q + 3, 1))) - 1) / 3 * 256 + (instr(x, hex(substr(bytes, q + 4, 1))) - 1) / 3) AS dport,
             ((instr(x, hex(substr(bytes, q + 5, 1))) - 1) / 3 * 256 + (instr(x, hex(substr(bytes, q + 6, 1))) - 1) / 3) AS ulen,
             q + 8 AS qi,
             ((instr(x, hex(substr(bytes, q + 9, 1))) - 1) / 3) % 16 AS qihl
      FROM (
        SELECT *,
               et = '0800' AND n >= p + 20 AND ((instr(x, hex(substr(bytes, p + 1, 1))) - 1) / 3) / 16 = 4 AND ihl >= 5 AND n >= p + 4 * ihl AND tl >= 4 * ihl AND n >= p + tl AS ip,
               et = '0806' AND n >= p + 28 AND substr(bytes, p + 1, 6) = X'000108000604' AS arp,
               p + 4 * ihl AS q,
               tl - 4 * ihl AS plen,
               ((instr(x, hex(substr(bytes, p + 13, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 14, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 15, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 16, 1))) - 1) / 3) AS ip_src,
               ((instr(x, hex(substr(bytes, p + 17, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 18, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 19, 1))) - 1) / 3) || '.' || ((instr(x, hex(substr(bytes, p + 20, 1))) - 1) / 3) AS ip_dst
        FROM (
          SELECT *,
                 (instr(x, substr(et, 1, 2)) - 1) / 3 * 256 + (instr(x, substr(et, 3, 2)) - 1) / 3 AS type,
                 ((instr(x, hex(substr(bytes, p + 1, 1))) - 1) / 3) % 16 AS ihl,
                 ((instr(x, hex(substr(bytes, p + 3, 1))) - 1) / 3 * 256 + (instr(x, hex(substr(bytes, p + 4, 1))) - 1) / 3) AS tl,
                 ((instr(x, hex(substr(bytes, p + 10, 1))) - 1) / 3) AS proto,
                 ((instr(x, hex(substr(bytes, p + 7, 1))) - 1) / 3 * 256 + (instr(x, hex(substr(bytes, p + 8, 1))) - 1) / 3) % 8192 AS fragment,
                 ((instr(x, hex(substr(bytes, p + 7, 1))) - 1) / 3) / 32 % 2 AS more
        FROM (
          SELECT *, CASE WHEN n >= 14 THEN hex(substr(bytes, p - 1, 2)) END AS et
          FROM (
            SELECT *, CASE WHEN n >= 18 AND substr(bytes, 13, 2) = X'8100' THEN 18 ELSE 14 END AS p
            FROM (SELECT id, bytes, length(bytes) AS n, '00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F 20 21 22 23 24 25 26 27 28 29 2A 2B 2C 2D 2E 2F 30 31 32 33 34 35 36 37 38 39 3A 3B 3C 3D 3E 3F 40 41 42 43 44 45 46 47 48 49 4A 4B 4C 4D 4E 4F 50 51 52 53 54 55 56 57 58 59 5A 5B 5C 5D 5E 5F 60 61 62 63 64 65 66 67 68 69 6A 6B 6C 6D 6E 6F 70 71 72 73 74 75 76 77 78 79 7A 7B 7C 7D 7E 7F 80 81 82 83 84 85 86 87 88 89 8A 8B 8C 8D 8E 8F 90 91 92 93 94 95 96 97 98 99 9A 9B 9C 9D 9E 9F A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 AA AB AC AD AE AF B0 B1 B2 B3 B4 B5 B6 B7 B8 B9 BA BB BC BD BE BF C0 C1 C2 C3 C4 C5 C6 C7 C8 C9 CA CB CC CD CE CF D0 D1 D2 D3 D4 D5 D6 D7 D8 D9 DA DB DC DD DE DF E0 E1 E2 E3 E4 E5 E6 E7 E8 E9 EA EB EC ED EE EF F0 F1 F2 F3 F4 F5 F6 F7 F8 F9 FA FB FC FD FE FF' AS x FROM frames)))))));

-- Optional, additive (schema versions 1 to 6, with or without it): the state every
-- node's tables were in just after event `seq`, as JSON, stored by the run that
-- records: fold-5 every snapshot_interval events; fold-6 (the same state) at least
-- snapshot_interval events apart and, after a snapshot of L characters, not
-- before 12 * L / 20 events more (store/snapshot-cadence.ts); fold-7 the same
-- state, compressed (raw DEFLATE, a BLOB: store/snapshot-codec.ts), L its bytes; fold-8
-- the same, each port's queue written flat (state/state-snapshot.ts). Readers never
-- write it (`state` and `step` of older hoplabs did); they ignore snapshots
-- whose meta snapshot_format names another fold. A reader may ignore it.
CREATE TABLE snapshots (
  seq   INTEGER PRIMARY KEY, -- events.seq the state follows
  state TEXT NOT NULL        -- JSON: nodes (ports, routes, neigh, fdb), frames in flight (fold-7: deflated, a BLOB)
);
