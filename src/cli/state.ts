import { openRecording } from '../api/recording.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { UsageError } from './usage-error.js';

export interface StateFlags {
  at: number;
  node?: string;
  json?: boolean;
}

/** `hoplab state REC.db --at SEQ`: every node's tables just after event SEQ, rebuilt from the events. */
export async function stateCommand(path: string, flags: StateFlags): Promise<number> {
  const recording = openRecording(path);
  const out = new LineWriter(1);
  try {
    const last = recording.status().events;
    if (flags.at > last) throw new UsageError(`--at: ${flags.at} is past the recording's last event (#${last})`);
    const nodes = recording.header().nodes.map((n) => n.name);
    if (flags.node !== undefined && !nodes.includes(flags.node)) {
      throw new UsageError(`--node: no node '${flags.node}' in this recording (nodes: ${nodes.join(', ')})`);
    }
    if (flags.json) out.line(JSON.stringify(recording.stateJson(flags.at, flags.node)));
    else for (const line of recording.stateText(flags.at, flags.node)) out.line(line);
  } finally {
    out.flush();
    recording.close();
  }
  return 0;
}
