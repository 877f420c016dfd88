import { join } from 'node:path';
import { oracleNotes } from '../shell/harness.js';
import { type CliResult, REPO, hoplab } from './cli.js';
import { fixtureText } from './fixtures.js';

// A script the oracle ran line by line (test/fixtures/oracle/run-oracle-i6.sh
// with SCRIPT=...), and the same script through `hoplab run`: what each line
// printed and exited with on both, by line number, for the tests that compare
// them (iproute-i6, iproute-rename, route-append).

/** One command line of the script, by its line number, with what Linux printed and exited with. */
export interface OracleLine {
  line: number;
  text: string;
  oracle: { command: string; output: string[]; status: number };
}

/** The command lines of test/fixtures/SCRIPT (blank and comment lines skipped), each beside its block of the oracle's NOTES. */
export function oracleLines(script: string, notes: string): { lines: OracleLine[]; notes: OracleLine['oracle'][] } {
  const blocks = oracleNotes(fixtureText(notes));
  const lines = fixtureText(script)
    .split('\n')
    .flatMap((text, i) => (text.trim() === '' || text.startsWith('#') ? [] : [{ line: i + 1, text }]))
    .map((l, k) => ({ ...l, oracle: blocks[k]! }));
  return { lines, notes: blocks };
}

/** What `hoplab run --json` of a script printed per line (its `app` lines), each line's `command` event, and the lines that failed, with their status. */
export interface ScriptRun {
  run: CliResult;
  printed: Map<number, string[]>;
  commandSeq: Map<number, number>;
  failed: Map<number, number>;
}

/** Runs test/fixtures/SCRIPT through `bin/hoplab run --json -o DB` and sorts what it printed by script line. */
export function runScriptLines(script: string, db: string): ScriptRun {
  const run = hoplab(['run', join(REPO, 'test/fixtures', script), '--json', '-o', db]);
  const printed = new Map<number, string[]>();
  const commandSeq = new Map<number, number>();
  const failed = new Map<number, number>();
  let current: string[] = [];
  for (const json of run.stdout.split('\n').filter(Boolean)) {
    const e = JSON.parse(json) as { kind: string; seq: number; why: string; text?: string };
    if (e.kind === 'command') {
      const line = Number(/^line (\d+) of/.exec(e.why)![1]);
      printed.set(line, (current = []));
      commandSeq.set(line, e.seq);
    } else if (e.kind === 'app') current.push(e.text ?? '');
  }
  for (const m of run.stderr.matchAll(/line (\d+) \(status (\d+)\)/g)) failed.set(Number(m[1]), Number(m[2]));
  return { run, printed, commandSeq, failed };
}
