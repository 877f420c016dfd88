import type { SimEvent } from '../../src/events/event.js';
import { LiveRun, type RunOptions } from '../../src/pipeline/live-run.js';
import { attachScript } from '../../src/shell/attach.js';
import { loadScriptTopology } from '../../src/topology/script-load.js';
import { isStderrLine } from '../../src/shell/output.js';
import type { ScriptRunner } from '../../src/shell/runner.js';

/** Runs a script in-process to the end; every event, copied. */
export function runScript(
  text: string,
  path = 'test.sh',
  options: RunOptions = {},
): { events: SimEvent[]; runner: ScriptRunner; run: LiveRun } {
  const run = new LiveRun(loadScriptTopology(text, path), options);
  const runner = attachScript(run.network)!;
  const events: SimEvent[] = [];
  run.runSync((e) => events.push({ ...e }));
  return { events, runner, run };
}

export interface LineOutput {
  /** The command as it ran, and where. */
  node: string;
  command: string;
  seq: number;
  /** stdout lines, and stderr lines prefixed `2> `. */
  lines: string[];
}

/**
 * What each script line printed. Lines run one after the other, so what
 * programs print between two command events belongs to the first.
 */
export function outputs(events: SimEvent[]): LineOutput[] {
  const out: LineOutput[] = [];
  for (const e of events) {
    if (e.kind === 'command') out.push({ node: e.node, command: e.text ?? '', seq: e.seq, lines: [] });
    else if (e.kind === 'app' && out.length > 0) out[out.length - 1]!.lines.push(`${isStderrLine(e) ? '2> ' : ''}${e.text ?? ''}`);
  }
  return out;
}

/** MACs, round-trip times and ping's elapsed time aside: what differs between two runs of Linux. */
export function normalise(text: string): string {
  return text
    .replace(/\b(?!00:00:00:00:00:00|ff:ff:ff:ff:ff:ff|33:33:|01:00:5e:)([0-9a-f]{2}:){5}[0-9a-f]{2}\b/g, 'MAC')
    .replace(/time=[\d.]+ ms/g, 'time=T ms')
    .replace(/time \d+ms/g, 'time Tms')
    .replace(/= [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms/g, '= R ms');
}

/** The blocks of an oracle notes.txt: `$ command`, its output, its exit code. */
export function oracleNotes(text: string): Array<{ command: string; output: string[]; status: number }> {
  const blocks: Array<{ command: string; output: string[]; status: number }> = [];
  let current: { command: string; output: string[]; status: number } | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('$ ')) current = { command: line.slice(2), output: [], status: 0 };
    else if (current && line.startsWith('[exit code: ')) {
      current.status = Number(line.slice(12, -1));
      blocks.push(current);
      current = undefined;
    } else current?.output.push(line);
  }
  return blocks;
}
