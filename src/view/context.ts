import type { ViewSession } from './session.js';

/** What the server serves: one recording, or two side by side, and their diff when there are two. */
export interface ViewContext {
  sessions: ViewSession[];
  diff?: () => Promise<object>;
}
