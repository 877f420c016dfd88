import type { Command } from '../topology/command.js';
import type { NodeSpec } from '../topology/model.js';
import type { Device, DeviceContext, Frame } from './device.js';

/**
 * A hub (IEEE 802.3 clause 9 repeater with N ports). The work of a hub is
 * done by its shared segment (net/hub-segment.ts), which repeats every frame
 * bit by bit out of every other port and detects collisions; so no frame is
 * ever handed to the hub itself. What the hub holds is the state of its ports:
 * `ip link set pN down` cuts the station behind pN off the segment.
 */
export class Hub implements Device {
  readonly kind = 'hub';
  private ctx!: DeviceContext;
  private readonly up = new Map<string, boolean>();

  constructor(
    readonly name: string,
    spec: NodeSpec,
  ) {
    for (const port of spec.ports) this.up.set(port, true);
  }

  attach(ctx: DeviceContext): void {
    this.ctx = ctx;
  }

  isPortUp(port: string): boolean {
    return this.up.get(port) ?? false;
  }

  /** Never called: the segment repeats frames without handing them to the hub. */
  receive(_port: string, _frame: Frame, _rxSeq: number): void {}

  runCommand(command: Command, seq: number): void {
    if (command.name !== 'link-set') {
      this.print(seq, `hoplab: '${command.name}' cannot run on ${this.name}: a hub only has ports to set up or down`);
      return;
    }
    const was = this.up.get(command.dev);
    if (was === undefined) {
      this.print(seq, `Cannot find device "${command.dev}"`);
      return;
    }
    if (was === command.up) return;
    this.up.set(command.dev, command.up);
    this.ctx.emit({
      kind: 'link',
      node: this.name,
      port: command.dev,
      cause: seq,
      state: command.up ? 'up' : 'down',
      why: command.up
        ? `${this.name} sets ${command.dev} up: the station behind it is back on the shared segment`
        : `${this.name} sets ${command.dev} down: the station behind it no longer hears the segment, nor the segment it`,
    });
  }

  private print(seq: number, text: string): void {
    this.ctx.emit({
      kind: 'app',
      node: this.name,
      cause: seq,
      text,
      channel: 'stdout',
      why: `${this.name} prints what the command answered`,
    });
  }
}
