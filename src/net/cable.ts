import type { Device, Frame } from '../devices/device.js';
import type { Simulator } from '../sim/simulator.js';
import type { Endpoint, LinkSpec } from '../topology/model.js';
import type { DescriptionHint } from '../events/description-hint.js';
import { dropEventInit, frameEventInit } from '../events/event-init.js';
import { serialisationNs, type Medium, type MediumHost } from './medium.js';
import { linkDownDrop } from './link-down-drop.js';

/** The network as a cable sees it: the device behind a port, cached until the network's generation changes. */
export interface CableHost extends MediumHost {
  readonly generation: number;
  /** Changes whenever any port goes up or down (Network.portStates). */
  readonly portStates: number;
  device(node: string): Device | undefined;
  /** The queue's reserved turns: a transmission's end is scheduled only when a frame waits for it. */
  readonly sim: Pick<Simulator, 'reserveTurn' | 'scheduleReserved' | 'hasPassed'>;
}

interface Queued {
  frame: Frame;
  cause: number;
}

interface Arrival {
  direction: Direction;
  frame: Frame;
  txSeq: number;
}

/**
 * One direction of a cable: a transmitter with a drop-tail queue. A frame
 * occupies the line for its serialisation time; the next one waits in the
 * queue; when the queue holds `limit` frames, the next is dropped (queue-full).
 *
 * The line is free once the action that ends its frame's transmission would
 * have run: at `freeAt`, in the place `freeTurn` took in the order of actions
 * when the frame started (Simulator.reserveTurn). That action is scheduled
 * only when a frame waits behind the one on the line; most lines are idle
 * between frames, and on a tree of 5,000 hosts the ends of transmission
 * were half of the thousands of actions in the queue, each pushed and
 * popped for nothing but to say the line was free.
 */
class Direction {
  private freeAt = -1;
  private freeTurn = -1;
  private readonly queue: Queued[] = [];
  private head = 0;
  private targetDevice: Device | undefined;
  private targetGeneration = -1;
  // Whether the far end's port is up, as of these counts (farEndUp).
  private farUp = false;
  private farUpGeneration = -1;
  private farUpPortStates = -1;
  // The tx and rx sentences for the last frame length seen, while the cable's
  // ends stay where they are (a move bumps the network's generation): most
  // frames on a line are one length, and a sentence reused is one not built
  // for every frame, and one the recorder recognises by identity.
  private sentenceLength = -1;
  private sentenceGeneration = -1;
  private txWhy = '';
  private rxWhy = '';
  // Their hints (description-hint.ts), new with every new pair of sentences.
  private txHint: DescriptionHint | undefined;
  private rxHint: DescriptionHint | undefined;
  // The sentence of a drop at a full queue, and its hint, while the cable's
  // ends stay where they are (its queue's length is set once, by its link):
  // a sixth of a storm's events are these drops, each in the same words.
  private queueFullGeneration = -1;
  private queueFullWhy = '';
  private queueFullHint: DescriptionHint | undefined;

  constructor(
    readonly from: Endpoint,
    readonly to: Endpoint,
    private readonly cable: Cable,
  ) {}

  /** The device at the far end now (a shell command may have moved the end or replaced the device). */
  target(): Device | undefined {
    const host = this.cable.host;
    if (this.targetGeneration !== host.generation) {
      this.targetGeneration = host.generation;
      this.targetDevice = host.device(this.to.node);
    }
    return this.targetDevice;
  }

  /** Whether the far end's port is up (no device there: down). */
  farEndUp(): boolean {
    const host = this.cable.host;
    if (this.farUpGeneration !== host.generation || this.farUpPortStates !== host.portStates) {
      this.farUpGeneration = host.generation;
      this.farUpPortStates = host.portStates;
      this.farUp = this.target()?.isPortUp(this.to.port) ?? false;
    }
    return this.farUp;
  }

  private sentencesFor(length: number): void {
    const generation = this.cable.host.generation;
    if (length === this.sentenceLength && generation === this.sentenceGeneration) return;
    this.sentenceLength = length;
    this.sentenceGeneration = generation;
    this.txWhy = `${this.from.node} sends ${length} bytes out of ${this.from.port} towards ${this.to.node}:${this.to.port}`;
    this.rxWhy = `${this.to.node} receives ${length} bytes on ${this.to.port} from ${this.from.node}:${this.from.port}`;
    this.txHint = this.cable.host.newHint();
    this.rxHint = this.cable.host.newHint();
  }

  private queueFullSentence(): void {
    const generation = this.cable.host.generation;
    if (generation === this.queueFullGeneration) return;
    this.queueFullGeneration = generation;
    this.queueFullWhy = `${this.from.node}:${this.from.port}'s queue already holds ${this.cable.spec.queue} frames, so the frame is dropped (drop-tail)`;
    this.queueFullHint = this.cable.host.newHint();
  }

  get depth(): number {
    return this.queue.length - this.head;
  }

  transmit(frame: Frame, cause: number): void {
    if (this.isFree()) {
      this.start(frame, cause);
      return;
    }
    const depth = this.depth;
    if (depth >= this.cable.spec.queue) {
      this.queueFullSentence();
      const { node, port } = this.from;
      this.cable.host.emit(dropEventInit(node, port, frame.id, frame.bytes, cause, 'queue-full', this.queueFullWhy, this.queueFullHint));
      return;
    }
    if (depth === 0) this.endInItsTurn();
    this.queue.push({ frame, cause });
  }

  /** Whether the line's last frame has left it; at the very instant it leaves, the order of actions says (Simulator.hasPassed). */
  private isFree(): boolean {
    const { host } = this.cable;
    const now = host.now;
    return now > this.freeAt || (now === this.freeAt && host.sim.hasPassed(this.freeAt, this.freeTurn));
  }

  private start(frame: Frame, cause: number): void {
    const { host, spec } = this.cable;
    this.sentencesFor(frame.bytes.length);
    const txSeq = host.emit(
      frameEventInit('tx', this.from.node, this.from.port, frame.id, frame.bytes, cause, this.txWhy, undefined, this.txHint),
    );
    const wire = serialisationNs(frame.bytes.length, spec.rateBps);
    this.freeAt = host.now + wire;
    this.freeTurn = host.sim.reserveTurn();
    host.schedule<Arrival>(host.now + wire + spec.delayNs, arrive, { direction: this, frame, txSeq });
  }

  /** The line is free and a frame waits: it starts, and the one behind it, if any, waits for its end. */
  next(): void {
    if (this.depth === 0) return;
    const item = this.queue[this.head]!;
    this.queue[this.head++] = undefined as unknown as Queued;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.start(item.frame, item.cause);
    if (this.depth > 0) this.endInItsTurn();
  }

  /** A frame waits: the end of the one on the line is scheduled, in the turn it reserved, to start it. */
  private endInItsTurn(): void {
    this.cable.host.sim.scheduleReserved(this.freeAt, this.freeTurn, finishTransmission, this);
  }

  arrive(frame: Frame, txSeq: number): void {
    const { host } = this.cable;
    const { node, port } = this.to;
    const device = this.target();
    if (!device || !this.farEndUp()) {
      host.emit({
        kind: 'drop',
        node,
        port,
        frame: frame.id,
        cause: txSeq,
        copy: txSeq,
        reason: 'link-down',
        bytes: frame.bytes,
        why: `${node}:${port} is down, so the frame from ${this.from.node}:${this.from.port} is lost`,
      });
      return;
    }
    this.sentencesFor(frame.bytes.length);
    const rxSeq = host.emit(frameEventInit('rx', node, port, frame.id, frame.bytes, txSeq, this.rxWhy, undefined, this.rxHint));
    device.receive(port, frame, rxSeq);
  }
}

function finishTransmission(direction: Direction): void {
  direction.next();
}

function arrive(a: Arrival): void {
  a.direction.arrive(a.frame, a.txSeq);
}

/**
 * A cable: a veth pair. Full duplex (each direction its own transmitter and
 * queue), point to point, with a propagation delay and a line rate.
 */
export class Cable implements Medium {
  readonly pointToPoint = true;
  private readonly ab: Direction;
  private readonly ba: Direction;

  constructor(
    readonly spec: LinkSpec,
    readonly host: CableHost,
  ) {
    this.ab = new Direction(spec.a, spec.b, this);
    this.ba = new Direction(spec.b, spec.a, this);
  }

  private direction(node: string, port: string): Direction {
    return node === this.spec.a.node && port === this.spec.a.port ? this.ab : this.ba;
  }

  carrier(node: string, port: string): boolean {
    return this.direction(node, port).farEndUp();
  }

  peerOf(node: string, port: string): { node: string; port: string } {
    return this.direction(node, port).to;
  }

  transmit(node: string, port: string, frame: Frame, cause: number): void {
    const d = this.direction(node, port);
    if (!d.farEndUp()) {
      this.host.emit(
        linkDownDrop(
          node,
          port,
          frame,
          cause,
          `${node}:${port} has no carrier: its peer ${d.to.node}:${d.to.port} is down, so the frame goes nowhere`,
        ),
      );
      return;
    }
    d.transmit(frame, cause);
  }

  /** Frames waiting behind the one on the wire, per direction (for state and stats). */
  queueDepth(node: string, port: string): number {
    return this.direction(node, port).depth;
  }
}
