-- hoplab recording, schema version 1.
-- A public interface: query it with sqlite3. See README.md, "The recording".
-- One file per run: the topology source, the scenario, the seed, every event,
-- and every distinct frame's bytes stored once and referenced by id.

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

CREATE TABLE events (
  seq    INTEGER PRIMARY KEY, -- 1, 2, 3 ... in execution order
  t      INTEGER NOT NULL,    -- virtual time, integer nanoseconds
  kind   TEXT NOT NULL,       -- command tx rx deliver forward flood filter drop learn move age collision neigh link app
  node   TEXT NOT NULL,
  port   TEXT,
  frame  INTEGER,             -- frames.id
  cause  INTEGER,             -- events.seq of the event that led to this one
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

-- Optional, additive (schema version 1 with or without it): the state every
-- node's tables were in just after event `seq`, as JSON, every
-- snapshot_interval events. `hoplab state` and `hoplab step` fill it the
-- first time they seek through a writable recording; they rebuild it when
-- meta snapshot_format names another fold. A reader may ignore it.
CREATE TABLE snapshots (
  seq   INTEGER PRIMARY KEY, -- events.seq the state follows
  state TEXT NOT NULL        -- JSON: nodes (ports, routes, neigh, fdb), frames in flight
);
