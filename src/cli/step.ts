import { basename } from 'node:path';
import { openRecording } from '../api/recording.js';
import { LineWriter } from '../pipeline/line-writer.js';
import { stepLines } from '../stepper/stepper-lines.js';
import { stepTty } from '../stepper/stepper-tty.js';
import { Stepper } from '../stepper/stepper.js';
import { RecordingError } from '../store/recording.js';
import { useColor } from './flags.js';

export interface StepFlags {
  tables?: boolean;
  layers?: boolean;
}

/**
 * `hoplab step REC.db`: walk a recording event by event. On a terminal, keys
 * and a full screen; otherwise one command per line on stdin, plain text out.
 */
export async function stepCommand(path: string, flags: StepFlags): Promise<number> {
  const recording = openRecording(path);
  try {
    if (recording.status().events === 0) throw new RecordingError(`${path}: the recording has no events to step through`);
    const stepper = new Stepper(recording.reader, recording);
    const tty = process.stdin.isTTY === true && process.stdout.isTTY === true;
    const view = { tables: flags.tables ?? tty, layers: flags.layers ?? tty, window: false, color: useColor(1) };
    if (tty) await stepTty(stepper, view, basename(path));
    else {
      const out = new LineWriter(1);
      await stepLines(stepper, view, process.stdin, out, basename(path));
      out.flush();
    }
  } finally {
    recording.close();
  }
  return 0;
}
