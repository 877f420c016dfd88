/**
 * All-or-nothing output files: bytes go to a temporary file beside the target and are
 * renamed over it only on commit. rename(2) within one directory is atomic, so a reader
 * (or the user after Ctrl-C) sees the old file or the whole new one, never half of it
 * (SPEC §3: "writes nothing half-done over an existing file").
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors/input-error.js';
import { OutputFailure } from '../errors/output-failure.js';
import { outputTarget } from '../store/output-path.js';

/** Where pcap and pcapng writers put their bytes. It must be done with `bytes` on return. */
export interface ByteSink {
  write(bytes: Uint8Array): void;
}

/** A sink whose output only becomes visible when committed. */
export interface CommittableSink extends ByteSink {
  commit(): void;
  abort(): void;
}

/**
 * The output file could not be created. Its message names the path and the cause. It
 * counts as bad input (exit 2): the path is the user's. Once created, a file that cannot
 * be written or put in place (a full disk, EIO) is an OutputFailure instead (exit 1).
 */
export class OutputFileError extends InputError {
  override name = 'OutputFileError';
  readonly path: string;
  readonly code: string | undefined;

  constructor(targetPath: string, cause: unknown) {
    super(`cannot write ${targetPath}: ${describeCause(cause)}`, { file: targetPath }, { cause });
    this.path = targetPath;
    this.code = errorCode(cause);
  }
}

function errorCode(cause: unknown): string | undefined {
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') {
    return cause.code;
  }
  return undefined;
}

/**
 * "ENOENT: no such file or directory" without Node's ", open '/dir/.x.123.tmp'" tail:
 * the user asked for the target, the temporary name would only confuse.
 */
function describeCause(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const match = /^([A-Z][A-Z0-9_]*): ([^,]*)/.exec(message);
  return match ? `${match[1]}: ${match[2]}` : message;
}

export interface AtomicFileWriterOptions {
  /** Bytes gathered before each write(2). */
  chunkSize?: number;
}

const DEFAULT_CHUNK_SIZE = 1 << 20;

/** Temp files still open, removed if the process exits without committing or aborting them. */
const openTempFiles = new Set<string>();
let exitHookInstalled = false;

function trackTempFile(tempPath: string): void {
  openTempFiles.add(tempPath);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const leftover of openTempFiles) {
      try {
        fs.unlinkSync(leftover);
      } catch {
        // Already gone; nothing else can be done while exiting.
      }
    }
  });
}

let tempCounter = 0;

type State = 'open' | 'committed' | 'aborted';

/**
 * All-or-nothing, for a regular file: see the top of this file. A character device or a
 * FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is written through instead, since it
 * cannot be renamed over and has no old content to keep; a directory, a block device or
 * a link to nothing is refused before anything is written (output-path.ts). A symbolic
 * link is followed: the file it points to is replaced, the link stays.
 */
export class AtomicFileWriter implements CommittableSink {
  readonly path: string;
  readonly tempPath: string;
  /** The file put in place: `path`, or the file a symbolic link there points to. */
  private readonly finalPath: string;
  /** Written through (a device or a FIFO): no temporary file, no rename. */
  private readonly direct: boolean;
  private fd: number;
  private readonly chunk: Uint8Array;
  private used = 0;
  private state: State = 'open';
  private written = 0;

  constructor(targetPath: string, opts: AtomicFileWriterOptions = {}) {
    const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
    this.path = targetPath;
    const target = outputTarget(targetPath);
    this.finalPath = target.path;
    this.direct = target.device;
    // Same directory as the target, so the final rename never crosses a file system.
    this.tempPath = this.direct
      ? target.path
      : path.join(path.dirname(target.path), `.${path.basename(target.path)}.${process.pid}.${tempCounter++}.tmp`);
    try {
      this.fd = fs.openSync(this.tempPath, 'w');
    } catch (err) {
      throw new OutputFileError(targetPath, err);
    }
    if (!this.direct) trackTempFile(this.tempPath);
    this.chunk = new Uint8Array(chunkSize);
  }

  /** Bytes accepted so far, buffered or on disk. */
  get bytesWritten(): number {
    return this.written;
  }

  write(bytes: Uint8Array): void {
    this.assertOpen();
    const free = this.chunk.length - this.used;
    if (bytes.length <= free) {
      this.chunk.set(bytes, this.used);
      this.used += bytes.length;
    } else {
      this.flushChunk();
      if (bytes.length >= this.chunk.length) {
        this.writeAll(bytes);
      } else {
        this.chunk.set(bytes, 0);
        this.used = bytes.length;
      }
    }
    this.written += bytes.length;
  }

  /**
   * Puts the file in place under its name. No fsync: this guards against half-written
   * files from crashes of hoplab, not of the machine, and export speed matters more.
   */
  commit(): void {
    this.assertOpen();
    try {
      this.flushChunk();
      fs.closeSync(this.fd);
      this.fd = -1;
      if (!this.direct) fs.renameSync(this.tempPath, this.finalPath);
    } catch (err) {
      this.discard();
      throw err instanceof OutputFailure ? err : new OutputFailure(this.path, err);
    }
    this.state = 'committed';
    openTempFiles.delete(this.tempPath);
  }

  /** Drops everything written; the target, if it existed, is untouched. Safe to call twice. */
  abort(): void {
    if (this.state !== 'open') return;
    this.discard();
  }

  private discard(): void {
    this.state = 'aborted';
    this.used = 0;
    if (this.fd >= 0) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // The descriptor is unusable either way; removing the file is what matters.
      }
      this.fd = -1;
    }
    if (this.direct) return;
    try {
      fs.unlinkSync(this.tempPath);
    } catch {
      // Never created or already removed.
    }
    openTempFiles.delete(this.tempPath);
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new Error(`${this.path} was already ${this.state}`);
  }

  private flushChunk(): void {
    if (this.used === 0) return;
    this.writeAll(this.chunk.subarray(0, this.used));
    this.used = 0;
  }

  /** writeSync may write less than asked (a full disk, a signal); loop until done. */
  private writeAll(bytes: Uint8Array): void {
    let offset = 0;
    try {
      while (offset < bytes.length) {
        offset += fs.writeSync(this.fd, bytes, offset, bytes.length - offset);
      }
    } catch (err) {
      // A file that could not be written completely must not survive, even as a temp file.
      this.discard();
      throw new OutputFailure(this.path, err);
    }
  }
}
