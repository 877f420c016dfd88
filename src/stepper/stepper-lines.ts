import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { LineWriter } from '../pipeline/line-writer.js';
import { runStepCommand } from './stepper-commands.js';
import { landingLines, type StepView } from './stepper-view.js';
import type { Stepper } from './stepper.js';

/**
 * The stepper without a terminal: one command per input line, and after each
 * the event it lands on as plain text (or what it has to say), so a walk can
 * be scripted and its output checked. Blocks are separated by a blank line.
 */
export async function stepLines(stepper: Stepper, view: StepView, input: Readable, out: LineWriter, title: string): Promise<void> {
  out.line(`${title}: ${stepper.last} events; at #${stepper.current.seq} (help lists the commands)`);
  for (const l of landingLines(stepper, view)) out.line(l);
  out.flush();
  const rl = createInterface({ input, crlfDelay: Infinity, terminal: false });
  for await (const raw of rl) {
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) continue;
    const r = runStepCommand(stepper, view, text);
    out.line('');
    if (r.message) out.line(`(${r.message})`);
    if (r.lines) for (const l of r.lines) out.line(l);
    if (r.moved) for (const l of landingLines(stepper, view)) out.line(l);
    out.flush();
    // Stdout closed (`| head`): nobody reads the answers, so stop reading commands.
    if (r.quit || out.closed) break;
  }
  rl.close();
}
