import { emitKeypressEvents } from 'node:readline';
import { runStepCommand, type StepOutcome } from './stepper-commands.js';
import { KEY_HELP, eventLines, layerLines, tableLines, windowLines, type StepView } from './stepper-view.js';
import type { Stepper } from './stepper.js';
import { printable } from '../events/printable.js';

interface Key {
  name?: string;
  ctrl?: boolean;
  sequence?: string;
}

/** Keys that act at once, and the stepper command each one is. */
const KEYS: Record<string, string> = {
  n: 'next',
  right: 'next',
  down: 'next',
  space: 'next',
  return: 'next',
  p: 'prev',
  left: 'prev',
  up: 'prev',
  N: 'next-frame',
  P: 'prev-frame',
  c: 'cause',
  T: 'tables',
  d: 'layers',
  w: 'window',
  home: 'first',
  end: 'last',
  q: 'quit',
  escape: 'quit',
};
/** Keys that ask for a value first, with their prompt. */
const PROMPTS: Record<string, string> = { g: 'goto ', t: 'time ', f: 'filter ', '/': '/' };

const ESC = '\x1b[';
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes begin with ESC, a control character
const ANSI = /\x1b\[[0-9;]*m/g;

/** Words to lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/** Two columns: the frame's layers on the left, the node's tables on the right. */
function sideBySide(left: string[], right: string[], width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = (left[i] ?? '').slice(0, width);
    out.push(`${l.padEnd(width)} │${right[i] ?? ''}`);
  }
  return out;
}

/**
 * The stepper on a terminal: raw-mode keys, the screen redrawn after each
 * one (the alternate screen, as less and top use, so the shell's scrollback
 * is left as it was), the help line always at the bottom.
 */
export function stepTty(stepper: Stepper, view: StepView, title: string): Promise<void> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  let prompt: string | undefined;
  let typed = '';
  let message = '';
  let extra: string[] | undefined;

  // Every line drawn passes here: its control characters are made visible first (printable.ts).
  const fit = (line: string, width: number): string => {
    const l = printable(line);
    const plain = l.replace(ANSI, '');
    return plain.length <= width ? l : `${plain.slice(0, Math.max(0, width - 1))}…`;
  };
  const draw = (): void => {
    const rows = stdout.rows || 24;
    const cols = stdout.columns || 80;
    const e = stepper.current;
    const head = `${title}  #${e.seq} of ${stepper.last}${stepper.filter ? `  filter: ${stepper.filter.text}` : ''}  tables ${view.tables ? 'on' : 'off'}`;
    const layers = view.layers ? layerLines(e.bytes) : [];
    const tables = view.tables ? tableLines(stepper) : [];
    const body: string[] = extra ?? [
      ...windowLines(stepper, 3, 3, view.color),
      '',
      fit(eventLines(e, view.color)[0]!, cols),
      ...wrap(`why: ${e.why}`, cols - 2).map((l) => `  ${l}`),
      '',
      ...(layers.length && tables.length && cols >= 140 ? sideBySide(layers, tables, Math.floor(cols / 2) - 1) : [...layers, ...tables]),
    ];
    const footer = prompt !== undefined ? `${prompt}${typed}` : message || KEY_HELP;
    const room = rows - 3;
    const lines = [`${ESC}7m${fit(head, cols).padEnd(cols)}${ESC}0m`, ...body.slice(0, room).map((l) => fit(l, cols))];
    while (lines.length < rows - 1) lines.push('');
    lines.push(`${ESC}7m${fit(footer, cols).padEnd(cols)}${ESC}0m`);
    stdout.write(`${ESC}H${ESC}2J${lines.join('\r\n')}`);
  };
  const apply = (r: StepOutcome): boolean => {
    extra = r.lines;
    message = r.message ?? '';
    return r.quit === true;
  };

  return new Promise<void>((resolve) => {
    const finish = (): void => {
      stdin.off('keypress', onKey);
      stdout.off('resize', draw);
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      stdout.write(`${ESC}?25h${ESC}?1049l`);
      resolve();
    };
    const onKey = (str: string | undefined, key: Key = {}): void => {
      if (key.ctrl && key.name === 'c') return finish();
      if (prompt !== undefined) {
        if (key.name === 'return') {
          const command = `${prompt}${typed}`;
          prompt = undefined;
          typed = '';
          if (apply(runStepCommand(stepper, view, command))) return finish();
        } else if (key.name === 'escape') {
          prompt = undefined;
          typed = '';
        } else if (key.name === 'backspace') typed = typed.slice(0, -1);
        else if (str && str >= ' ') typed += str;
        return draw();
      }
      // A printable character names itself (N and n differ); other keys go by name (right, space, return).
      const name = str && str.length === 1 && str > ' ' && str <= '~' ? str : (key.name ?? '');
      if (PROMPTS[name] !== undefined) {
        prompt = PROMPTS[name];
        extra = undefined;
        return draw();
      }
      const command = KEYS[name] ?? (name === 'h' || name === '?' ? 'help' : undefined);
      if (!command) {
        message = `${name}: not a key here. ${KEY_HELP}`;
        return draw();
      }
      if (apply(runStepCommand(stepper, view, command))) return finish();
      draw();
    };
    emitKeypressEvents(stdin);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('keypress', onKey);
    stdout.on('resize', draw);
    stdout.write(`${ESC}?1049h${ESC}?25l`);
    draw();
  });
}
