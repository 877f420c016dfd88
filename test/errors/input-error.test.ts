import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/usage-error.js';
import { InputError, inputErrorOf } from '../../src/errors/input-error.js';
import { OutputFileError } from '../../src/export/atomic-file.js';
import { RecordingError } from '../../src/store/recording.js';
import { CommandSyntaxError, parseCommand } from '../../src/topology/command-parser.js';
import { loadTopologyFile } from '../../src/topology/load.js';
import { TopologyError } from '../../src/topology/topology-error.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';

// One class for every kind of bad input, so that a caller (the CLI, or a
// library user) catches bad input in one place and tells it from a failure.

describe('InputError', () => {
  it('is the base of every bad-input error', () => {
    for (const e of [
      new TopologyError('lab.yaml', 3, 5, 'unknown key'),
      new RecordingError('x.db: not a hoplab recording'),
      new UsageError('--until: not a duration'),
      new OutputFileError('/nope/x.db', Object.assign(new Error('no such directory'), { code: 'ENOENT' })),
      new CommandSyntaxError("expected 'dev'", 12),
    ]) {
      expect(e).toBeInstanceOf(InputError);
      expect(e).toBeInstanceOf(Error);
    }
  });

  it('a topology error carries its place as data, and its message names it', () => {
    let caught: unknown;
    try {
      loadYamlTopology('nodes:\n  h1: { kind: hots }\n', 'lab.yaml');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TopologyError);
    const e = caught as TopologyError;
    expect(e.location).toEqual({ file: 'lab.yaml', line: 2, col: expect.any(Number) });
    expect(e.message).toMatch(/^lab\.yaml:2:\d+: /);
  });

  it('a missing topology file is bad input naming the file', () => {
    expect(() => loadTopologyFile('/no/such/lab.yaml')).toThrow(InputError);
    expect(() => loadTopologyFile('/no/such/lab.yaml')).toThrow('/no/such/lab.yaml: No such file or directory');
  });

  it('a command that does not parse is bad input', () => {
    expect(() => parseCommand('ip addr add 10.0.0.1/24 eth0')).toThrow(InputError);
  });

  it('inputErrorOf finds bad input directly or as the cause of a wrapping error, and nothing else', () => {
    const bad = new RecordingError('x.db: damaged');
    expect(inputErrorOf(bad)).toBe(bad);
    expect(inputErrorOf(new Error('worker failed', { cause: bad }))).toBe(bad);
    expect(inputErrorOf(new Error('a bug'))).toBeUndefined();
    expect(inputErrorOf(undefined)).toBeUndefined();
  });
});
