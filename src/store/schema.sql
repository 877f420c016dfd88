-- hoplab recording, schema version 5 (version 4 had no copy column in the
-- events view: a reader derived it from the cause links; version 3 had no channel column: an app
-- line's stream was told from its text; version 2 had no template
-- descriptions; version 1 stored the events view as a table).
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
-- A storm of a million events holds under a hundred of these. A sentence that
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
  config TEXT                 -- config: the change, a JSON object (version 4; README, "Configuration events")
);

-- One row per event, in execution order: five integers, so that recording a
-- storm costs little more than SQLite's append of a small row.
CREATE TABLE event_log (
  seq         INTEGER PRIMARY KEY, -- 1, 2, 3 ... in execution order
  t           INTEGER NOT NULL,    -- virtual time, integer nanoseconds
  frame       INTEGER,             -- frames.id
  cause       INTEGER,             -- events.seq of the event that led to this one
  description INTEGER NOT NULL     -- descriptions.id
);

-- What to query: one row per event with every column (schema version 1 kept
-- these columns in a table of this name, so its queries still work).
-- CROSS JOIN keeps event_log the outer loop: a scan in seq order, one
-- primary-key lookup per event.
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
CREATE VIEW events AS
  SELECT l.seq, l.t, d.kind, d.node, d.port, l.frame, l.cause,
         CASE WHEN d.template IS NULL THEN d.why
              ELSE replace(d.why, '{arp.target}', (SELECT a.target FROM arp_targets AS a WHERE a.frame = l.frame)) END AS why,
         d.out, d.reason, d.mac, d."from", d.ip, d.state, d.text, d.senders, d.channel, d.config,
         CASE WHEN l.frame IS NULL THEN NULL WHEN d.kind = 'tx' THEN l.seq WHEN d.kind = 'rx' THEN l.cause
              ELSE (SELECT CASE cd.kind WHEN 'tx' THEN c.seq WHEN 'rx' THEN c.cause
                           ELSE (SELECT CASE gd.kind WHEN 'tx' THEN g.seq WHEN 'rx' THEN g.cause END
                                 FROM event_log AS g JOIN descriptions AS gd ON gd.id = g.description
                                 WHERE g.seq = c.cause AND g.frame = l.frame) END
                    FROM event_log AS c JOIN descriptions AS cd ON cd.id = c.description
                    WHERE c.seq = l.cause AND c.frame = l.frame) END AS copy
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

-- Optional, additive (schema versions 1 to 5, with or without it): the state every
-- node's tables were in just after event `seq`, as JSON, every
-- snapshot_interval events, stored by the run that records. Readers never
-- write it (`state` and `step` of older hoplabs did); they ignore snapshots
-- whose meta snapshot_format names another fold. A reader may ignore it.
CREATE TABLE snapshots (
  seq   INTEGER PRIMARY KEY, -- events.seq the state follows
  state TEXT NOT NULL        -- JSON: nodes (ports, routes, neigh, fdb), frames in flight
);
