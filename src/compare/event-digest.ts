import { configText } from '../events/config-change.js';
import type { SimEvent } from '../events/event.js';

/**
 * A running 64-bit fingerprint (FNV-1a per character, folded into a second lane per field) of every column of
 * every event, to tell "these two recordings hold the same events" without a
 * second pass. Plain JS over the strings: a crypto hash would first need each
 * event joined and encoded, which cost more than the whole comparison.
 */
export class EventDigest {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;

  add(e: SimEvent): void {
    this.num(e.seq);
    this.num(e.t);
    this.str(e.kind);
    this.str(e.node);
    this.str(e.port);
    this.num(e.frame ?? -1);
    this.num(e.cause ?? -1);
    this.str(e.why);
    this.str(e.out?.join(','));
    this.str(e.reason);
    this.str(e.mac);
    this.str(e.from);
    this.str(e.ip);
    this.str(e.state);
    this.str(e.text);
    this.str(e.senders?.join(','));
    this.str(e.channel);
    this.str(e.config && configText(e.config));
  }

  hex(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }

  private num(n: number): void {
    this.mix(n | 0);
    this.mix(Math.floor(n / 4294967296) | 0);
    this.endField();
  }

  /** Absent and empty differ: a marker no character produces starts each field. */
  private str(s: string | undefined): void {
    if (s === undefined) {
      this.mix(-1);
    } else {
      let h = this.h1 ^ -2;
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
      this.h1 = h;
    }
    this.endField();
  }

  private mix(v: number): void {
    this.h1 = Math.imul(this.h1 ^ v, 0x01000193);
  }

  /** The second lane folds in the first once per field: 64 bits of state for one multiply per character. */
  private endField(): void {
    this.h2 = Math.imul(this.h2 ^ this.h1, 0x5bd1e995) ^ (this.h2 >>> 13);
  }
}
