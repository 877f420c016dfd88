import { describe, expect, it } from 'vitest';
import { TopologyError } from '../../src/topology/topology-error.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';

// What Linux or the topology contract refuses is refused where it is written
// (file:line:col), not accepted and left to misbehave.

function problem(text: string): string {
  try {
    loadYamlTopology(text, 'lab.yaml');
  } catch (e) {
    if (e instanceof TopologyError) return e.message;
    throw e;
  }
  return 'no problem';
}

const host = (rest: string): string => `nodes:\n  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24 } }${rest} }\n`;

describe('topology values Linux or the contract refuses', () => {
  it("a route through an interface the node does not have: iproute2's words, at `dev`", () => {
    expect(problem(host(', routes: [ { to: default, dev: eth9 } ]'))).toBe('lab.yaml:2:94: Cannot find device "eth9" on h1');
  });

  it("a gateway on no network the node is on: the kernel's words (fib_check_nh), at `via`", () => {
    expect(problem(host(', routes: [ { to: default, via: 192.168.9.1 } ]'))).toBe('lab.yaml:2:94: Error: Nexthop has invalid gateway.');
    expect(problem(host(', routes: [ { to: 10.9.0.0/16, via: 10.0.0.254, dev: eth0 } ]'))).toBe('no problem');
  });

  it('`forwarding` that is not true or false', () => {
    expect(problem(host(', forwarding: maybe'))).toBe('lab.yaml:2:76: `forwarding` is true or false');
    expect(problem(host(', forwarding: true'))).toBe('no problem');
  });

  it('a time past what the virtual clock counts exactly (2^53 ns)', () => {
    expect(problem(`${host('')}scenario:\n  - { at: 1e300, on: h1, run: ping -c 1 10.0.0.1 }\n`)).toBe(
      "lab.yaml:4:11: `at`: '1e+300' is past what the virtual clock counts (about 104 days)",
    );
  });

  it('a %YAML 1.1 document, which would read a MAC address as a base-60 number', () => {
    const text = `%YAML 1.1\n---\nnodes:\n  h1: { kind: host, interfaces: { eth0: { ip: 10.0.0.1/24, mac: 02:00:00:00:00:01 } } }\n`;
    expect(problem(text)).toBe(
      'lab.yaml:1:1: YAML: a topology is YAML 1.2, not 1.1 (which reads a MAC address as a number); remove the %YAML directive',
    );
    expect(problem(text.replace('%YAML 1.1', '%YAML 1.2'))).toBe('no problem');
  });
});
