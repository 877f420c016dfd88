import { emitKeypressEvents } from 'node:readline';
import { runStepCommand, type StepOutcome } from './stepper-commands.js';
import { DEFAULT_PLAY_INTERVAL, KEY_LINES, KEYS, PLAY_INTERVALS_MS, PROMPTS, footerFor } from './stepper-keys.js';
import { eventLines, layerLines, tableLines, windowLines, type StepView } from './stepper-view.js';
import type { Stepper } from './stepper.js';
import { printable } from '../events/printable.js';

interface Key {
  name?: string;
  ctrl?: boolean;
  sequence?: string;
}

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
  // How far the body below the header is scrolled, in lines; back to 0 whenever the cursor moves.
  let scroll = 0;
  let pageRows = 20;
  // Play: a wall-clock timer steps the cursor (the display's clock, never the simulation's).
  let player: NodeJS.Timeout | undefined;
  let speed = DEFAULT_PLAY_INTERVAL;

  // Every line drawn passes here: its control characters are made visible first (printable.ts).
  const fit = (line: string, width: number): string => {
    const l = printable(line);
    const plain = l.replace(ANSI, '');
    return plain.length <= width ? l : `${plain.slice(0, Math.max(0, width - 1))}…`;
  };
  const bodyLines = (cols: number): string[] => {
    if (extra) return extra;
    const e = stepper.current;
    const layers = view.layers ? layerLines(e.bytes) : [];
    const tables = view.tables ? tableLines(stepper) : [];
    return [
      ...windowLines(stepper, 3, 3, view.color),
      '',
      fit(eventLines(e, view.color)[0]!, cols),
      ...wrap(`why: ${e.why}`, cols - 2).map((l) => `  ${l}`),
      '',
      ...(layers.length && tables.length && cols >= 140 ? sideBySide(layers, tables, Math.floor(cols / 2) - 1) : [...layers, ...tables]),
    ];
  };
  const draw = (): void => {
    const rows = stdout.rows || 24;
    const cols = stdout.columns || 80;
    const e = stepper.current;
    const playing = player ? `  ▶ playing, ${PLAY_INTERVALS_MS[speed]} ms a step` : '';
    const head = `${title}  #${e.seq} of ${stepper.last}${stepper.filter ? `  filter: ${stepper.filter.text}` : ''}  tables ${view.tables ? 'on' : 'off'}${playing}`;
    const body = bodyLines(cols);
    // The header, the body's window, and the footer: the body scrolls inside what is left (a pane, as less pages).
    const room = rows - 2;
    pageRows = Math.max(1, room - 1);
    scroll = Math.max(0, Math.min(scroll, body.length - room));
    let shown = body.slice(scroll, scroll + room);
    const below = body.length - scroll - room;
    if (below > 0) shown = [...shown.slice(0, room - 1), `  ↓ ${below} more line${below === 1 ? '' : 's'}: j or PgDn`];
    const footer = prompt !== undefined ? `${prompt}${typed}` : message || footerFor(cols);
    const lines = [`${ESC}7m${fit(head, cols).padEnd(cols)}${ESC}0m`, ...shown.map((l) => fit(l, cols))];
    while (lines.length < rows - 1) lines.push('');
    lines.push(`${ESC}7m${fit(footer, cols).padEnd(cols)}${ESC}0m`);
    stdout.write(`${ESC}H${ESC}2J${lines.join('\r\n')}`);
  };
  const apply = (r: StepOutcome): boolean => {
    extra = r.lines;
    message = r.message ?? '';
    if (r.moved) scroll = 0;
    return r.quit === true;
  };
  const stopPlaying = (): void => {
    if (player) clearInterval(player);
    player = undefined;
  };
  const play = (): void => {
    stopPlaying();
    player = setInterval(() => {
      const r = runStepCommand(stepper, view, 'next');
      apply(r);
      if (!r.moved) {
        stopPlaying();
        message = `stopped playing: ${r.message ?? 'at the end'}`;
      }
      draw();
    }, PLAY_INTERVALS_MS[speed]);
  };

  return new Promise<void>((resolve) => {
    const finish = (): void => {
      stopPlaying();
      stdin.off('keypress', onKey);
      stdout.off('resize', draw);
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      stdout.write(`${ESC}?25h${ESC}?1049l`);
      resolve();
    };
    /** Keys of the display itself: scrolling, help, play. True when the key was one. */
    const viewKey = (name: string): boolean => {
      if (name === 'j' || name === 'pagedown' || name === 'k' || name === 'pageup') {
        const step = name === 'j' || name === 'k' ? 1 : pageRows;
        scroll += name === 'j' || name === 'pagedown' ? step : -step;
        scroll = Math.max(0, scroll);
      } else if (name === '?' || name === 'h') {
        extra = KEY_LINES;
        message = '';
        scroll = 0;
      } else if (name === 'a') {
        if (player) {
          stopPlaying();
          message = 'paused';
        } else play();
      } else if (name === '+' || name === '-') {
        speed = Math.max(0, Math.min(PLAY_INTERVALS_MS.length - 1, speed + (name === '+' ? 1 : -1)));
        message = `${PLAY_INTERVALS_MS[speed]} ms a step`;
        if (player) play();
      } else return false;
      return true;
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
      if (viewKey(name)) return draw();
      if (PROMPTS[name] !== undefined) {
        prompt = PROMPTS[name];
        extra = undefined;
        return draw();
      }
      const command = KEYS[name];
      if (!command) {
        message = `${name}: not a key here (? shows the keys)`;
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
