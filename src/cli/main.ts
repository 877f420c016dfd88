import { inputErrorOf } from '../errors/input-error.js';
import { outputFailureOf } from '../errors/output-failure.js';
import { Command, CommanderError, Option } from 'commander';
import { EVENT_KINDS } from '../events/event.js';
import { printable } from '../events/printable.js';
import { CAPTURE_FORMATS } from '../export/capture-format.js';
import { DEFAULT_CAPTURE_START } from '../export/capture-start.js';
import { CAPTURE_DIRECTIONS } from '../export/capture-sink.js';
import { choiceFlag, durationFlag, integerFlag, listFlag, numberFlag } from './flags.js';
import { HOPLAB_VERSION } from '../api/version.js';
import { say } from './say.js';
import { PROTOCOLS } from '../stepper/stepper-filter.js';

/** The options every command that lists events shares: --from, --to, --kind, --node, --json, --bytes. */
function withEventFilters(cmd: Command): Command {
  return cmd
    .option('--from <seq>', 'first event', integerFlag('--from', 1))
    .option('--to <seq>', 'last event', integerFlag('--to', 1))
    .addOption(new Option('--kind <kinds>', `comma-separated kinds (${EVENT_KINDS.join(', ')})`).argParser(listFlag('--kind', EVENT_KINDS)))
    .addOption(new Option('--node <nodes>', 'comma-separated node names').argParser(listFlag('--node')))
    .option('--json', 'NDJSON')
    .option('--bytes', "add each frame's bytes as hex");
}

/** --format for every capture file: pcapng or pcap, else what the file's name says. */
function formatOption(): Option {
  return new Option(
    '--format <format>',
    `capture format: ${CAPTURE_FORMATS.join(' or ')} (default: pcap for a .pcap name, else pcapng; pcap merges capture points)`,
  ).argParser(choiceFlag('--format', CAPTURE_FORMATS));
}

/** --map for the commands that compare two recordings (diff, view): pairs parsed by compare/pairing.ts's parseMapFlag. */
function mapOption(): Option {
  return new Option('--map <pairs>', 'pair nodes named differently: A_NODE=B_NODE,... (default: same name, else same IP address)');
}

/**
 * The program and its flags. Each command's module is imported when that command
 * runs, not before: `hoplab --version` or a bad flag costs Node and commander,
 * not every layer of hoplab.
 */
function program(setExit: (code: number) => void): Command {
  const p = new Command('hoplab')
    .description('Packet-level network emulator: namespaces, veth, hubs, bridges, switches, routers; every hop recorded')
    .version(HOPLAB_VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(printable(str.startsWith('error:') ? `hoplab: ${str}` : str)) });

  p.command('run')
    .description('simulate a topology (YAML) and record every event')
    .argument('<file>', 'topology file (YAML/JSON), or - for stdin')
    .option('-o, --output <rec.db>', 'recording to write (default recordings/<name>.db)')
    .option('--until <time>', 'stop at this virtual time (e.g. 10s)', durationFlag('--until'))
    .option('--max-events <n>', 'stop after this many events', integerFlag('--max-events', 1))
    .option('--seed <n>', 'override the topology seed', integerFlag('--seed', 0, 2 ** 32 - 1))
    .option('--json', 'print events as NDJSON')
    .option('--quiet', 'print no events, only the summary')
    .option('--events', "for scripts: interleave hop events with the commands' output")
    .option(
      '--interrupt-after <time>',
      'for scripts: interrupt a command that never ends (ping without -c or -w) after this virtual time, as Ctrl-C would (default 4s)',
      durationFlag('--interrupt-after'),
    )
    .option('--pcap <out.pcapng>', 'also write a pcapng export live')
    .addOption(formatOption())
    .option('--no-progress', 'no progress line on stderr (it is drawn only on a terminal)')
    .action(async (file: string, opts) => setExit(await (await import('./run.js')).runCommand(file, opts, process.argv.slice(2))));

  withEventFilters(p.command('events').description('list the events of a recording').argument('<rec.db>', 'a recording'))
    .addOption(
      new Option('--port <ports>', "comma-separated ports, PORT or NODE:PORT (as the stepper's port=)").argParser(listFlag('--port')),
    )
    .addOption(
      new Option('--proto <protocols>', `comma-separated protocols a frame carries (${PROTOCOLS.join(', ')})`).argParser(
        listFlag('--proto', PROTOCOLS),
      ),
    )
    .action(async (rec: string, opts) => setExit(await (await import('./events.js')).eventsCommand(rec, opts)));

  p.command('export')
    .description('write a Wireshark capture: one interface per capture point node:port, each packet commented with its event and decision')
    .argument('<rec.db>', 'a recording')
    .requiredOption('-o, --output <out.pcapng>', 'capture file to write')
    .addOption(formatOption())
    .option('--at <node:port>', 'capture only here (repeatable; default every port of every node)', listFlag('--at'))
    .option(
      '--kind <tx|rx>',
      'only frames leaving (tx) or arriving (rx); tx counts each frame on a wire once',
      choiceFlag('--kind', CAPTURE_DIRECTIONS),
    )
    .option('--with-drops', "also write frames lost at a port (never on a wire) as packets, on 'node:port lost' interfaces")
    .option('--start-time <iso8601>', `the instant the run's time 0 is shown as (default ${DEFAULT_CAPTURE_START})`)
    .option('--no-progress', 'no progress line on stderr (it is drawn only on a terminal)')
    .action(async (rec: string, opts) => setExit(await (await import('./export.js')).exportCommand(rec, opts)));

  p.command('stats')
    .description('counts per kind and node, drops, MAC moves, and tx / frames alive per time bucket (storm growth)')
    .argument('<rec.db>', 'a recording')
    .option('--bucket <time>', 'bucket width (default: about 30 buckets over the run)', durationFlag('--bucket'))
    .option('--json', 'one JSON object')
    .option('--svg <out.svg>', 'also write the storm plot: frames sent and alive per bucket, drops by reason, MAC moves')
    .action(async (rec: string, opts) => setExit(await (await import('./stats.js')).statsCommand(rec, opts)));

  p.command('diff')
    .description('compare two recordings of the same scenario: per step and per host, and the first forwarding decision that differs')
    .argument('<a.db>', 'a recording')
    .argument('<b.db>', 'a recording of the same scenario on another topology')
    .option('--json', 'one JSON object; every pair is [A, B]')
    .addOption(mapOption())
    .option('--no-progress', 'no progress line on stderr (it is drawn only on a terminal)')
    .action(async (a: string, b: string, opts) => setExit(await (await import('./diff.js')).diffCommand(a, b, opts)));

  p.command('state')
    .description('MAC tables, ARP caches, routes, ports and frames on the wire just after an event, rebuilt from the events')
    .argument('<rec.db>', 'a recording')
    .requiredOption('--at <seq>', 'the event (0: before the first)', integerFlag('--at', 0))
    .option('--node <node>', 'only this node')
    .option('--json', 'one JSON object')
    .action(async (rec: string, opts) => setExit(await (await import('./state.js')).stateCommand(rec, opts)));

  withEventFilters(
    p
      .command('replay')
      .description('re-emit a recording through the same printer as a live run, paced in virtual time')
      .argument('<rec.db>', 'a recording')
      .option('--speed <x>', 'virtual seconds per wall second (default 1; 0.001 = a thousand times slower)', numberFlag('--speed')),
  )
    .option('--pcap <out.pcapng>', 'also write the replayed frames to a pcapng file, as run --pcap does')
    .addOption(formatOption())
    .option('--no-progress', 'no progress line on stderr (it is drawn only on a terminal)')
    .action(async (rec: string, opts) => setExit(await (await import('./replay.js')).replayCommand(rec, opts)));

  p.command('step')
    .description(
      "step through a recording event by event (Packet Tracer's simulation mode); without a terminal, one command per line on stdin",
    )
    .argument('<rec.db>', 'a recording')
    .option('--tables', "show the event's node's tables from the start (default on a terminal)")
    .option('--layers', 'show each frame decoded layer by layer from the start (default on a terminal)')
    .action(async (rec: string, opts) => setExit(await (await import('./step.js')).stepCommand(rec, opts)));

  p.command('trace')
    .description('the causal chain of an event back to its scenario command, and its consequences forward as a tree')
    .argument('<rec.db>', 'a recording')
    .argument('<seq>', 'the event')
    .option('--depth <n>', 'levels of consequences to follow (default 64)', integerFlag('--depth', 1))
    .option('--limit <n>', 'events in the tree at most (default 1000)', integerFlag('--limit', 1))
    .option('--json', 'one JSON object')
    .action(async (rec: string, seq: string, opts) => setExit(await (await import('./trace.js')).traceCommand(rec, seq, opts)));

  p.command('draw')
    .description("write the topology drawing (the viewer's layout) as SVG: of a topology file, a script, or a recording")
    .argument('<file>', 'a topology (YAML/JSON), a script (.sh), or a recording (.db)')
    .requiredOption('-o, --output <out.svg>', 'SVG file to write')
    .option('--at <seq>', 'for a recording: the network as it stands just after this event (default: the last)', integerFlag('--at', 0))
    .action(async (file: string, opts) => setExit(await (await import('./draw.js')).drawCommand(file, opts)));

  p.command('view')
    .description('the browser viewer: the topology drawn, every frame moving, forwards and backwards; two recordings side by side')
    .argument('<rec.db...>', 'a recording, or two to compare')
    .option('--port <n>', 'port to listen on (default: any free one)', integerFlag('--port', 0, 65535))
    .option('--host <addr>', 'address to listen on (default 127.0.0.1: this machine only)')
    .option('--open', "open the URL in the desktop's browser")
    .addOption(mapOption())
    .action(async (recs: string[], opts) => setExit(await (await import('./view.js')).viewCommand(recs, opts)));

  p.command('verify')
    .description('re-simulate the recorded topology, seed and limits; compare every event; name the first that differs')
    .argument('<rec.db>', 'a recording')
    .option('--no-progress', 'no progress line on stderr (it is drawn only on a terminal)')
    .action(async (rec: string, opts) => setExit(await (await import('./verify.js')).verifyCommand(rec, opts)));
  return p;
}

export async function main(argv: string[]): Promise<number> {
  // stdout and stderr that fail (a hung-up terminal's EIO, 2>/dev/full) would otherwise end the
  // process with an unhandled 'error' event; what hoplab prints to stdout goes through
  // LineWriter, which reports its own failures, and stderr has no one left to tell.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  let code = 0;
  const p = program((c) => {
    code = c;
  });
  try {
    await p.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    // Bad input is the user's to fix: the message alone, exit 2, no stack (SPEC §3).
    const bad = inputErrorOf(e);
    if (bad) {
      say(`hoplab: ${bad.message}`);
      return 2;
    }
    // An output the machine failed (a full disk, EIO): one line naming the file and the cause, exit 1.
    const failed = outputFailureOf(e);
    if (failed) {
      say(`hoplab: ${failed.message}`);
      return 1;
    }
    throw e;
  }
}
