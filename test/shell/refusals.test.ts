import { describe, expect, it } from 'vitest';
import { fixtureText } from '../helpers/fixtures.js';
import { oracleNotes, outputs, runScript } from './harness.js';

// What iproute2, the kernel, bash and coreutils' sleep refuse, as the oracle's
// R1-refusals recorded it (test/fixtures/oracle/README.md): each command runs
// in a script and must print what Linux printed and end with its status.

const NOTES = oracleNotes(fixtureText('oracle/R1-refusals/notes.txt'));

/** Every noted command hoplab can run as a script line: all but the bash run. */
const COMMANDS = NOTES.filter((b) => !b.command.startsWith('bash '));

describe('what Linux refuses, a script refuses in the same words and with the same status', () => {
  const script = ['ip netns add rf', ...COMMANDS.map((b) => b.command)];
  const { events, runner } = runScript(script.join('\n'), 'refusals.sh');
  const printed = outputs(events).slice(1);
  const statusOf = (line: number): number => runner.failures.find((f) => f.line === line)?.status ?? 0;

  it.each(COMMANDS.map((b, i) => [b.command, b, i] as const))('%s', (_command, oracle, i) => {
    expect(printed[i]!.lines.map((l) => l.replace(/^2> /, ''))).toEqual(oracle.output);
    expect(statusOf(i + 2)).toBe(oracle.status);
  });
});

describe('a quote left open to the end of the file', () => {
  it("is bash's syntax error at the quote's line, status 2, after the lines before it ran", () => {
    const oracle = NOTES.find((b) => b.command.startsWith('bash '))!;
    const { events, runner } = runScript('echo first\necho "unterminated\n', './unterminated.sh');
    expect(outputs(events).flatMap((o) => o.lines.map((l) => l.replace(/^2> /, '')))).toEqual(oracle.output);
    expect(runner.failures).toEqual([{ line: 2, status: oracle.status }]);
  });

  it('runs on across lines when it closes, as one command with the newline in its word', () => {
    const { events, runner } = runScript("echo 'a\nb' c\necho next\n", 'lab.sh');
    expect(outputs(events).map((o) => o.lines)).toEqual([['a\nb c'], ['next']]);
    expect(runner.failures).toEqual([]);
  });

  it('is not opened by a quote inside a comment', () => {
    const { events } = runScript("echo one # don't\necho two\n", 'lab.sh');
    expect(outputs(events).map((o) => o.lines)).toEqual([['one'], ['two']]);
  });
});

describe('sleep', () => {
  it('adds up its operands, with suffixes, hexadecimal and exponents, as GNU sleep does', () => {
    const { events } = runScript('sleep 1m 0.5s 0x1p-1 2e-1\necho woke', 'lab.sh');
    const woke = events.find((e) => e.kind === 'command' && e.text === 'echo woke')!;
    expect(woke.t).toBe(61_200_000_000);
  });

  it('fails in hoplab words, without waiting, past the virtual clock (2^53 ns), and the next line runs', () => {
    const { events, runner } = runScript('sleep 1e20\nsleep inf\necho next', 'lab.sh');
    const o = outputs(events);
    expect(o[0]!.lines[0]).toMatch(/^2> lab\.sh:1: sleep 1e20: hoplab's virtual clock stops at 2\^53 ns/);
    expect(o[2]!.lines).toEqual(['next']);
    expect(runner.failures).toEqual([
      { line: 1, status: 1 },
      { line: 2, status: 130 },
    ]);
  });

  it('sleeps for ever on inf, until interrupted as Ctrl-C would after 4 s (status 130, as bash reports SIGINT)', () => {
    const { events, runner } = runScript('sleep inf\necho next', 'lab.sh');
    const o = outputs(events);
    expect(o[0]!.lines[0]).toMatch(/^2> lab\.sh:1: this command runs until Ctrl-C; hoplab interrupts it after 4 s of virtual time/);
    expect(o[1]!.lines).toEqual(['next']);
    expect(runner.failures).toEqual([{ line: 1, status: 130 }]);
    expect(events.at(-1)!.t).toBe(4e9);
  });
});

describe('sudo', () => {
  it('alone fails, status 1, as sudo does without a command', () => {
    const { events, runner } = runScript('sudo\nsudo -E\nsudo echo hi', 'lab.sh');
    const o = outputs(events);
    expect(o[0]!.lines[0]).toMatch(/^2> lab\.sh:1: sudo needs a command/);
    expect(o[2]!.lines).toEqual(['hi']);
    expect(runner.failures).toEqual([
      { line: 1, status: 1 },
      { line: 2, status: 1 },
    ]);
  });
});

describe('ping past 65535 requests', () => {
  it('wraps the 16-bit sequence as iputils does: 65535, then 0, no duplicate, no loss', () => {
    const oracle = fixtureText('oracle/R1-refusals/notes.txt');
    const wrap = oracle.slice(oracle.indexOf('## ping -c 65538')).split('\n').slice(1, 6);
    const { events, runner } = runScript(
      ['ip netns add a', 'ip -n a link set lo up', 'ip netns exec a ping -c 65538 -i 0 127.0.0.1'].join('\n'),
      'lab.sh',
    );
    const lines = outputs(events).at(-1)!.lines;
    const replies = lines.filter((l) => l.includes('icmp_seq='));
    expect(replies.slice(65533, 65538).map((l) => l.replace(/time=[\d.]+ ms/, 'time=T ms'))).toEqual(wrap);
    expect(lines.some((l) => l.includes('DUP!'))).toBe(false);
    expect(lines).toContain('65538 packets transmitted, 65538 received, 0% packet loss, time 0ms');
    expect(runner.failures).toEqual([]);
  });
});
