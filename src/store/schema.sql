-- hoplab recording, schema version 2 (version 1 stored the events view as a table).
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

CREATE TABLE frames (
  id    INTEGER PRIMARY KEY,
  bytes BLOB NOT NULL       -- the Ethernet frame as on the wire, no preamble, no FCS
);

-- Every distinct description of an event, stored once: everything an event
-- says except when it happened, which frame it concerns and what caused it.
-- A storm of a million events holds under a hundred of these.
CREATE TABLE descriptions (
  id     INTEGER PRIMARY KEY, -- 1, 2, 3 ... in order of first use
  kind   TEXT NOT NULL,       -- command tx rx deliver forward flood filter drop learn move age collision neigh link app
  node   TEXT NOT NULL,
  port   TEXT,
  why    TEXT NOT NULL,       -- the device's reasoning, one sentence
  out    TEXT,                -- forward/flood: out ports, comma-separated
  reason TEXT,                -- drop: not-for-me, ttl-exceeded, no-route, arp-failed, queue-full, collision, link-down, ...
  mac    TEXT,                -- learn/move/age/neigh
  "from" TEXT,                -- move: the previous port
  ip     TEXT,                -- neigh
  state  TEXT,                -- neigh: NUD state; link: up/down
  text   TEXT,                -- command: the command line; app: the printed line
  senders TEXT                -- collision: comma-separated
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
CREATE VIEW events AS
  SELECT l.seq, l.t, d.kind, d.node, d.port, l.frame, l.cause, d.why, d.out, d.reason,
         d.mac, d."from", d.ip, d.state, d.text, d.senders
  FROM event_log AS l CROSS JOIN descriptions AS d ON d.id = l.description;

-- Optional, additive (schema versions 1 and 2, with or without it): the state every
-- node's tables were in just after event `seq`, as JSON, every
-- snapshot_interval events. `hoplab state` and `hoplab step` fill it the
-- first time they seek through a writable recording; they rebuild it when
-- meta snapshot_format names another fold. A reader may ignore it.
CREATE TABLE snapshots (
  seq   INTEGER PRIMARY KEY, -- events.seq the state follows
  state TEXT NOT NULL        -- JSON: nodes (ports, routes, neigh, fdb), frames in flight
);
