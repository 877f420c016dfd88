import type { Pairing } from '../compare/pairing.js';
import type { ViewSession } from './session.js';

/** What the server serves: one recording, or two side by side, and their diff when there are two. */
export interface ViewContext {
  sessions: ViewSession[];
  diff?: () => Promise<object>;
  /** Which node of B stands for which of A (the diff's pairing: --map, else same name, else same IP address). */
  pairing?: Pairing;
}
