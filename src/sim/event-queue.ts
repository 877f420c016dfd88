/**
 * The simulator's one queue: a 4-ary min-heap of scheduled actions ordered by
 * (time, insertion sequence). Two actions at the same instant run in the order
 * they were scheduled, so a run is a total order and the same input gives the
 * same log byte for byte (ns-3 EventKey, OMNeT++ cEvent ordering).
 *
 * Stored as a structure of arrays: no object per entry, and no closure per
 * entry either (an action is a shared handler plus its argument).
 *
 * A place in the order can be taken before its action is known to be needed
 * (`reserve`), and the action pushed into it later or never (`pushReserved`):
 * it then runs exactly where it would have run had it been pushed at once.
 */
export type Handler<T> = (arg: T) => void;

export class EventQueue {
  private times: number[] = [];
  private orders: number[] = [];
  private handlers: Array<Handler<unknown>> = [];
  private args: unknown[] = [];
  private nextOrder = 0;
  /** The order of the action last taken out to run (-1 before the first). */
  private lastOrder = -1;

  get size(): number {
    return this.times.length;
  }

  /** Time of the earliest action, or undefined when nothing is left. */
  peekTime(): number | undefined {
    return this.times[0];
  }

  push<T>(time: number, handler: Handler<T>, arg: T): void {
    this.pushReserved(time, this.nextOrder++, handler, arg);
  }

  /** Takes the next place in the order for an action that may never be pushed. */
  reserve(): number {
    return this.nextOrder++;
  }

  /** Pushes an action into a place taken by `reserve`. */
  pushReserved<T>(time: number, order: number, handler: Handler<T>, arg: T): void {
    const times = this.times;
    const orders = this.orders;
    // Sift up with a hole: parents move down into it, the new entry is written once.
    let i = times.length;
    times.push(time);
    orders.push(order);
    this.handlers.push(handler as Handler<unknown>);
    this.args.push(arg);
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const tp = times[parent]!;
      if (tp < time || (tp === time && orders[parent]! < order)) break;
      this.move(parent, i);
      i = parent;
    }
    this.put(i, time, order, handler as Handler<unknown>, arg);
  }

  /** Removes the earliest action and runs it. The caller has checked size > 0. */
  popAndRun(): void {
    const handler = this.handlers[0]!;
    const arg = this.args[0];
    this.lastOrder = this.orders[0]!;
    const last = this.times.length - 1;
    const time = this.times.pop()!;
    const order = this.orders.pop()!;
    const lastHandler = this.handlers.pop()!;
    const lastArg = this.args.pop();
    if (last > 0) this.siftDown(time, order, lastHandler, lastArg);
    handler(arg);
  }

  /**
   * Whether the action at (time, order) would have run by now, were it in
   * the queue: `now` is the time of the action last taken out, or later.
   */
  hasPassed(now: number, time: number, order: number): boolean {
    return time < now || (time === now && order <= this.lastOrder);
  }

  /** Every action up to `now` has run (the clock moved on to a run's end with none left there). */
  ranThrough(): void {
    this.lastOrder = Number.POSITIVE_INFINITY;
  }

  private put(i: number, time: number, order: number, handler: Handler<unknown>, arg: unknown): void {
    this.times[i] = time;
    this.orders[i] = order;
    this.handlers[i] = handler;
    this.args[i] = arg;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.orders[to] = this.orders[from]!;
    this.handlers[to] = this.handlers[from]!;
    this.args[to] = this.args[from];
  }

  /**
   * Places (time, order, ...) from the root down, moving the least child up
   * into the hole until the entry fits. Four children per node: half the
   * depth of a binary heap, and the children sit side by side in the arrays.
   */
  private siftDown(time: number, order: number, handler: Handler<unknown>, arg: unknown): void {
    const times = this.times;
    const orders = this.orders;
    const n = times.length;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let child = first;
      let tc = times[first]!;
      let oc = orders[first]!;
      const end = Math.min(first + 4, n);
      for (let c = first + 1; c < end; c++) {
        const t = times[c]!;
        if (t < tc || (t === tc && orders[c]! < oc)) {
          child = c;
          tc = t;
          oc = orders[c]!;
        }
      }
      if (time < tc || (time === tc && order < oc)) break;
      this.move(child, i);
      i = child;
    }
    this.put(i, time, order, handler, arg);
  }
}
