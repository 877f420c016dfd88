import { writeSync } from 'node:fs';

/**
 * Buffered, synchronous output to a file descriptor. A sink that printed with
 * process.stdout.write into a slow pipe would queue every line in memory;
 * this one writes in 64 KiB chunks and blocks instead, so memory stays flat.
 * A closed pipe (`| head`) ends output quietly.
 */
export class LineWriter {
  private buffer: string[] = [];
  private size = 0;
  private broken = false;

  constructor(private readonly fd: number) {}

  line(text: string): void {
    if (this.broken) return;
    this.buffer.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= 65536) this.flush();
  }

  flush(): void {
    if (this.broken || this.buffer.length === 0) return;
    const data = Buffer.from(this.buffer.join(''), 'utf8');
    this.buffer = [];
    this.size = 0;
    let off = 0;
    while (off < data.length) {
      try {
        off += writeSync(this.fd, data, off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        if (code === 'EPIPE') {
          this.broken = true;
          return;
        }
        throw e;
      }
    }
  }
}
