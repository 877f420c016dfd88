/**
 * The programs a namespace runs (ping, arping, traceroute), as opposed to
 * the configuration commands host-commands.ts carries out: each is started
 * with an AppContext and talks to the stack through it alone.
 */
import type { ArpingCommand, Command, PingCommand, TracerouteCommand } from '../topology/command.js';
import type { AppContext } from './app-context.js';
import { ArpingApp } from './arping.js';
import { PingApp } from './ping.js';
import { TracerouteApp } from './traceroute.js';

export type ProgramCommand = PingCommand | ArpingCommand | TracerouteCommand;

export function isProgram(command: Command): command is ProgramCommand {
  return command.name === 'ping' || command.name === 'arping' || command.name === 'traceroute';
}

/** Starts the program `command` names; `commandSeq` is the seq of its command event. */
export function startProgram(ctx: AppContext, command: ProgramCommand, commandSeq: number): void {
  switch (command.name) {
    case 'ping':
      return new PingApp(ctx, command, commandSeq).start();
    case 'arping':
      return new ArpingApp(ctx, command, commandSeq).start();
    case 'traceroute':
      return new TracerouteApp(ctx, command, commandSeq).start();
  }
}
