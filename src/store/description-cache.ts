import type Database from 'better-sqlite3';
import { DESCRIPTION_COLUMNS, descriptionFromValues, type Description, type DescriptionValues } from './descriptions.js';
import { legacyChannel } from './legacy-channel.js';
import { RecentlyMet } from './recently-met.js';

/** Descriptions read per query: ids are given in order of first use, so a scan in seq order reads them in blocks. */
const BLOCK = 1024;
/**
 * Blocks kept, at least, before the cache forgets those not met since it last
 * looked (recently-met.ts). It kept 256 and then started afresh: on
 * hosts pinging, whose every printed line is a description of its own, the
 * cache filled with lines read once, and `hoplab export` of 2M events of 100
 * pinging pairs peaked at 287 MB of RSS (BENCHMARKS.md, issue 21).
 */
const BLOCKS_KEPT = 32;

/** A block of descriptions, and whether it was met since the last sweep. */
interface Block {
  descriptions: Array<Description | undefined>;
  met: boolean;
}

/**
 * A recording's descriptions by id, read a block of ids at a time and kept
 * while they are met: a storm of a million events needs one query, a
 * recording whose every event reads differently one per BLOCK events. The
 * blocks of a topology's recurring descriptions stay, however many there are
 * (all 52 of the 5,000-host tree's 2M events); those of lines read once go.
 */
export class DescriptionCache {
  private readonly blockStmt: Database.Statement;
  private readonly blocks: RecentlyMet<number, Block>;

  /**
   * `version`: the recording's schema version; before 3, no description is a template; before 4, none has a channel or a
   * configuration change; before 5, none has a VLAN. `block`, `kept`: ids a query reads, blocks kept before a sweep (smaller in tests).
   */
  constructor(
    db: Database.Database,
    private readonly version: number,
    private readonly block = BLOCK,
    kept = BLOCKS_KEPT,
  ) {
    this.blocks = new RecentlyMet(kept);
    const columns = DESCRIPTION_COLUMNS.map((c) =>
      (c === 'template' && version < 3) || ((c === 'channel' || c === 'config') && version < 4) || (c === 'vlan' && version < 5)
        ? 'NULL'
        : c,
    );
    this.blockStmt = db.prepare(`SELECT ${columns.join(', ')} FROM descriptions NOT INDEXED WHERE id >= ? AND id < ? ORDER BY id`).raw();
  }

  /** The description with this id, or undefined if the recording holds none. */
  get(id: number): Description | undefined {
    const index = Math.floor(id / this.block);
    const block = this.blocks.get(index) ?? this.load(index);
    return block.descriptions[id - index * this.block];
  }

  private load(index: number): Block {
    const size = this.block;
    const descriptions = new Array<Description | undefined>(size);
    for (const v of this.blockStmt.all(index * size, (index + 1) * size) as DescriptionValues[])
      descriptions[v[0] - index * size] = this.version < 4 ? withLegacyChannel(descriptionFromValues(v)) : descriptionFromValues(v);
    const block = { descriptions, met: true };
    this.blocks.set(index, block);
    return block;
  }
}

/** A schema 1–3 app line's channel, told from its text as hoplab then did (legacy-channel.ts). */
function withLegacyChannel(d: Description): Description {
  if (d.kind === 'app') d.channel = legacyChannel(d.why, d.text);
  return d;
}
