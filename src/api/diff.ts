import { diffRecordingFiles } from '../compare/diff-parallel.js';
import type { DiffReport } from '../compare/diff-report.js';

/**
 * Compares two recordings of the same scenario on two topologies: per
 * scenario step and per host, and the first forwarding decision that
 * differs, with each side's reasoning back to the command. Rejects with
 * ScenarioMismatch (bad input) when the two ran different traffic.
 * `options.map` pairs nodes of A with differently named nodes of B
 * (`[['h1', 'alice']]`); without it, hosts are paired by name, else by IP address.
 * `progress` hears how many events both sides have read, and the virtual time reached.
 */
export function diff(
  pathA: string,
  pathB: string,
  progress?: (events: number, t: number) => void,
  options: { map?: Array<[string, string]> } = {},
): Promise<DiffReport> {
  return diffRecordingFiles(pathA, pathB, progress, options.map);
}
