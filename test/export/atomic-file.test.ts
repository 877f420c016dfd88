import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/input-error.js';
import { AtomicFileWriter, OutputFileError } from '../../src/export/atomic-file.js';
import { PcapngWriter } from '../../src/export/pcapng-writer.js';
import { readPcapng } from './pcapng-test-reader.js';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoplab-atomic-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const OLD = Buffer.from('the old capture, which must survive');

function bytes(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);
}

describe('AtomicFileWriter', () => {
  it('leaves the target untouched while writing, with its temp file beside it', () => {
    const target = path.join(dir, 'x.pcapng');
    fs.writeFileSync(target, OLD);
    const out = new AtomicFileWriter(target, { chunkSize: 16 });
    out.write(bytes(100, 1)); // past the chunk: some of it is on disk already
    expect(path.dirname(out.tempPath)).toBe(dir);
    expect(path.basename(out.tempPath)).toMatch(new RegExp(`^\\.x\\.pcapng\\.${process.pid}\\.\\d+\\.tmp$`));
    expect(fs.statSync(out.tempPath).size).toBeGreaterThan(0);
    expect(fs.readFileSync(target)).toEqual(OLD);
    out.abort();
  });

  it('abort leaves an existing target byte for byte as it was and removes the temp file', () => {
    const target = path.join(dir, 'x.pcapng');
    fs.writeFileSync(target, OLD);
    const out = new AtomicFileWriter(target, { chunkSize: 16 });
    out.write(bytes(100, 1));
    out.abort();
    expect(fs.readFileSync(target)).toEqual(OLD);
    expect(fs.readdirSync(dir)).toEqual(['x.pcapng']);
    out.abort(); // twice is harmless
  });

  it('abort with no earlier target leaves nothing at all', () => {
    const out = new AtomicFileWriter(path.join(dir, 'new.pcap'));
    out.write(bytes(10, 0));
    out.abort();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('commit replaces the target with exactly what was written', () => {
    const target = path.join(dir, 'x.pcapng');
    fs.writeFileSync(target, OLD);
    const out = new AtomicFileWriter(target, { chunkSize: 16 });
    const parts = [bytes(3, 1), bytes(40, 2), bytes(13, 3), bytes(16, 4)];
    for (const p of parts) out.write(p);
    out.commit();
    expect(new Uint8Array(fs.readFileSync(target))).toEqual(new Uint8Array(Buffer.concat(parts)));
    expect(fs.readdirSync(dir)).toEqual(['x.pcapng']);
    expect(out.bytesWritten).toBe(72);
    expect(() => out.write(bytes(1, 0))).toThrow(/already committed/);
  });

  it('keeps every byte in order whatever the chunk size and write sizes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.array(fc.uint8Array({ maxLength: 150 }), { maxLength: 20 }), (chunkSize, parts) => {
        const target = path.join(dir, 'p.bin');
        const out = new AtomicFileWriter(target, { chunkSize });
        for (const p of parts) out.write(p);
        out.commit();
        expect(Buffer.compare(fs.readFileSync(target), Buffer.concat(parts))).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('names the path and the cause when the directory does not exist', () => {
    const target = path.join(dir, 'nope', 'x.pcapng');
    let caught: unknown;
    try {
      new AtomicFileWriter(target);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(OutputFileError);
    const err = caught as OutputFileError;
    expect(err.message).toBe(`cannot write ${target}: ENOENT: no such file or directory`);
    expect(err.code).toBe('ENOENT');
    expect(err.path).toBe(target);
  });

  it('names the path and the cause when a parent is a regular file', () => {
    const file = path.join(dir, 'plain');
    fs.writeFileSync(file, 'x');
    const target = path.join(file, 'x.pcapng');
    expect(() => new AtomicFileWriter(target)).toThrow(`cannot write ${target}: ENOTDIR: not a directory`);
  });

  it('refuses a directory before writing anything, and leaves it as it was', () => {
    const target = path.join(dir, 'taken');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside'), 'keep');
    expect(() => new AtomicFileWriter(target)).toThrow(new InputError(`cannot write ${target}: is a directory`));
    expect(fs.readdirSync(dir)).toEqual(['taken']);
    expect(fs.readFileSync(path.join(target, 'inside'), 'utf8')).toBe('keep');
  });
});

describe('PcapngWriter over a file', () => {
  it('appears only on close, and abort keeps the old file', () => {
    const target = path.join(dir, 'cap.pcapng');
    fs.writeFileSync(target, OLD);

    const aborted = PcapngWriter.create(target);
    aborted.writePacket(aborted.addInterface('h1:eth0', 'h1'), 1, bytes(60, 0));
    aborted.abort();
    expect(fs.readFileSync(target)).toEqual(OLD);

    const kept = PcapngWriter.create(target);
    kept.writePacket(kept.addInterface('h1:eth0', 'h1'), 1, bytes(60, 0), 'outbound', 'hello');
    expect(fs.readFileSync(target)).toEqual(OLD);
    kept.close();
    const file = readPcapng(new Uint8Array(fs.readFileSync(target)));
    expect(file.packets.map((p) => p.comments)).toEqual([['hello']]);
    expect(fs.readdirSync(dir)).toEqual(['cap.pcapng']);
  });

  it('throws OutputFileError from create when the path cannot be written', () => {
    expect(() => PcapngWriter.create('/nonexistent-hoplab-dir/x.pcapng')).toThrow(
      'cannot write /nonexistent-hoplab-dir/x.pcapng: ENOENT: no such file or directory',
    );
  });
});
