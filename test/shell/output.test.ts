import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/events/event.js';
import type { LineWriter } from '../../src/pipeline/line-writer.js';
import { scriptPrinterSink } from '../../src/shell/output.js';
import { STDERR_WHY_END } from '../../src/shell/shell.js';
import { LEGACY_STDERR_WHY_END, legacyChannel } from '../../src/store/legacy-channel.js';
import { runScript } from './harness.js';

/** A LineWriter that keeps its lines, and the order the two streams were written in. */
function streams(): { out: LineWriter; err: LineWriter; written: string[] } {
  const written: string[] = [];
  const writer = (name: string): LineWriter =>
    ({ line: (t: string) => written.push(`${name} ${t}`), flush: () => {} }) as unknown as LineWriter;
  return { out: writer('1>'), err: writer('2>'), written };
}

function app(text: string, channel: 'stdout' | 'stderr', why = 'the command prints this in root'): SimEvent {
  return { seq: 1, t: 0, kind: 'app', node: 'root', text, why, channel };
}

describe("a script's output: each app line on the stream its event names", () => {
  it('the channel decides, whatever the line says or its why', () => {
    const { out, err, written } = streams();
    const sink = scriptPrinterSink(out, err, {});
    sink.next!(app('Cannot find device "veth9"', 'stderr'));
    sink.next!(app('ping: this line went to stdout', 'stdout', `the command fails in root and says why ${STDERR_WHY_END}`));
    sink.next!(app('RTNETLINK answers: File exists', 'stderr', 'h1 prints what the command answered'));
    expect(written).toEqual(['2> Cannot find device "veth9"', '1> ping: this line went to stdout', '2> RTNETLINK answers: File exists']);
  });

  it("the shell's errors and ping's own messages go to stderr, everything else to stdout, as hoplab told them before the channel was recorded", () => {
    expect(LEGACY_STDERR_WHY_END).toBe(STDERR_WHY_END);
    const { events } = runScript(
      [
        'ip link set veth9 up',
        'ping -c 1 10.9.9.9',
        'ip netns add ns1',
        'ip netns exec ns1 ping -c 1 127.0.0.1',
        'ip link add v0 type veth peer name v1',
        'ip link set v0 up',
        'ip addr add 10.0.0.1/24 dev v0',
        'ip addr add 10.0.0.1/24 dev v0',
        'ping -c 1 10.0.0.2',
        'ip route',
        'what is this',
      ].join('\n'),
    );
    const lines = events.filter((e) => e.kind === 'app');
    expect(lines.filter((e) => e.channel === 'stderr').length).toBeGreaterThan(3);
    expect(lines.filter((e) => e.channel === 'stdout').length).toBeGreaterThan(3);
    for (const e of lines) expect(e.channel, e.text).toBe(legacyChannel(e.why, e.text));
  });
});
