import type { Network } from '../net/network.js';
import { Bridges } from './bridges.js';
import { execute, sudoEnd } from './commands.js';
import { LinkCounting } from './link-counters.js';
import { Linkwatch } from './linkwatch.js';
import { Kernel, type Namespace } from './kernel.js';
import { formatSeconds } from '../events/time.js';
import { DEFAULT_INTERRUPT_AFTER_NS, type Script } from '../topology/model.js';
import type { ScriptLine } from '../topology/script-lexer.js';
import { STDERR_WHY_END, unsupported, type Shell } from './shell.js';

/** What a script's run may do beyond the network. */
export interface ScriptRunOptions {
  /** Where `tcpdump -w` writes (relative names from here); without it, no file is written. */
  outputFolder?: string;
}

/** A command running in the background (`CMD &`): how to end it when the script ends. */
interface Job {
  interrupt?: () => void;
}

/**
 * Runs a script in virtual time, one line after the other (SPEC §2): each
 * line is a `command` event in the namespace it runs in, and the next line
 * starts when it has finished, at that virtual instant; a ping takes its
 * simulated seconds. A line ending with `&` starts its command and the next
 * line runs at once; when the last line has run, background commands are
 * interrupted as Ctrl-C would (SIGINT). After that the network runs on by itself.
 */
export class ScriptRunner {
  kernel!: Kernel;
  bridges!: Bridges;
  counters!: LinkCounting;
  /** Lines whose command failed (non-zero status, as bash's $?), in order. */
  readonly failures: Array<{ line: number; status: number }> = [];
  /** How many lines have run to their end. */
  finishedLines = 0;
  /** Files commands could not put in place (`tcpdump -w`), reported when the run ends. */
  readonly writeFailures: unknown[] = [];
  private index = 0;
  /** Whether the note on an interrupted line has been printed (once a run). */
  private interruptNoted = false;
  private readonly jobs = new Set<Job>();
  private waiting: (() => void) | undefined;

  constructor(
    readonly network: Network,
    readonly script: Script,
    readonly options: ScriptRunOptions = {},
  ) {}

  /** Called when the network starts: the root namespace exists, time is 0. */
  start(): void {
    this.kernel = new Kernel(this.network);
    this.kernel.linkwatch = new Linkwatch(this.kernel);
    this.bridges = new Bridges(this.kernel);
    this.counters = new LinkCounting(this.kernel);
    this.network.schedule(this.network.now, runNext, this);
  }

  next(): void {
    const line = this.script.lines[this.index++];
    if (!line) return this.endJobs();
    const { ns, words } = this.effective(line.words);
    const text = line.shellSyntax !== undefined ? line.text : `${words.map(quote).join(' ')}${line.background ? ' &' : ''}`;
    const seq = this.network.emit({
      kind: 'command',
      node: ns.name,
      text,
      why: `line ${line.line} of ${this.script.displayPath} runs \`${line.text}\`${ns === this.kernel.root ? '' : ` in ${ns.name}`}`,
    });
    const done = { value: false };
    const canBackground = BACKGROUND_PROGRAMS.has(programOf(words));
    const job: Job | undefined = line.background && canBackground ? {} : undefined;
    if (job) this.jobs.add(job);
    const sh = this.shell(ns, seq, line, done, job);
    const status =
      line.unterminatedQuote !== undefined
        ? unterminated(sh, this.script.displayPath, line)
        : line.shellSyntax !== undefined
          ? unsupported(sh, `hoplab runs one simple command per line; it does not interpret '${line.shellSyntax}'`)
          : line.background && !canBackground
            ? unsupported(sh, `hoplab runs only tcpdump in the background (with &), not '${programOf(words)}'`)
            : execute(sh, words);
    if (status !== undefined) sh.finish(status);
    // bash starts a background job and goes on at once; the line's status is 0 whatever the job's.
    if (job) this.lineDone(line, 0, seq);
  }

  /**
   * Where a line runs and what runs there: `ip netns exec NS CMD` is CMD in
   * NS, `ip -n NS OBJECT` is `ip OBJECT` in NS, once NS exists; otherwise the
   * line runs as written and reports what is wrong. The words are walked by
   * index and copied once, so a line of many nested `ip netns exec` costs
   * linear time.
   */
  private effective(words: string[]): { ns: Namespace; words: string[] } {
    let ns = this.kernel.root;
    let start = sudoEnd(words, 0);
    // After `ip -n NS`, the command is `ip` and the words from `start` on.
    let ip = false;
    if (start === words.length) return { ns, words };
    const at = (k: number): string | undefined => (ip ? (k === 0 ? 'ip' : words[start + k - 1]) : words[start + k]);
    for (;;) {
      const byOption = at(1) === '-n';
      const target = at(0) === 'ip' ? (at(1) === 'netns' && at(2) === 'exec' ? at(3) : byOption ? at(2) : undefined) : undefined;
      const found = target === undefined ? undefined : this.kernel.namespaces.get(target);
      const inner = start + (byOption ? 3 : 4) - (ip ? 1 : 0);
      // With nothing to run there, the line runs as written, so that ip says what is missing.
      if (!found?.named || inner >= words.length) break;
      ns = found;
      ip = byOption;
      start = byOption ? inner : sudoEnd(words, inner);
    }
    return { ns, words: ip ? ['ip', ...words.slice(start)] : words.slice(start) };
  }

  private shell(ns: Namespace, seq: number, line: ScriptLine, done: { value: boolean }, job: Job | undefined): Shell {
    const runner = this;
    const network = this.network;
    return {
      kernel: this.kernel,
      bridges: this.bridges,
      counters: this.counters,
      ns,
      seq,
      where: `${this.script.displayPath}:${line.line}`,
      background: job !== undefined,
      outputFolder: this.options.outputFolder,
      out: (text, cause = seq) =>
        network.emit({ kind: 'app', node: ns.name, cause, text, channel: 'stdout', why: `the command prints this in ${ns.name}` }),
      err: (text, cause = seq) =>
        network.emit({
          kind: 'app',
          node: ns.name,
          cause,
          text,
          channel: 'stderr',
          why: `the command fails in ${ns.name} and says why ${STDERR_WHY_END}`,
        }),
      in: (other) => runner.shell(other, seq, line, done, job),
      onScriptEnd: (interrupt) => {
        if (job) job.interrupt = interrupt;
      },
      waitForJobs: (then) => {
        if (runner.jobs.size === 0) return then();
        runner.waiting = then;
      },
      writeFailed: (error) => runner.writeFailures.push(error),
      finish(status: number): void {
        if (done.value) return;
        done.value = true;
        if (job) runner.jobDone(job);
        else runner.lineDone(line, status, seq);
      },
      untilInterrupted(interrupt: () => void): void {
        if (done.value) return;
        const after = runner.script.interruptAfterNs ?? DEFAULT_INTERRUPT_AFTER_NS;
        network.schedule(
          network.now + after,
          () => {
            if (done.value) return;
            if (!runner.interruptNoted) {
              runner.interruptNoted = true;
              this.err(
                `${this.where}: this command runs until Ctrl-C; hoplab interrupts it after ${seconds(after)} s of virtual time, as it does every such line (hoplab run --interrupt-after T)`,
              );
            }
            interrupt();
          },
          undefined,
        );
      },
    };
  }

  /** A background command ended (its status, as bash's, is only `wait PID`'s, which hoplab does not run). */
  private jobDone(job: Job): void {
    this.jobs.delete(job);
    if (this.jobs.size > 0 || !this.waiting) return;
    const then = this.waiting;
    this.waiting = undefined;
    then();
  }

  /** The last line has run: background commands end, as when Ctrl-C reaches them. */
  private endJobs(): void {
    for (const job of [...this.jobs]) job.interrupt?.();
  }

  private lineDone(line: ScriptLine, status: number, seq: number): void {
    this.finishedLines++;
    if (status !== 0) this.failures.push({ line: line.line, status });
    this.bridges.sync(seq);
    this.network.schedule(this.network.now, runNext, this);
  }

  /** Lines that never ran because the run stopped first (`--until`, the event limit). */
  get linesNotRun(): number {
    return this.script.lines.length - this.finishedLines;
  }
}

/**
 * The file ended inside a quote: bash's syntax error (parse.y, "unexpected EOF
 * while looking for matching"), naming the line the quote opened on. bash
 * runs nothing of it and exits with status 2; nothing follows it in the file.
 */
function unterminated(sh: Shell, path: string, line: ScriptLine): number {
  sh.err(`${path}: line ${line.line}: unexpected EOF while looking for matching \`${line.unterminatedQuote}'`);
  return 2;
}

/** What may run in the background: a command that ends by itself or when interrupted. */
const BACKGROUND_PROGRAMS = new Set(['tcpdump']);

function programOf(words: string[]): string {
  const path = words[sudoEnd(words, 0)] ?? '';
  return path.slice(path.lastIndexOf('/') + 1);
}

function runNext(runner: ScriptRunner): void {
  runner.next();
}

/** A duration as people write it: 4, 0.5, 2.25 (seconds). */
function seconds(ns: number): string {
  return formatSeconds(ns).replace(/\.?0+$/, '');
}

/** A word as a shell would need it written again. */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
