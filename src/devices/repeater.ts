import type { Command } from '../topology/command.js';
import type { NodeSpec } from '../topology/model.js';
import type { Device, DeviceContext, Frame } from './device.js';

/**
 * A repeater (IEEE 802.3 clause 9): a physical-layer box with two ports that
 * regenerates every frame out of the other one. It reads no address, learns
 * nothing and filters nothing; the cable behind the other port carries the copy.
 */
export class Repeater implements Device {
  readonly kind = 'repeater';
  private ctx!: DeviceContext;
  /** Per port: where its frames go and the sentence that says so, built once. */
  private readonly other = new Map<string, { port: string | undefined; out: string[]; why: string }>();

  constructor(
    readonly name: string,
    spec: NodeSpec,
  ) {
    const [a, b] = spec.ports;
    for (const [from, to] of [[a, b], [b, a]] as const) {
      if (from === undefined) continue;
      this.other.set(from, {
        port: to,
        out: to === undefined ? [] : [to],
        why: to === undefined
          ? `${name} is a repeater with only ${from} cabled: the frame has nowhere to go`
          : `${name} is a repeater: it regenerates every frame out of its other port, ${to}`,
      });
    }
  }

  attach(ctx: DeviceContext): void {
    this.ctx = ctx;
  }

  isPortUp(port: string): boolean {
    return this.other.has(port);
  }

  receive(port: string, frame: Frame, rxSeq: number): void {
    const way = this.other.get(port);
    if (way === undefined) return;
    const seq = this.ctx.emit({ kind: 'flood', node: this.name, port, frame: frame.id, cause: rxSeq, bytes: frame.bytes, out: way.out, why: way.why });
    if (way.port !== undefined) this.ctx.send(way.port, frame, seq);
  }

  runCommand(command: Command, seq: number): void {
    this.ctx.emit({
      kind: 'app', node: this.name, cause: seq, text: `hoplab: '${command.name}' cannot run on ${this.name}: a repeater has no configuration`,
      why: `${this.name} is a repeater: it runs no programs`,
    });
  }
}
