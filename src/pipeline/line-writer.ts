import { writeSync } from 'node:fs';
import type { Observable } from 'rxjs';
// The class alone, not rxjs's index (pipeline/recorded-events.ts says why).
import { AsyncSubject } from 'rxjs/internal/AsyncSubject';
import { OutputFailure } from '../errors/output-failure.js';
import { printable } from '../events/printable.js';

/** Something else drawn on the terminal this writer writes to. */
export interface OnSameTerminal {
  erase(): void;
  restore(): void;
}

/** What a writer sleeps on while its pipe is full (nothing ever wakes it: it times out). */
const pause = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
/**
 * How long a write that found the pipe full (EAGAIN: Node's stdout pipe is
 * non-blocking) waits before trying again, in ms: the first wait, doubled
 * while the pipe stays full, up to the longest. Retried at once, as it was,
 * each try made and threw an error: 2M storm events printed into `| tail -1`
 * met 37,600 of them, a core spinning beside the reader and the recorder's
 * worker; a paused `| less` kept it spinning for as long as it was paused.
 * Waiting is what a blocking write does in the kernel.
 */
const FIRST_WAIT_MS = 0.01;
const LONGEST_WAIT_MS = 2;

/**
 * Buffered, synchronous output to a file descriptor. A sink that printed with
 * process.stdout.write into a slow pipe would queue every line in memory;
 * this one writes in 64 KiB chunks and blocks instead, so memory stays flat.
 *
 * A closed pipe (`| head`) ends output quietly and says so on `closed$`, so
 * that whoever feeds the writer stops too: Node ignores SIGPIPE, and a reader
 * that kept scanning after `head` left would finish a whole recording for no one.
 * Any other write error (ENOSPC on /dev/full, EIO) is thrown once, as an
 * OutputFailure naming the stream; the writer then writes nothing more, so
 * that the flushes of cleanup code do not throw it again over the first.
 */
export class LineWriter {
  private buffer: string[] = [];
  private size = 0;
  private broken = false;
  private readonly closedSignal = new AsyncSubject<void>();
  private neighbour: OnSameTerminal | undefined;

  /** Emits once, then completes, when the descriptor's reader has gone (EPIPE); late subscribers hear it too. */
  readonly closed$: Observable<void> = this.closedSignal.asObservable();

  constructor(private readonly fd: number) {}

  /** Another line drawn on the same terminal (a progress line): taken down before each write and put back after it. */
  beside(neighbour: OnSameTerminal): void {
    this.neighbour = neighbour;
  }

  /** True once the reader has gone: nothing more will be written. */
  get closed(): boolean {
    return this.broken;
  }

  /** Adds a line; control characters in it are made visible (printable.ts), colour codes aside. */
  line(text: string): void {
    if (this.broken) return;
    text = printable(text);
    this.buffer.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= 65536) this.flush();
  }

  flush(): void {
    if (this.broken || this.buffer.length === 0) return;
    const data = Buffer.from(this.buffer.join(''), 'utf8');
    this.buffer = [];
    this.size = 0;
    this.neighbour?.erase();
    let off = 0;
    let wait = FIRST_WAIT_MS;
    while (off < data.length) {
      try {
        off += writeSync(this.fd, data, off);
        wait = FIRST_WAIT_MS;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          Atomics.wait(pause, 0, 0, wait);
          wait = Math.min(wait * 2, LONGEST_WAIT_MS);
          continue;
        }
        if (code === 'EPIPE') {
          this.markClosed();
          return;
        }
        this.broken = true;
        throw new OutputFailure(this.fd === 1 ? 'standard output' : this.fd === 2 ? 'standard error' : `file descriptor ${this.fd}`, e);
      }
    }
    this.neighbour?.restore();
  }

  private markClosed(): void {
    this.broken = true;
    this.closedSignal.next();
    this.closedSignal.complete();
  }
}
