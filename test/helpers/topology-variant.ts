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

/**
 * recordings/switch-3-hosts.yaml with its hosts renamed alice, bob and carol
 * (the same IPs; alice's interface renamed e0 too): a real pair's names.
 */
export function renamedSwitch(dir: string): string {
  const rename = (yaml: string): string =>
    yaml
      .replace(/\bh1\b/g, 'alice')
      .replace(/\bh2\b/g, 'bob')
      .replace(/\bh3\b/g, 'carol')
      .replace('alice: { kind: host, interfaces: { eth0', 'alice: { kind: host, interfaces: { e0')
      .replace('[alice:eth0', '[alice:e0');
  return topologyVariant(dir, 'switch-3-hosts', 'switch-3-renamed', rename, 'on: alice, run: ping -c 2 10.0.0.2');
}
