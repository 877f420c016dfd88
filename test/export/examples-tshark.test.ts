/**
 * Every example in recordings/ (YAML topologies and shell scripts) run with `--pcap`, and
 * the capture read back by tshark with checksum validation: no malformed packet, no bad
 * checksum, no expert error; every packet at a node:port interface, with a direction and
 * a comment. One test per example, so that each has its own time budget on a busy machine.
 */

import { execFile, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../helpers/cli.js';

const run = promisify(execFile);
const haveTshark = spawnSync('which', ['tshark'], { stdio: 'ignore' }).status === 0;
const skipped = haveTshark ? '' : ' [skipped: tshark is not installed here; CI installs it]';

const EXAMPLES = readdirSync(join(REPO, 'recordings'))
  .filter((f) => /\.(ya?ml|sh)$/.test(f))
  .sort();
const BAD =
  '_ws.malformed || ip.checksum.status == "Bad" || icmp.checksum.status == "Bad" || udp.checksum.status == "Bad" || _ws.expert.severity == error';

interface Checked {
  example: string;
  bad: string;
  fields: string[][];
}

async function check(example: string, dir: string): Promise<Checked> {
  const pcap = join(dir, `${example}.pcapng`);
  try {
    await run(
      process.execPath,
      [join(REPO, 'bin/hoplab'), 'run', join('recordings', example), '-o', join(dir, `${example}.db`), '--quiet', '--pcap', pcap],
      { cwd: REPO, env: { ...process.env, NO_COLOR: '1' } },
    );
  } catch (e) {
    // A script whose lines fail on purpose (as Linux's would) exits 1 and still writes everything.
    if ((e as { code?: number }).code !== 1) throw e;
  }
  const tshark = (args: string[]): Promise<string> =>
    run('tshark', ['-r', pcap, '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', ...args], { maxBuffer: 1 << 26 }).then(
      (r) => r.stdout,
    );
  const [bad, fields] = await Promise.all([
    tshark(['-Y', BAD]),
    tshark(['-T', 'fields', '-e', 'frame.interface_name', '-e', 'frame.packet_flags_direction', '-e', 'frame.comment']),
  ]);
  return {
    example,
    bad,
    fields: fields
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t')),
  };
}

describe('every example recording, exported live and read by tshark', () => {
  const dir = tempDir();
  it('covers more than one example', () => {
    expect(EXAMPLES.length).toBeGreaterThan(1);
  });

  it.skipIf(!haveTshark).each(EXAMPLES)(
    `%s: no malformed packet, bad checksum or error; every packet explained${skipped}`,
    async (example) => {
      const r = await check(example, dir);
      expect({ example: r.example, bad: r.bad }).toEqual({ example: r.example, bad: '' });
      expect(r.fields.length, `${r.example} has packets`).toBeGreaterThan(0);
      for (const [name, direction, comment] of r.fields) {
        expect(name, r.example).toMatch(/^[^:\s]+:[^:\s]+$/);
        expect(['0x00000001', '0x00000002'], r.example).toContain(direction);
        expect(comment, r.example).toMatch(/^#\d+ (tx|rx|drop|collision) /);
      }
    },
  );
});
