import type { Command } from '../topology/command.js';
import type { NodeSpec } from '../topology/model.js';
import type { Device, DeviceContext, Frame } from './device.js';

/**
 * A repeater (IEEE 802.3 clause 9): a physical-layer box with two ports that
 * regenerates every frame out of the other one. It reads no address, learns
 * nothing and filters nothing. Electrically it is a two-port hub: its cables
 * run half duplex at its rate in one collision domain (SPEC §1), so the hub's
 * shared segment (src/net/hub-segment.ts) carries and repeats its frames and
 * says so; this device only answers for its ports and refuses configuration.
 */
export class Repeater implements Device {
  readonly kind = 'repeater';
  private ctx!: DeviceContext;
  private readonly ports: Set<string>;

  constructor(
    readonly name: string,
    spec: NodeSpec,
  ) {
    this.ports = new Set(spec.ports);
  }

  attach(ctx: DeviceContext): void {
    this.ctx = ctx;
  }

  isPortUp(port: string): boolean {
    return this.ports.has(port);
  }

  /** Never called: the shared segment repeats the bits as they arrive. */
  receive(_port: string, _frame: Frame, _rxSeq: number): void {}

  runCommand(command: Command, seq: number): void {
    this.ctx.emit({
      kind: 'app',
      node: this.name,
      cause: seq,
      text: `hoplab: '${command.name}' cannot run on ${this.name}: a repeater has no configuration`,
      why: `${this.name} is a repeater: it runs no programs`,
    });
  }
}
