/**
 * The simulator's one queue: a binary min-heap of scheduled actions ordered by
 * (time, insertion sequence). Two actions at the same instant run in the order
 * they were scheduled, so a run is a total order and the same input gives the
 * same log byte for byte (ns-3 EventKey, OMNeT++ cEvent ordering).
 *
 * Stored as a structure of arrays: no object per entry, and no closure per
 * entry either (an action is a shared handler plus its argument).
 */
export type Handler<T> = (arg: T) => void;

export class EventQueue {
  private times: number[] = [];
  private orders: number[] = [];
  private handlers: Array<Handler<unknown>> = [];
  private args: unknown[] = [];
  private nextOrder = 0;

  get size(): number {
    return this.times.length;
  }

  /** Time of the earliest action, or undefined when nothing is left. */
  peekTime(): number | undefined {
    return this.times[0];
  }

  push<T>(time: number, handler: Handler<T>, arg: T): void {
    let i = this.times.length;
    this.times.push(time);
    this.orders.push(this.nextOrder++);
    this.handlers.push(handler as Handler<unknown>);
    this.args.push(arg);
    this.siftUp(i);
  }

  /** Removes the earliest action and runs it. The caller has checked size > 0. */
  popAndRun(): void {
    const handler = this.handlers[0]!;
    const arg = this.args[0];
    const last = this.times.length - 1;
    if (last > 0) {
      this.move(last, 0);
    }
    this.times.pop();
    this.orders.pop();
    this.handlers.pop();
    this.args.pop();
    if (last > 0) this.siftDown(0);
    handler(arg);
  }

  private less(i: number, j: number): boolean {
    const ti = this.times[i]!;
    const tj = this.times[j]!;
    return ti < tj || (ti === tj && this.orders[i]! < this.orders[j]!);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.orders[to] = this.orders[from]!;
    this.handlers[to] = this.handlers[from]!;
    this.args[to] = this.args[from];
  }

  private swap(i: number, j: number): void {
    const t = this.times[i]!;
    const o = this.orders[i]!;
    const h = this.handlers[i]!;
    const a = this.args[i];
    this.move(j, i);
    this.times[j] = t;
    this.orders[j] = o;
    this.handlers[j] = h;
    this.args[j] = a;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.times.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && this.less(right, left) ? right : left;
      if (!this.less(child, i)) return;
      this.swap(i, child);
      i = child;
    }
  }
}
