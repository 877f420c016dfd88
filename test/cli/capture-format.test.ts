import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureFormatFor } from '../../src/export/capture-format.js';
import { hoplab, tempDir } from '../helpers/cli.js';

// A capture's format follows its file's name (`.pcap`: classic pcap, as
// tcpdump -w writes; anything else pcapng) unless --format says otherwise,
// for export, run --pcap and replay --pcap alike.

const dir = tempDir();
const rec = join(dir, 'veth.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the file's first four bytes say it is (pcapng's Section Header Block, or libpcap's nanosecond magic). */
function formatOf(path: string): string {
  const magic = readFileSync(path).readUInt32LE(0);
  if (magic === 0x0a0d0d0a) return 'pcapng';
  if (magic === 0xa1b23c4d || magic === 0xa1b2c3d4) return 'pcap';
  return `unknown magic 0x${magic.toString(16)}`;
}

describe('captureFormatFor', () => {
  it('reads the name when no format is given, and the format wins when it is', () => {
    expect(captureFormatFor('a.pcap')).toBe('pcap');
    expect(captureFormatFor('A.PCAP')).toBe('pcap');
    expect(captureFormatFor('a.pcapng')).toBe('pcapng');
    expect(captureFormatFor('capture')).toBe('pcapng');
    expect(captureFormatFor('a.pcap.gz')).toBe('pcapng');
    expect(captureFormatFor('a.pcap', 'pcapng')).toBe('pcapng');
    expect(captureFormatFor('a.pcapng', 'pcap')).toBe('pcap');
  });
});

describe('the format follows the name through the CLI', () => {
  it('run --pcap x.pcap writes classic pcap; --format pcapng overrides it', () => {
    expect(hoplab(['run', 'recordings/veth-pair.yaml', '-o', rec, '--quiet', '--pcap', join(dir, 'run.pcap')]).status).toBe(0);
    expect(formatOf(join(dir, 'run.pcap'))).toBe('pcap');
    expect(
      hoplab(['run', 'recordings/veth-pair.yaml', '-o', rec, '--quiet', '--pcap', join(dir, 'run2.pcap'), '--format', 'pcapng']).status,
    ).toBe(0);
    expect(formatOf(join(dir, 'run2.pcap'))).toBe('pcapng');
  });

  it('export -o x.pcap writes classic pcap, -o x.pcapng pcapng, and --format wins over the name', () => {
    for (const [name, args, expected] of [
      ['e.pcap', [], 'pcap'],
      ['e.pcapng', [], 'pcapng'],
      ['f.pcap', ['--format', 'pcapng'], 'pcapng'],
      ['f.pcapng', ['--format', 'pcap'], 'pcap'],
    ] as const) {
      const r = hoplab(['export', rec, '-o', join(dir, name), ...args]);
      expect(r.status, r.stderr).toBe(0);
      expect(formatOf(join(dir, name)), name).toBe(expected);
    }
  });

  it('replay --pcap x.pcap writes classic pcap, the same bytes as export -o x.pcap', () => {
    const r = hoplab(['replay', rec, '--speed', '100000', '--pcap', join(dir, 'replay.pcap')]);
    expect(r.status, r.stderr).toBe(0);
    expect(formatOf(join(dir, 'replay.pcap'))).toBe('pcap');
    expect(readFileSync(join(dir, 'replay.pcap'))).toEqual(readFileSync(join(dir, 'e.pcap')));
  });

  it('--format without --pcap is bad input for run and replay', () => {
    for (const args of [
      ['run', 'recordings/veth-pair.yaml', '-o', rec, '--format', 'pcap'],
      ['replay', rec, '--format', 'pcap'],
    ]) {
      const r = hoplab(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('hoplab: --format: says how to write --pcap, which is not given\n');
    }
  });
});
