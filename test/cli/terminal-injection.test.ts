import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { printable } from '../../src/events/printable.js';
import { hoplab, tempDir } from '../helpers/cli.js';

// Names, texts and sentences come from files anyone may write; what hoplab
// prints shows their control characters instead of letting a terminal obey
// them (a screen clear, a new window title, an OSC 52 clipboard write).

const ESC = '\x1b';
const CLIPBOARD = `${ESC}]52;c;aGVsbG8=\x07`;
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What reaches the terminal, with the colour codes hoplab itself may use set aside. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the test
const raw = (text: string): boolean => /[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(text.replace(/\x1b\[[0-9;]*m/g, ''));

describe('printable', () => {
  it('writes control characters as visible escapes, keeps tab, newline, text and colour', () => {
    expect(printable(`a${ESC}[2Jb`)).toBe('a\\x1b[2Jb');
    expect(printable(CLIPBOARD)).toBe('\\x1b]52;c;aGVsbG8=\\x07');
    expect(printable('bell\x07 del\x7f csi\x9b')).toBe('bell\\x07 del\\x7f csi\\x9b');
    expect(printable('tab\there\nnext ünïcödé')).toBe('tab\there\nnext ünïcödé');
    expect(printable(`${ESC}[31mred${ESC}[0m`)).toBe(`${ESC}[31mred${ESC}[0m`);
  });
});

describe('hostile names and texts, end to end', () => {
  // A topology's own name may be any string; node names may not (the loader refuses them).
  const yaml = join(dir, 'hostile.yaml');
  writeFileSync(
    yaml,
    [
      'name: "lab\\e]0;pwned\\a"',
      'nodes:',
      '  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } } }',
      '  h2: { kind: host, interfaces: { eth0: { ip: 10.0.0.2/24 } } }',
      'links:',
      '  - [h1:eth0, h2:eth0]',
      'scenario:',
      '  - { at: 0s, on: h1, run: "ping -c 1 10.0.0.2" }',
      '',
    ].join('\n'),
  );
  const rec = join(dir, 'hostile.db');
  const run = hoplab(['run', yaml, '-o', rec]);

  it("run prints its summary with the topology's name escaped", () => {
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('hoplab: lab\\x1b]0;pwned\\x07: ');
    expect(raw(run.stderr)).toBe(false);
    expect(raw(run.stdout)).toBe(false);
  });

  it('a node name refused by the loader is quoted escaped in the message', () => {
    const bad = join(dir, 'bad-name.yaml');
    writeFileSync(bad, 'nodes:\n  "h1\\e[2J": { kind: host }\n');
    const r = hoplab(['run', bad, '-o', join(dir, 'bad.db')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("'h1\\x1b[2J' is not a node name");
    expect(raw(r.stderr)).toBe(false);
  });

  it('events, state, trace and stats of a recording edited to hold escape sequences print them escaped', () => {
    const db = new Database(rec);
    // The line printer shows a decision's sentence (a tx shows its frame instead); --json shows every why.
    db.prepare("UPDATE descriptions SET why = ? WHERE kind IN ('neigh', 'tx')").run(`asks ${CLIPBOARD} now`);
    db.prepare("UPDATE descriptions SET text = ? WHERE kind = 'app'").run(`64 bytes ${ESC}[2J`);
    db.prepare("UPDATE descriptions SET node = ? WHERE node = 'h2'").run(`h2${ESC}[2J`);
    db.prepare("UPDATE nodes SET name = ? WHERE name = 'h2'").run(`h2${ESC}[2J`);
    db.close();
    for (const args of [
      ['events', rec],
      ['state', rec, '--at', '5'],
      ['trace', rec, '2'],
      ['stats', rec],
    ]) {
      const r = hoplab(args);
      expect(r.status, `${args[0]}: ${r.stderr}`).toBe(0);
      expect(raw(r.stdout), args[0]).toBe(false);
    }
    const events = hoplab(['events', rec]).stdout;
    expect(events).toContain('\\x1b]52;c;aGVsbG8=\\x07');
    expect(events).toContain('h2\\x1b[2J');
    const json = hoplab(['events', rec, '--json', '--kind', 'tx']).stdout;
    expect(raw(json)).toBe(false);
    expect(JSON.parse(json.split('\n')[0]!).why).toBe(`asks ${CLIPBOARD} now`);
  });

  it('an error quoting a hostile value is escaped too', () => {
    const r = hoplab(['events', rec, '--node', `x${ESC}[2J`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no node 'x\\x1b[2J'");
    expect(raw(r.stderr)).toBe(false);
  });
});
