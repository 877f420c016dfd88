/**
 * A deliberately small pcapng reader for tests: walks blocks by Block Total Length,
 * checks the trailing copy equals the leading one (draft-ietf-opsawg-pcapng Section 3.1),
 * and decodes SHB, IDB and EPB with their options. It shares no code with the writer,
 * so a bug there cannot hide itself here.
 */

export interface ReadOption {
  code: number;
  value: Uint8Array;
}

export interface ReadInterface {
  linkType: number;
  snapLength: number;
  options: ReadOption[];
  name?: string;
  description?: string;
  tsresol?: number;
}

export interface ReadPacket {
  interfaceId: number;
  timestamp: bigint;
  capturedLength: number;
  originalLength: number;
  data: Uint8Array;
  options: ReadOption[];
  flags?: number;
  comments: string[];
}

export interface ReadFile {
  sectionOptions: ReadOption[];
  interfaces: ReadInterface[];
  packets: ReadPacket[];
  /** Block types in file order. */
  blockTypes: number[];
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function fail(offset: number, what: string): never {
  throw new Error(`pcapng at offset ${offset}: ${what}`);
}

function readOptions(view: DataView, bytes: Uint8Array, start: number, end: number): ReadOption[] {
  const options: ReadOption[] = [];
  let at = start;
  let sawEnd = false;
  while (at < end) {
    if (sawEnd) fail(at, 'bytes after opt_endofopt');
    if (at + 4 > end) fail(at, 'truncated option header');
    const code = view.getUint16(at, true);
    const length = view.getUint16(at + 2, true);
    const padded = (length + 3) & ~3;
    if (at + 4 + padded > end) fail(at, `option ${code} of ${length} bytes overruns its block`);
    for (let i = at + 4 + length; i < at + 4 + padded; i++) {
      if (bytes[i] !== 0) fail(i, 'non-zero option padding');
    }
    if (code === 0) {
      if (length !== 0) fail(at, 'opt_endofopt with a length');
      sawEnd = true;
    } else {
      options.push({ code, value: bytes.slice(at + 4, at + 4 + length) });
    }
    at += 4 + padded;
  }
  if (options.length > 0 && !sawEnd) fail(end, 'option list without opt_endofopt');
  return options;
}

function text(option: ReadOption | undefined): string | undefined {
  return option === undefined ? undefined : decoder.decode(option.value);
}

export function readPcapng(bytes: Uint8Array): ReadFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const file: ReadFile = { sectionOptions: [], interfaces: [], packets: [], blockTypes: [] };
  let at = 0;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) fail(at, 'truncated block header');
    const type = view.getUint32(at, true);
    const total = view.getUint32(at + 4, true);
    if (total % 4 !== 0) fail(at, `block length ${total} is not a multiple of 4`);
    if (total < 12 || at + total > bytes.length) fail(at, `block length ${total} does not fit`);
    const trailing = view.getUint32(at + total - 4, true);
    if (trailing !== total) fail(at, `trailing length ${trailing} differs from leading ${total}`);
    if (at === 0 && type !== 0x0a0d0d0a) fail(at, 'file does not start with a Section Header Block');
    file.blockTypes.push(type);
    const bodyEnd = at + total - 4;
    if (type === 0x0a0d0d0a) {
      if (view.getUint32(at + 8, true) !== 0x1a2b3c4d) fail(at, 'not a little-endian section');
      if (view.getUint16(at + 12, true) !== 1 || view.getUint16(at + 14, true) !== 0) fail(at, 'version is not 1.0');
      file.sectionOptions = readOptions(view, bytes, at + 24, bodyEnd);
    } else if (type === 1) {
      const options = readOptions(view, bytes, at + 16, bodyEnd);
      if (view.getUint16(at + 10, true) !== 0) fail(at, 'IDB reserved field is not zero');
      const tsresol = options.find((o) => o.code === 9);
      file.interfaces.push({
        linkType: view.getUint16(at + 8, true),
        snapLength: view.getUint32(at + 12, true),
        options,
        name: text(options.find((o) => o.code === 2)),
        description: text(options.find((o) => o.code === 3)),
        tsresol: tsresol?.value[0],
      });
    } else if (type === 6) {
      const interfaceId = view.getUint32(at + 8, true);
      if (interfaceId >= file.interfaces.length) fail(at, `EPB names interface ${interfaceId} before its IDB`);
      const timestamp = (BigInt(view.getUint32(at + 12, true)) << 32n) | BigInt(view.getUint32(at + 16, true));
      const capturedLength = view.getUint32(at + 20, true);
      const originalLength = view.getUint32(at + 24, true);
      const dataEnd = at + 28 + ((capturedLength + 3) & ~3);
      if (dataEnd > bodyEnd) fail(at, 'packet data overruns its block');
      for (let i = at + 28 + capturedLength; i < dataEnd; i++) {
        if (bytes[i] !== 0) fail(i, 'non-zero packet padding');
      }
      const options = readOptions(view, bytes, dataEnd, bodyEnd);
      const flags = options.find((o) => o.code === 2);
      if (flags !== undefined && flags.value.length !== 4) fail(at, 'epb_flags is not 4 bytes');
      file.packets.push({
        interfaceId,
        timestamp,
        capturedLength,
        originalLength,
        data: bytes.slice(at + 28, at + 28 + capturedLength),
        options,
        flags: flags === undefined ? undefined : new DataView(flags.value.buffer).getUint32(0, true),
        comments: options.filter((o) => o.code === 1).map((o) => decoder.decode(o.value)),
      });
    }
    at += total;
  }
  return file;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/[\s|]/g, '');
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

/** A sink that keeps copies of everything written, as the ByteSink contract requires. */
export class MemorySink {
  private parts: Uint8Array[] = [];
  writes = 0;
  write(bytes: Uint8Array): void {
    this.parts.push(bytes.slice());
    this.writes++;
  }
  bytes(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.parts));
  }
}
