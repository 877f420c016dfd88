import type { DescriptionHint, HintSource } from '../../src/events/description-hint.js';

/** A run's sequence of hints, as the simulator issues them (Simulator.newHint), for a producer tested alone. */
export function hintSource(): HintSource {
  let last = 0;
  return { newHint: () => ++last as DescriptionHint };
}
