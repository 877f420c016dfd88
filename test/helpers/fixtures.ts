// Files the tests compare against, all inside the repository (test/fixtures/):
// the real kernel's traces (oracle/, see its README) and the namespace
// tutorial the project comes from (tutorial.sh).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The oracle's results: one folder per scenario (S1-veth-pair, ...). */
export const ORACLE_RESULTS = `${FIXTURES}oracle`;

/** A fixture's text, by its path under test/fixtures/. */
export function fixtureText(path: string): string {
  return readFileSync(`${FIXTURES}${path}`, 'utf8');
}
