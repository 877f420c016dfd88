import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultRecordingPath } from '../../src/cli/recording-path.js';
import { REPO, hoplab, tempDir } from '../helpers/cli.js';

// Where `hoplab run` records without -o: beside the topology, named after it;
// from stdin, in the current folder, named after the topology (never a path).
// No folder is created for it, with or without -o.

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('defaultRecordingPath', () => {
  it("puts a file's recording beside it, named after it", () => {
    expect(defaultRecordingPath('labs/ring.yaml', 'anything')).toBe('labs/ring.db');
    expect(defaultRecordingPath('lab.sh', 'lab')).toBe('lab.db');
    expect(defaultRecordingPath('/abs/path/t.json', 't')).toBe('/abs/path/t.db');
    expect(defaultRecordingPath('noext', 'x')).toBe('noext.db');
  });

  it('names a recording from stdin after the topology, keeping only safe characters', () => {
    expect(defaultRecordingPath('-', 'three-hosts')).toBe('three-hosts.db');
    expect(defaultRecordingPath('-', '../../escaped/pwned')).toBe('escaped-pwned.db');
    expect(defaultRecordingPath('-', 'a b/c')).toBe('a-b-c.db');
    expect(defaultRecordingPath('-', '...')).toBe('hoplab.db');
  });
});

describe('hoplab run without -o', () => {
  it('records beside the topology file, whatever the current folder', () => {
    const labs = join(dir, 'labs');
    mkdirSync(labs);
    copyFileSync(join(REPO, 'recordings/veth-pair.yaml'), join(labs, 'pair.yaml'));
    const cwd = join(dir, 'elsewhere');
    mkdirSync(cwd);
    const r = hoplab(['run', join(labs, 'pair.yaml'), '--quiet'], { cwd });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`recorded to ${join(labs, 'pair.db')}`);
    expect(readdirSync(labs).sort()).toEqual(['pair.db', 'pair.yaml']);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('records a topology from stdin into the current folder, and a name that is a path stays in it', () => {
    const cwd = join(dir, 'stdin');
    mkdirSync(cwd);
    const r = hoplab(['run', '-', '--quiet'], { cwd, input: 'name: ../../escaped/pwned\nnodes: { h: { kind: host } }\n' });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(cwd)).toEqual(['escaped-pwned.db']);
    expect(existsSync(join(dir, 'escaped'))).toBe(false);
  });
});

describe('no folder is created for a recording', () => {
  it('-o into a folder that does not exist is bad input, and nothing is made', () => {
    const r = hoplab(['run', 'recordings/veth-pair.yaml', '--quiet', '-o', join(dir, 'missing', 'deeper', 'x.db')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `hoplab: cannot write ${join(dir, 'missing', 'deeper', 'x.db')}: no such directory ${join(dir, 'missing', 'deeper')}\n`,
    );
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});
