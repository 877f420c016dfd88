import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * A copy of one of recordings/*.yaml, renamed and edited (hosts renamed, a
 * link slowed), written to `dir`: the second topology a diff test compares.
 * `mustContain` checks the edit took.
 */
export function topologyVariant(dir: string, base: string, name: string, edit: (yaml: string) => string, mustContain: string): string {
  const original = readFileSync(`recordings/${base}.yaml`, 'utf8');
  const yaml = edit(original).replace(`name: ${base}`, `name: ${name}`);
  expect(yaml).toContain(mustContain);
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, yaml);
  return path;
}
