import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/event-queue.js';

/** Runs every action in the queue. */
function drain(queue: EventQueue): void {
  while (queue.size > 0) queue.popAndRun();
}

/** An action that says its argument's name, and the names said, in order. */
function sayer(): { ran: string[]; say: (name: string) => void } {
  const ran: string[] = [];
  return { ran, say: (name) => ran.push(name) };
}

describe('the event queue', () => {
  it('runs actions by time, then in the order they were scheduled', () => {
    const q = new EventQueue();
    const { ran, say } = sayer();
    q.push(20, say, 'late');
    q.push(10, say, 'first at 10');
    q.push(10, say, 'second at 10');
    drain(q);
    expect(ran).toEqual(['first at 10', 'second at 10', 'late']);
  });

  it('runs an action pushed into a reserved turn where it would have run had it been pushed then', () => {
    const q = new EventQueue();
    const { ran, say } = sayer();
    q.push(10, say, 'before the turn');
    const turn = q.reserve();
    q.push(10, say, 'after the turn');
    q.pushReserved(10, turn, say, 'in the turn');
    drain(q);
    expect(ran).toEqual(['before the turn', 'in the turn', 'after the turn']);
  });

  it('says whether a reserved turn has passed, by time and then by order', () => {
    const q = new EventQueue();
    const turn = q.reserve();
    q.push(10, () => {}, undefined);
    expect(q.hasPassed(0, 10, turn)).toBe(false);
    q.popAndRun(); // the action after the turn, at 10
    expect(q.hasPassed(10, 10, turn)).toBe(true);
    expect(q.hasPassed(10, 10, turn + 2)).toBe(false);
    expect(q.hasPassed(11, 10, turn + 2)).toBe(true);
    q.ranThrough();
    expect(q.hasPassed(10, 10, turn + 2)).toBe(true);
  });
});
