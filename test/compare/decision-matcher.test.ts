import { describe, expect, it } from 'vitest';
import { DecisionMatcher, type Decision } from '../../src/compare/decision-matcher.js';

let ords = [0, 0];
function d(side: 0 | 1, key: string, sig: string, step = 0): Decision {
  const ord = ++ords[side]!;
  return { side, seq: ord * 10, step, depth: 1, ord, key, sig };
}

describe('DecisionMatcher', () => {
  it('finds nothing when every decision has an equal counterpart, whatever the arrival order', () => {
    ords = [0, 0];
    const m = new DecisionMatcher();
    m.offer(d(0, 'k1', 'flood|p'));
    m.offer(d(0, 'k2', 'deliver'));
    m.offer(d(1, 'k2', 'deliver'));
    m.offer(d(1, 'k1', 'flood|p'));
    expect(m.finish()).toBeUndefined();
    expect(m.matched).toBe(2);
  });

  it('reports the decision that differs at the same place, both sides', () => {
    ords = [0, 0];
    const m = new DecisionMatcher();
    m.offer(d(0, 'req', 'flood|h2,h3'));
    m.offer(d(1, 'req', 'flood|h2,h3'));
    m.offer(d(0, 'reply', 'flood|h1,h3'));
    m.offer(d(1, 'reply', 'forward|h1'));
    const div = m.finish()!;
    expect(div.a?.sig).toBe('flood|h1,h3');
    expect(div.b?.sig).toBe('forward|h1');
  });

  it('reports a decision only one side made when it comes before any mismatch', () => {
    ords = [0, 0];
    const m = new DecisionMatcher();
    m.offer(d(0, 'x', 'deliver'));
    m.offer(d(1, 'extra', 'drop|not-for-me'));
    m.offer(d(1, 'x', 'deliver'));
    m.offer(d(0, 'y', 'flood'));
    m.offer(d(1, 'y', 'forward'));
    const div = m.finish()!;
    expect(div.a).toBeUndefined();
    expect(div.b?.key).toBe('extra');
  });

  it('puts an earlier scenario step first, even when its decision arrives last', () => {
    ords = [0, 0];
    const m = new DecisionMatcher();
    m.offer(d(0, 's2', 'flood', 1));
    m.offer(d(1, 's2', 'forward', 1));
    m.offer(d(0, 's1', 'deliver', 0));
    const div = m.finish()!;
    expect(div.a?.key).toBe('s1');
  });

  it('pairs repeated decisions at one place in order', () => {
    ords = [0, 0];
    const m = new DecisionMatcher();
    m.offer(d(0, 'k', 'flood'));
    m.offer(d(0, 'k', 'forward'));
    m.offer(d(1, 'k', 'flood'));
    m.offer(d(1, 'k', 'forward'));
    expect(m.finish()).toBeUndefined();
  });
});
