// A bridge or switch alone, wired to a fake DeviceContext: tests hand it
// frames on ports and read what it emitted, sent and scheduled.

import type { EventInit } from '../../src/events/event.js';
import type { Device, DeviceContext, Frame } from '../../src/devices/device.js';
import type { Handler } from '../../src/sim/event-queue.js';
import { Rng } from '../../src/sim/rng.js';
import type { NodeSpec, VlanPortSpec } from '../../src/topology/model.js';
import { hintSource } from '../helpers/hint-source.js';
import { emitEthernet } from '../../src/wire/ethernet.js';
import { parseMac, type Mac } from '../../src/wire/mac.js';

export interface Sent {
  port: string;
  frame: Frame;
  cause: number;
}

export class Harness {
  now = 0;
  readonly events: Array<EventInit & { seq: number; t: number }> = [];
  readonly sent: Sent[] = [];
  readonly timers: Array<{ at: number; run: () => void }> = [];
  private nextFrame = 1;
  readonly ctx: DeviceContext;

  constructor(readonly device: Device) {
    const h = this;
    this.ctx = {
      get now() {
        return h.now;
      },
      rng: new Rng(1),
      emit: (e) => {
        const seq = h.events.length + 1;
        h.events.push({ ...e, seq, t: h.now });
        return seq;
      },
      send: (port, frame, cause) => void h.sent.push({ port, frame, cause }),
      newFrame: (bytes) => ({ id: h.nextFrame++, bytes }),
      newHint: hintSource().newHint,
      schedule: <T>(at: number, handler: Handler<T>, arg: T) => void h.timers.push({ at, run: () => handler(arg) }),
      carrier: () => true,
    };
    device.attach(this.ctx);
  }

  /** A frame arrives on `port` at time `t` (its rx event is played by the harness). */
  arrive(port: string, bytes: Uint8Array, t = this.now): { sent: Sent[]; events: Harness['events'] } {
    this.advance(t);
    const firstSent = this.sent.length;
    const firstEvent = this.events.length;
    const rxSeq = this.ctx.emit({ kind: 'rx', node: this.device.name, port, why: 'test' });
    this.device.receive(port, { id: this.nextFrame++, bytes }, rxSeq);
    return { sent: this.sent.slice(firstSent), events: this.events.slice(firstEvent + 1) };
  }

  /** Runs the timers due by `t`, in time order, and moves the clock there. */
  advance(t: number): void {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (next === undefined || next.at > t) break;
      this.timers.shift();
      this.now = next.at;
      next.run();
    }
    this.now = t;
  }

  kinds(events = this.events): string[] {
    return events.map((e) => e.kind);
  }
}

export const mac = (n: number): Mac => parseMac(`02:00:00:00:00:${n.toString(16).padStart(2, '0')}`);

/** An untagged frame of the IEEE local experimental EtherType from host `src` to `dst`. */
export function frame(src: Mac, dst: Mac, payload = 'hello'): Uint8Array {
  return emitEthernet({ dst, src, etherType: 0x88b5 }, new TextEncoder().encode(payload));
}

export function tagged(src: Mac, dst: Mac, vid: number, payload = 'hello'): Uint8Array {
  return emitEthernet({ dst, src, etherType: 0x88b5, vlan: { pcp: 0, dei: false, vid } }, new TextEncoder().encode(payload));
}

export function switchSpec(
  name: string,
  ports: string[],
  extra: { agingTimeNs?: number; vlans?: Record<string, VlanPortSpec> } = {},
): NodeSpec {
  return {
    name,
    kind: 'switch',
    interfaces: [],
    loUp: false,
    routes: [],
    ipForward: false,
    ports,
    agingTimeNs: extra.agingTimeNs ?? 300e9,
    ...(extra.vlans && { vlans: extra.vlans }),
  };
}
