import { describe, expect, it } from 'vitest';
import type { LearningBridge } from '../../src/devices/learning-bridge.js';
import { readSrcMac } from '../../src/wire/ethernet.js';
import { parseMac } from '../../src/wire/mac.js';
import { ORACLE_RESULTS, fixtureText } from '../helpers/fixtures.js';
import { readPcapFrames } from '../helpers/pcap-frames.js';
import { runYaml } from '../helpers/run-topology.js';
import { PORT_NODE, S6_YAML, oraclePolls, statesAt } from '../helpers/stp-oracle.js';

describe('two bridges joined twice, STP on, against the real kernel (oracle S6)', () => {
  const { events, run } = runYaml(S6_YAML);
  const br0 = run.network.devices.get('br0') as LearningBridge;
  const br1 = run.network.devices.get('br1') as LearningBridge;

  it('elects br0 root with id 8000.020000000a01; br1 reaches it through b1 at path cost 2', () => {
    expect(br0.stp!.tree.describe()).toMatchObject({ bridgeId: '8000.020000000a01', root: '8000.020000000a01', rootPort: '', cost: 0 });
    expect(br1.stp!.tree.describe()).toMatchObject({ bridgeId: '8000.020000000b01', root: '8000.020000000a01', rootPort: 'b1', cost: 2 });
    // The oracle's sysfs notes say the same.
    const notes = fixtureText('oracle/S6-stp-loop/notes.txt');
    expect(notes).toContain('root_id:8000.020000000a01\nroot_port:1\nroot_path_cost:2');
  });

  it.each([5, 10, 20, 25, 35])('the port states at %i s are the ones `bridge link show` printed', (t) => {
    const oracle = oraclePolls().get(t)!;
    const ours = statesAt(events, t * 1e9);
    for (const [port, state] of oracle) expect(`${PORT_NODE[port]}:${port} ${ours.get(port)}`).toBe(`${PORT_NODE[port]}:${port} ${state}`);
  });

  it('b2 blocks from the first BPDU on, the others forward after twice the forward delay', () => {
    const b2 = events.filter((e) => e.kind === 'stp' && e.port === 'b2').map((e) => `${(e.t / 1e9).toFixed(1)} ${e.state} ${e.text}`);
    expect(b2).toEqual(['0.0 listening role designated', '2.0 blocking role alternate']);
    const a1 = events.filter((e) => e.kind === 'stp' && e.port === 'a1').map((e) => `${(e.t / 1e9).toFixed(1)} ${e.state}`);
    expect(a1).toEqual(['0.0 listening', '15.0 learning', '30.0 forwarding']);
  });

  it('sends BPDUs at 2.0, 3.4 (the hold timer’s reply) and 4.4 s, then every 2 s, as many as the oracle captured', () => {
    const oracle = readPcapFrames(`${ORACLE_RESULTS}/S6-stp-loop/stp.a1.pcap`);
    const ours = events.filter(
      (e) => e.kind === 'tx' && ((e.node === 'br0' && e.port === 'a1') || (e.node === 'br1' && e.port === 'b1')) && e.t < 35e9,
    );
    expect(ours.length).toBe(oracle.length);
    const fromBr0 = ours.filter((e) => e.node === 'br0').map((e) => (e.t / 1e9).toFixed(1));
    expect(fromBr0.slice(0, 4)).toEqual(['2.0', '3.4', '4.4', '6.4']);
    for (let i = 3; i < fromBr0.length; i++) expect(Number(fromBr0[i]) - Number(fromBr0[i - 1])).toBeCloseTo(2, 6);
  });

  it.each(['a1', 'a2'])('the BPDUs on %s after convergence equal the oracle’s byte for byte, topology change flag included', (port) => {
    const br0Mac = parseMac(port === 'a1' ? '02:00:00:00:0a:01' : '02:00:00:00:0a:02');
    const oracle = readPcapFrames(`${ORACLE_RESULTS}/S6-stp-loop/stp.${port}.pcap`).filter((f) => readSrcMac(f.bytes) === br0Mac);
    const t0 = oracle[0]!.t - 2; // the first hello leaves 2 s after the bridges came up
    const converged = (t: number): boolean => t >= 30;
    const theirs = oracle.filter((f) => converged(f.t - t0)).map((f) => Buffer.from(f.bytes).toString('hex'));
    const ours = events
      .filter((e) => e.kind === 'tx' && e.node === 'br0' && e.port === port && converged(e.t / 1e9) && e.t < 35e9)
      .map((e) => Buffer.from(e.bytes!).toString('hex'));
    expect(theirs.length).toBe(3);
    expect(ours).toEqual(theirs);
  });

  it('drops the ageing time to twice the forward delay during the topology change (ageing_time 3000)', () => {
    expect(br0.table.agingTimeNs).toBe(30e9);
    expect(br1.table.agingTimeNs).toBe(30e9);
    expect(fixtureText('oracle/S6-stp-loop/notes.txt')).toContain('ageing_time 3000 stp_state 1');
  });
});
