import { stateText } from '../state/state-format.js';
import type { SimEvent } from '../events/event.js';
import { parseDuration } from '../topology/units.js';
import { summarizeFrame } from '../wire/decode.js';
import { FilterSyntaxError } from './stepper-filter.js';
import { COMMAND_HELP, type StepView } from './stepper-view.js';
import type { Stepper } from './stepper.js';

/** What a command did: moved the cursor (show the event), said something, or asked to quit. */
export interface StepOutcome {
  moved: boolean;
  message?: string;
  /** Lines to show as they are (help, the whole state). */
  lines?: string[];
  quit?: boolean;
}

const count = (arg: string | undefined): number | undefined =>
  arg === undefined ? 1 : /^\d+$/.test(arg) && Number(arg) > 0 ? Number(arg) : undefined;

/**
 * One stepper command, as typed in line mode or produced by a key in the
 * terminal: both modes go through here, so a scripted walk and a walk by
 * hand land on the same events.
 */
export function runStepCommand(stepper: Stepper, view: StepView, input: string): StepOutcome {
  const line = input.trim();
  if (line.startsWith('/')) return search(stepper, line.slice(1), 1);
  if (line.startsWith('?') && line.length > 1) return search(stepper, line.slice(1), -1);
  const [word = 'next', ...rest] = line.split(/\s+/).filter(Boolean);
  const arg = rest.join(' ');
  const at = stepper.current.seq;
  switch (word) {
    case 'n':
    case 'next':
    case 'p':
    case 'prev':
    case 'previous': {
      const k = count(rest[0]);
      if (k === undefined) return { moved: false, message: `${word}: '${rest[0]}' is not a count` };
      const forward = word.startsWith('n');
      if (stepper.step(forward ? k : -k)) return { moved: true };
      const which = stepper.filter ? `matches the filter '${stepper.filter.text}'` : 'exists';
      return { moved: false, message: `no ${forward ? 'later' : 'earlier'} event ${which} (still at #${at})` };
    }
    case 'N':
    case 'next-copy':
    case 'next-frame':
    case 'P':
    case 'prev-copy':
    case 'prev-frame':
      return followCopy(stepper, word === 'N' || word.startsWith('next') ? 1 : -1);
    case ']':
    case 'copies':
      return childCopy(stepper);
    case '[':
    case 'made-from':
      return parentCopy(stepper);
    case 'c':
    case 'cause':
      return stepper.cause() ? { moved: true } : { moved: false, message: `#${at} is a scenario command: nothing caused it` };
    case 'g':
    case 'goto': {
      const seq = Number(arg.replace(/^#/, ''));
      if (!/^#?\d+$/.test(arg) || !stepper.goto(seq))
        return { moved: false, message: `goto: no event '${arg}' (events are #1 to #${stepper.last})` };
      return { moved: true };
    }
    case 'first':
      return { moved: stepper.goto(1) };
    case 'last':
      return { moved: stepper.goto(stepper.last) };
    case 'time':
    case 'at': {
      const ns = /^\d+(\.\d+)?$/.test(arg) ? Math.round(Number(arg) * 1e9) : parseDuration(arg);
      if (ns === undefined) return { moved: false, message: `time: '${arg}' is not a time (1.5s, 200us, 3ms or seconds)` };
      return stepper.gotoTime(ns) ? { moved: true } : { moved: false, message: `no event at or after ${arg} (still at #${at})` };
    }
    case 'f':
    case 'filter': {
      if (!arg) return { moved: false, message: stepper.filter ? `filter: ${stepper.filter.text}` : 'no filter (filter EXPR sets one)' };
      try {
        const moved = stepper.setFilter(arg);
        const now = stepper.filter ? `filter: ${stepper.filter.text}` : 'filter off';
        return moved
          ? { moved: true, message: now }
          : { moved: false, message: `${now}; no event from #${at} on matches (still at #${at})` };
      } catch (e) {
        if (e instanceof FilterSyntaxError) return { moved: false, message: `filter: ${e.message}` };
        throw e;
      }
    }
    case 'search':
      return search(stepper, arg, 1);
    case 't':
    case 'tables':
      view.tables = !view.tables;
      return { moved: true, message: `tables ${view.tables ? 'on' : 'off'}` };
    case 'd':
    case 'layers':
      view.layers = !view.layers;
      return { moved: true, message: `layers ${view.layers ? 'on' : 'off'}` };
    case 'w':
    case 'window':
      view.window = !view.window;
      return { moved: true, message: `window ${view.window ? 'on' : 'off'}` };
    case 'state': {
      const summary = (id: number): string | undefined => {
        const b = stepper.bytesOf({ frame: id } as SimEvent);
        return b ? summarizeFrame(b) : undefined;
      };
      return { moved: false, lines: stateText(stepper.state(), summary) };
    }
    case 'h':
    case 'help':
    case '?':
      return { moved: false, lines: COMMAND_HELP };
    case 'q':
    case 'quit':
    case 'exit':
      return { moved: false, quit: true };
    default:
      return { moved: false, message: `unknown command '${word}' (help lists them)` };
  }
}

function search(stepper: Stepper, text: string, direction: 1 | -1): StepOutcome {
  if (!text.trim()) return { moved: false, message: 'search: what for? (/TEXT)' };
  return stepper.search(text.trim(), direction)
    ? { moved: true }
    : { moved: false, message: `'${text.trim()}' not found ${direction > 0 ? 'after' : 'before'} #${stepper.current.seq}` };
}

const seqs = (events: SimEvent[]): string => events.map((e) => `#${e.seq}`).join(', ');

/** N and P: along the copy under the cursor; at its end, where it multiplied. */
function followCopy(stepper: Stepper, direction: 1 | -1): StepOutcome {
  const at = stepper.current;
  const r = stepper.followCopy(direction);
  if (r === 'no-copy') return { moved: false, message: noCopy(at) };
  if (r) return { moved: true };
  const copy = stepper.copyTx()!.seq;
  if (direction < 0) {
    const parent = stepper.parentCopy();
    const from = parent ? `[ goes to #${parent.seq}, the copy it was made from` : `${at.node} built the frame`;
    return { moved: false, message: `#${at.seq} is where copy #${copy} begins: ${from}` };
  }
  const children = stepper.childCopies();
  const made = children.length ? `; the copies made from it: ${seqs(children)} (] goes to the first)` : '';
  return { moved: false, message: `copy #${copy} ends at #${at.seq}${made}` };
}

/** ]: to the first copy made from the one under the cursor, naming its siblings. */
function childCopy(stepper: Stepper): StepOutcome {
  const at = stepper.current;
  if (!stepper.copyTx()) return { moved: false, message: noCopy(at) };
  const copy = stepper.copyTx()!.seq;
  const children = stepper.childCopies();
  if (!children.length) return { moved: false, message: `no copy was made from copy #${copy} (still at #${at.seq})` };
  stepper.goto(children[0]!.seq);
  const of = children.length === 1 ? 'the one copy' : `1 of ${children.length} copies`;
  return { moved: true, message: `copy #${children[0]!.seq}, ${of} made from #${copy}: ${seqs(children)}` };
}

/** [: to the tx of the copy the current one was made from. */
function parentCopy(stepper: Stepper): StepOutcome {
  const at = stepper.current;
  if (!stepper.copyTx()) return { moved: false, message: noCopy(at) };
  const parent = stepper.parentCopy();
  if (!parent) return { moved: false, message: `copy #${stepper.copyTx()!.seq} was made from no earlier copy: its sender built the frame` };
  stepper.goto(parent.seq);
  return { moved: true, message: `copy #${parent.seq}` };
}

function noCopy(e: SimEvent): string {
  return e.frame === undefined
    ? `#${e.seq} (${e.kind}) carries no frame`
    : `#${e.seq} (${e.kind}) concerns a frame before it was on a wire: no copy to follow`;
}
