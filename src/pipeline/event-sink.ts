import type { Observer } from 'rxjs';
import type { SimEvent } from '../events/event.js';

/**
 * Whatever a stream of events goes into: the printer, the NDJSON writer, the
 * recorder, the snapshot fold, the capture file, the progress line. A sink is
 * an RxJS observer that may leave out what it does not need; it never knows
 * whether the stream is a live run or a replayed recording (STYLE rule 6).
 */
export type EventSink = Partial<Observer<SimEvent>>;
