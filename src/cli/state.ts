import { stateJson, stateText } from '../state/state-format.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { StateSeeker } from '../store/snapshots.js';
import { SqliteRecordingReader } from '../store/sqlite-reader.js';
import { summarizeFrame } from '../wire/decode.js';
import { UsageError } from './usage-error.js';

export interface StateFlags {
  at: number;
  node?: string;
  json?: boolean;
}

/** `hoplab state REC.db --at SEQ`: every node's tables just after event SEQ, rebuilt from the events. */
export async function stateCommand(path: string, flags: StateFlags): Promise<number> {
  const reader = new SqliteRecordingReader(path);
  try {
    const last = reader.status().events;
    if (flags.at > last) throw new UsageError(`--at: ${flags.at} is past the recording's last event (#${last})`);
    const nodes = reader.header().nodes.map((n) => n.name);
    if (flags.node !== undefined && !nodes.includes(flags.node)) {
      throw new UsageError(`--node: no node '${flags.node}' in this recording (nodes: ${nodes.join(', ')})`);
    }
    const seeker = new StateSeeker(path, reader);
    try {
      const state = seeker.stateAt(flags.at);
      const summary = (id: number): string | undefined => {
        const bytes = reader.frame(id);
        return bytes ? summarizeFrame(bytes) : undefined;
      };
      const out = new LineWriter(1);
      if (flags.json) out.line(JSON.stringify(stateJson(state, summary, flags.node)));
      else for (const line of stateText(state, summary, flags.node)) out.line(line);
      out.flush();
    } finally {
      seeker.close();
    }
  } finally {
    reader.close();
  }
  return 0;
}
