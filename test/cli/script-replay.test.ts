import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

// A script's recording replays and re-simulates like any other: its command
// lines, what the commands printed, and every hop, event for event.

const TUTORIAL = join(REPO, 'test', 'fixtures', 'tutorial.sh');
let rec: string;

beforeAll(() => {
  rec = join(tempDir(), 'tutorial.db');
  hoplab(['run', TUTORIAL, '-o', rec, '--quiet']);
});

describe('a script recording', () => {
  it('replays the recorded stream, command lines and program output included', () => {
    const replay = hoplab(['replay', rec, '--speed', '1000000', '--kind', 'command,app']);
    expect(replay.status).toBe(0);
    expect(replay.stdout).toMatch(/ root +command +ip link set veth1 netns netns1\n/);
    expect(replay.stdout).toMatch(/ netns1 +app +2: veth1@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN/);
  });

  it('re-simulates to the same events: the script, the seed and the limits are all in the recording', () => {
    const verify = hoplab(['verify', rec]);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/identical: \d+ events re-simulated/);
  });
});
