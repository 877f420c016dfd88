/**
 * End-to-end: Wireshark's own reader (tshark, capinfos) reads what hoplab writes.
 * CI installs tshark; locally the tests are skipped, saying why, if it is missing.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PcapWriter } from '../../src/export/pcap-writer.js';
import { PcapngWriter } from '../../src/export/pcapng-writer.js';
import { fromHex } from './pcapng-test-reader.js';

function has(tool: string): boolean {
  return spawnSync('which', [tool], { stdio: 'ignore' }).status === 0;
}

const haveTshark = has('tshark');
const haveCapinfos = has('capinfos');
const noTshark = haveTshark ? '' : ' [skipped: tshark is not installed here; CI installs it]';
const noCapinfos = haveCapinfos ? '' : ' [skipped: capinfos is not installed here; CI installs it]';

function run(tool: string, args: string[]): string {
  // tshark warns on stderr when run as root; only stdout is the answer.
  return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// ARP who-has 10.1.1.2 tell 10.1.1.1, broadcast (42 bytes: two bytes of EPB padding).
const ARP = fromHex('ffffffffffff8a76fa6d4b4f08060001080006040001 8a76fa6d4b4f0a010101 000000000000 0a010102');
// ICMP echo request 10.1.1.1 -> 10.1.1.2, id 0x1234 seq 1, valid checksums (58 bytes).
const ICMP = fromHex(`
  021a2b3c4d5e 8a76fa6d4b4f 0800
  4500002c00014000400124cc0a0101010a010102
  08002d0a12340001 101112131415161718191a1b1c1d1e1f`);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoplab-tshark-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('pcapng read by tshark', () => {
  it.skipIf(!haveTshark)(`returns interface names, comments, directions and nanosecond timestamps${noTshark}`, () => {
    const file = path.join(dir, 'two-hops.pcapng');
    const w = PcapngWriter.create(file, { userApplication: 'hoplab test' });
    const h1 = w.addInterface('h1:eth0', 'h1 port eth0');
    const sw1 = w.addInterface('sw1:p1', 'sw1 port p1');
    w.writePacket(h1, 1_000_000_001, ARP, 'outbound', '#1 tx h1:eth0: who has 10.1.1.2');
    w.writePacket(sw1, 1_000_250_002, ARP, 'inbound', '#2 rx sw1:p1, cause #1: né');
    w.writePacket(sw1, 1_700_000_000_123_456_789n, ICMP, 'outbound', undefined);
    w.writePacket(h1, 2_000_000_000, ICMP, undefined, 'no direction');
    w.close();

    const out = run('tshark', [
      '-r',
      file,
      '-T',
      'fields',
      '-e',
      'frame.interface_name',
      '-e',
      'frame.comment',
      '-e',
      'frame.packet_flags_direction',
      '-e',
      'frame.time_epoch',
    ]);
    // tshark 4.0 prints the flags field masked to bits 0-1 as 8 hex digits, and an empty
    // column when a field is absent; time_epoch keeps all nine nanosecond digits.
    expect(
      out
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t')),
    ).toEqual([
      ['h1:eth0', '#1 tx h1:eth0: who has 10.1.1.2', '0x00000002', '1.000000001'],
      ['sw1:p1', '#2 rx sw1:p1, cause #1: né', '0x00000001', '1.000250002'],
      ['sw1:p1', '', '0x00000002', '1700000000.123456789'],
      ['h1:eth0', 'no direction', '', '2.000000000'],
    ]);
  });

  it.skipIf(!haveTshark)(`dissects the frames it reads: ARP and a valid ICMP echo request${noTshark}`, () => {
    const file = path.join(dir, 'dissect.pcapng');
    const w = PcapngWriter.create(file);
    const id = w.addInterface('h1:eth0', 'h1 port eth0');
    w.writePacket(id, 0, ARP, 'outbound', 'arp');
    w.writePacket(id, 1, ICMP, 'outbound', 'ping');
    w.close();
    const out = run('tshark', [
      '-r',
      file,
      '-o',
      'ip.check_checksum:TRUE',
      '-T',
      'fields',
      '-E',
      'separator=|',
      '-e',
      'frame.len',
      '-e',
      'arp.dst.proto_ipv4',
      '-e',
      'icmp.type',
      '-e',
      'ip.checksum.status',
      '-e',
      'icmp.checksum.status',
    ]);
    // Checksum status 1 is "Good": the bytes reached the dissectors intact, padding excluded.
    expect(out.trim().split('\n')).toEqual(['42|10.1.1.2|||', '58||8|1|1']);
  });

  it.skipIf(!haveCapinfos)(`capinfos counts packets and interfaces and sees nanosecond precision${noCapinfos}`, () => {
    const file = path.join(dir, 'two.pcapng');
    const w = PcapngWriter.create(file, { userApplication: 'hoplab' });
    w.addInterface('h1:eth0', 'h1');
    w.addInterface('sw1:p1', 'sw1');
    for (let i = 0; i < 5; i++) w.writePacket(i % 2, i, ARP, 'inbound', `#${i}`);
    w.close();
    const out = run('capinfos', ['-c', '-I', '-a', '-A', file]);
    expect(out).toMatch(/Number of packets:\s+5\n/);
    expect(out).toMatch(/Number of interfaces in file: 2\n/);
    expect(out).toMatch(/Name = h1:eth0\n/);
    expect(out).toMatch(/Name = sw1:p1\n/);
  });
});

describe('classic pcap read by capinfos and tshark', () => {
  it.skipIf(!haveCapinfos)(`capinfos reports the packet count and nanosecond pcap${noCapinfos}`, () => {
    const file = path.join(dir, 'classic.pcap');
    const w = PcapWriter.create(file);
    for (let i = 0; i < 7; i++) w.writePacket(0, 1_000_000_000 * i + i, i % 2 === 0 ? ARP : ICMP, 'outbound', 'dropped');
    w.close();
    const out = run('capinfos', ['-t', '-c', '-E', '-l', file]);
    expect(out).toMatch(/File type:\s+Wireshark\/tcpdump\/\.\.\. - nanosecond pcap\n/);
    expect(out).toMatch(/File encapsulation:\s+Ethernet\n/);
    expect(out).toMatch(/Packet size limit:\s+file hdr: 262144 bytes\n/);
    expect(out).toMatch(/Number of packets:\s+7\n/);
  });

  it.skipIf(!haveTshark)(`tshark reads each timestamp to the nanosecond${noTshark}`, () => {
    const file = path.join(dir, 'times.pcap');
    const w = PcapWriter.create(file);
    w.writePacket(0, 3_000_000_007, ARP);
    w.writePacket(0, 1_700_000_000_123_456_789n, ICMP);
    w.close();
    const out = run('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len']);
    expect(out).toBe('3.000000007\t42\n1700000000.123456789\t58\n');
  });
});
