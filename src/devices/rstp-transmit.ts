// The Port Transmit state machine (IEEE 802.1D-2004 clause 17.26, Figure
// 17-17) and the BPDUs it builds (txRstp, txConfig, txTcn: 17.21.19-21):
// a port sends when it has new information, at most TX_HOLD_COUNT a second,
// and a designated port (or a root port during a change) every hello time.

import { BPDU_TIME_UNITS_PER_SECOND, BpduFlag, type ConfigBpdu } from '../wire/bpdu.js';
import { type RstpBridge, TX_HOLD_COUNT } from './rstp-bridge.js';
import { EncodedRole } from './rstp-port-information.js';
import type { RstpPort, RstpRole } from './rstp-port.js';

/** TRANSMIT_INIT (at BEGIN, and while the port has no MAC operation). */
export function transmitInit(p: RstpPort): void {
  p.newInfo = true;
  p.txCount = 0;
  p.helloWhen = p.designatedTimes.helloTime;
}

/** Runs the machine from IDLE; true if it sent or re-armed the hello timer. */
export function portTransmit(br: RstpBridge, p: RstpPort): boolean {
  if (!p.portEnabled) {
    if (p.txCount !== 0 || !p.newInfo) transmitInit(p);
    return false;
  }
  if (!p.selected || p.updtInfo) return false;
  if (p.helloWhen === 0) {
    // TRANSMIT_PERIODIC, then IDLE.
    p.newInfo = p.newInfo || p.role === 'designated' || (p.role === 'root' && p.tcWhile !== 0);
    p.helloWhen = p.designatedTimes.helloTime;
    return true;
  }
  if (!p.newInfo || p.txCount >= TX_HOLD_COUNT) return false;
  if (p.sendRstp) br.transmit(p, rstBpdu(p));
  else if (p.role === 'root') br.transmit(p, { type: 'tcn' });
  else if (p.role === 'designated') br.transmit(p, configBpdu(p, 'config'));
  else return false;
  p.newInfo = false;
  p.txCount += 1;
  if (p.sendRstp || p.role === 'designated') p.tcAck = false;
  // Back to IDLE, which restarts the hello timer.
  p.helloWhen = p.designatedTimes.helloTime;
  return true;
}

const ROLE_CODE: Record<RstpRole, number> = {
  root: EncodedRole.root,
  designated: EncodedRole.designated,
  alternate: EncodedRole.alternateBackup,
  backup: EncodedRole.alternateBackup,
  disabled: EncodedRole.unknown,
};

/** txRstp (17.21.20): the port's designated priority and times, its role, state, and handshake flags. */
export function rstBpdu(p: RstpPort): ConfigBpdu {
  const b = configBpdu(p, 'rst');
  let flags = (ROLE_CODE[p.role] << BpduFlag.roleShift) | (p.tcWhile !== 0 ? BpduFlag.topologyChange : 0);
  if (p.proposing) flags |= BpduFlag.proposal;
  if (p.agree) flags |= BpduFlag.agreement;
  if (p.learning) flags |= BpduFlag.learning;
  if (p.forwarding) flags |= BpduFlag.forwarding;
  // The RST BPDU's Topology Change Acknowledgment flag is always zero (9.3.3).
  return { ...b, flags };
}

/** txConfig (17.21.19): a configuration BPDU for a neighbour that speaks only STP. */
function configBpdu(p: RstpPort, type: 'config' | 'rst'): ConfigBpdu {
  const v = p.designatedPriority;
  const t = p.designatedTimes;
  const units = (s: number): number => s * BPDU_TIME_UNITS_PER_SECOND;
  return {
    type,
    flags: (p.tcWhile !== 0 ? BpduFlag.topologyChange : 0) | (p.tcAck ? BpduFlag.topologyChangeAck : 0),
    rootId: v.root,
    rootPathCost: v.cost,
    bridgeId: v.bridge,
    portId: v.port,
    messageAge: units(t.messageAge),
    maxAge: units(t.maxAge),
    helloTime: units(t.helloTime),
    forwardDelay: units(t.forwardDelay),
  };
}
