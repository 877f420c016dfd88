import type Database from 'better-sqlite3';
import { DESCRIPTION_COLUMNS, descriptionFromValues, type Description, type DescriptionValues } from './descriptions.js';
import { legacyChannel } from './legacy-channel.js';

/** Descriptions read per query: ids are given in order of first use, so a scan in seq order reads them in blocks. */
const BLOCK = 1024;
/** Blocks kept before the cache starts afresh: bounds its memory on a recording of millions of distinct descriptions. */
const BLOCKS_KEPT = 256;

/**
 * A recording's descriptions by id, read a block of ids at a time and kept:
 * a storm of a million events needs one query, a recording whose every event
 * reads differently one per BLOCK events.
 */
export class DescriptionCache {
  private readonly blockStmt: Database.Statement;
  private blocks = new Map<number, Array<Description | undefined>>();

  /** `version`: the recording's schema version; before 3, no description is a template; before 4, none has a channel or a configuration change; before 5, none has a VLAN. */
  constructor(
    db: Database.Database,
    private readonly version: number,
  ) {
    const columns = DESCRIPTION_COLUMNS.map((c) =>
      (c === 'template' && version < 3) || ((c === 'channel' || c === 'config') && version < 4) || (c === 'vlan' && version < 5)
        ? 'NULL'
        : c,
    );
    this.blockStmt = db.prepare(`SELECT ${columns.join(', ')} FROM descriptions NOT INDEXED WHERE id >= ? AND id < ? ORDER BY id`).raw();
  }

  /** The description with this id, or undefined if the recording holds none. */
  get(id: number): Description | undefined {
    const index = Math.floor(id / BLOCK);
    const block = this.blocks.get(index) ?? this.load(index);
    return block[id - index * BLOCK];
  }

  private load(index: number): Array<Description | undefined> {
    const block = new Array<Description | undefined>(BLOCK);
    for (const v of this.blockStmt.all(index * BLOCK, (index + 1) * BLOCK) as DescriptionValues[])
      block[v[0] - index * BLOCK] = this.version < 4 ? withLegacyChannel(descriptionFromValues(v)) : descriptionFromValues(v);
    if (this.blocks.size === BLOCKS_KEPT) this.blocks = new Map();
    this.blocks.set(index, block);
    return block;
  }
}

/** A schema 1–3 app line's channel, told from its text as hoplab then did (legacy-channel.ts). */
function withLegacyChannel(d: Description): Description {
  if (d.kind === 'app') d.channel = legacyChannel(d.why, d.text);
  return d;
}
