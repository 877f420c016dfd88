import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hoplab, tempDir } from '../helpers/cli.js';

const dir = tempDir();
const storm = join(dir, 'storm.db');
hoplab(['run', 'recordings/triangle-storm.yaml', '-o', storm, '--quiet']);

/** Runs a scripted walk; returns the output blocks (one per command, the opening one first). */
function walk(commands: string[], args: string[] = []): string[] {
  const r = hoplab(['step', storm, ...args], { input: `${commands.join('\n')}\n` });
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
  return r.stdout.trimEnd().split('\n\n');
}

/** The seq of the event a block lands on. */
const seqOf = (block: string): number => Number(/^#(\d+)\s/m.exec(block)?.[1] ?? NaN);

describe('hoplab step, scripted (stdin is not a terminal)', () => {
  it('walks the triangle storm: next x20, cause, previous x5, filter flood, go to 500', () => {
    const blocks = walk([...Array(20).fill('next'), 'cause', ...Array(5).fill('prev'), 'filter flood', 'goto 500', 'next', 'n 3', 'q']);
    expect(blocks[0]).toMatch(
      /^storm\.db: 3000 events; at #1 \(help lists the commands\)\n#1 +0\.000000000 +h1 +command +arping -c 1 10\.0\.0\.2\n {2}why: the scenario runs `arping -c 1 10\.0\.0\.2` on h1$/,
    );
    const seqs = blocks.slice(1).map(seqOf);
    expect(seqs.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    // #21 is h2 noting h1's MAC from the request; its cause is h2 reading that request.
    expect(blocks[20]).toMatch(
      /^#21 .* h2:eth0 +neigh +h2 notes from the ARP request that 10\.0\.0\.1 is at \S+, unconfirmed \(STALE\) \(#20\)$/,
    );
    expect(seqs[20]).toBe(20);
    expect(blocks[21]).toMatch(/h2:eth0 +deliver +h2 is 10\.0\.0\.2, so it answers/);
    expect(seqs.slice(21, 26)).toEqual([19, 18, 17, 16, 15]);
    // The filter lands on the first flood from #15 on: sw3 flooding the copy that came round.
    expect(blocks[27]).toMatch(
      /^\(filter: flood\)\n#16 .* sw3:p2 +flood +the frame is a broadcast, so sw3 sends it out of every port but p2: p1, p3 \(#14\)\n {2}copy #8$/,
    );
    expect(blocks[28]).toMatch(/^#500 .* sw3:p2 +rx /);
    // Under the filter, next goes from flood to flood.
    expect(blocks[29]).toMatch(/^#502 .* sw3:p2 +flood /);
    expect(seqOf(blocks[30]!)).toBeGreaterThan(502);
    expect(blocks[30]).toMatch(/^#\d+ .* flood /);
    expect(blocks).toHaveLength(31);
  });

  it('follows one copy of a frame, jumps to causes, goes to a time, searches', () => {
    const blocks = walk([
      'goto 7',
      'N',
      'N',
      'P',
      'c',
      'c',
      'c',
      'c',
      'time 0.000004s',
      '/move',
      '?learns',
      'goto 1',
      'c',
      'prev',
      'goto 9999',
      'bogus',
    ]);
    // sw1 floods one frame out of p2 (#7) and p3 (#8), byte for byte the same: N follows
    // the copy sent out of p2 to its rx at sw2 (#9), not to sw1's other copy (#8).
    expect(seqOf(blocks[1]!)).toBe(7);
    expect(blocks[1]).toMatch(/\n {2}copy #7$/);
    expect(blocks[2]).toMatch(/^#9 .* sw2:p3 +rx .*\n {2}why: .*\n {2}copy #7$/);
    expect(blocks[3]).toMatch(/^#11 .* sw2:p3 +flood .*\n {2}copy #7$/);
    expect(seqOf(blocks[4]!)).toBe(9);
    // Causes back to the command: the rx (#9) came of sw1's tx (#7), of its flood (#6), of its rx (#4).
    expect(blocks[5]).toMatch(/^#7 .* sw1:p2 +tx /);
    expect(blocks[6]).toMatch(/^#6 .* sw1:p1 +flood /);
    expect(seqOf(blocks[7]!)).toBe(4);
    expect(seqOf(blocks[8]!)).toBe(3);
    expect(blocks[9]).toMatch(/^#19 +0\.000004008 /);
    expect(blocks[10]).toMatch(/^#24 .* move +sw3 now sees/);
    expect(blocks[11]).toMatch(/^#15 .* learn +sw3 learns/);
    expect(blocks[13]).toBe('(#1 is a scenario command: nothing caused it)');
    expect(blocks[14]).toBe('(no earlier event exists (still at #1))');
    expect(blocks[15]).toBe("(goto: no event '9999' (events are #1 to #3000))");
    expect(blocks[16]).toBe("(unknown command 'bogus' (help lists them))");
  });

  it('walks the tree of copies: where one ends, the copies made from it, and back to the first sender', () => {
    const blocks = walk(['goto 9', 'N', 'N', ']', 'N', 'N', 'N', '[', '[', '[', 'P', 'goto 5', 'N']);
    expect(blocks[2]).toMatch(/^#11 .* sw2:p3 +flood /);
    expect(blocks[3]).toBe('(copy #7 ends at #11; the copies made from it: #12, #13 (] goes to the first))');
    expect(blocks[4]).toMatch(/^\(copy #12, 1 of 2 copies made from #7: #12, #13\)\n#12 .* sw2:p1 +tx /);
    expect(blocks[5]).toMatch(/^#19 .* h2:eth0 +rx .*\n.*\n {2}copy #12$/);
    expect(blocks[6]).toMatch(/^#20 .* h2:eth0 +deliver /);
    expect(blocks[7]).toBe('(copy #12 ends at #20)');
    expect(blocks[8]).toMatch(/^\(copy #7\)\n#7 .* sw1:p2 +tx /);
    expect(blocks[9]).toMatch(/^\(copy #3\)\n#3 .* h1:eth0 +tx /);
    expect(blocks[10]).toBe('(copy #3 was made from no earlier copy: its sender built the frame)');
    expect(blocks[11]).toBe('(#3 is where copy #3 begins: h1 built the frame)');
    expect(blocks[12]).toMatch(/^#5 .* learn /);
    expect(blocks[13]).toBe('(#5 (learn) carries no frame)');
  });

  it("shows the frame layer by layer and the node's tables", () => {
    const [, , layers, tables] = walk(['goto 4', 'layers', 'tables']);
    expect(layers).toContain('    Ethernet II\n      Destination: ff:ff:ff:ff:ff:ff\n');
    expect(layers).toContain('    ARP\n      Hardware type: 1 (Ethernet)');
    expect(layers).toContain('      Opcode: 1 (request)');
    expect(tables).toMatch(/ {2}sw1 \(switch\)\n {4}ports:\n/);
    // Just after #4 sw1 has not learned yet: the learning is #5.
    expect(tables).toMatch(/bridge fdb:\n {6}\(empty\)/);
  });

  it('gives the same tables stepping backwards as forwards', () => {
    const blocks = walk(['tables', 'goto 1234', 'goto 2999', 'goto 1234', 'prev', 'next', 'goto 1', 'goto 1234']);
    const at1234 = [blocks[2], blocks[4], blocks[6], blocks[8]];
    expect(seqOf(at1234[0]!)).toBe(1234);
    expect(at1234[0]).toMatch(/bridge fdb:|ip neigh:/);
    for (const b of at1234) expect(b).toBe(at1234[0]);
  });

  it('says what is wrong with a filter, and clears it', () => {
    const blocks = walk(['filter kind=nope', 'filter sw9', 'filter node=sw2 proto=arp', 'next', 'filter off', 'next']);
    expect(blocks[1]).toMatch(/^\(filter: kind: unknown 'nope' \(one of: command, tx, /);
    expect(blocks[2]).toMatch(/^\(filter: 'sw9' is not a kind .* or a node \(h1, h2, h3, sw1, sw2, sw3\)\)$/);
    expect(blocks[3]).toMatch(/^\(filter: node=sw2 proto=arp\)\n#9 .* sw2:p3 +rx /);
    expect(seqOf(blocks[4]!)).toBe(11);
    expect(seqOf(blocks[6]!)).toBe(seqOf(blocks[4]!) + 1);
  });
});

describe('hoplab step: packets held while ARP resolves', () => {
  const router = join(dir, 'router.db');
  hoplab(['run', 'recordings/router-2-networks.yaml', '-o', router, '--quiet']);

  it("shows in the node's tables the packet an INCOMPLETE entry holds, and nothing once it is released", () => {
    const r = hoplab(['step', router], { input: 'tables\ngoto 3\ngoto 15\ngoto 24\nq\n' });
    expect(r.status, r.stderr).toBe(0);
    const [, , host, routerAsks, released] = r.stdout.trimEnd().split('\n\n');
    // h1's ping waits for its gateway's MAC; r1 holds the echo request it forwards until h2 answers.
    expect(host).toContain(
      '>     10.0.1.1 dev eth0 INCOMPLETE\n    held while ARP resolves:\n      the packet of #1 (command ping -c 2 10.0.2.2), for 10.0.1.1 dev eth0 (asked at #3)\n',
    );
    expect(routerAsks).toMatch(
      /\n {4}held while ARP resolves:\n {6}the packet of #14 \(IP 10\.0\.1\.2 > 10\.0\.2\.2: ICMP echo request, id \d+, seq 1, length 64\), for 10\.0\.2\.2 dev eth2 \(asked at #15\)\n/,
    );
    expect(released).toMatch(/^#24 .* r1:eth2 +tx +IP 10\.0\.1\.2 > 10\.0\.2\.2: ICMP echo request/);
    expect(released).not.toContain('held while ARP resolves');
  });
});
