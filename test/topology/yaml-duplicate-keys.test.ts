import { describe, expect, it } from 'vitest';
import { TopologyError } from '../../src/topology/topology-error.js';
import { loadYamlTopology } from '../../src/topology/yaml-loader.js';

// A key given twice in one mapping is refused where the second one stands, as
// YAML 1.2 requires and as the yaml library's uniqueKeys check said it, at
// any depth, in block and flow style; the same key in two mappings is fine.

function problem(text: string): string {
  try {
    loadYamlTopology(text, 'lab.yaml');
  } catch (e) {
    if (e instanceof TopologyError) return e.message;
    throw e;
  }
  return 'no problem';
}

describe('duplicate keys in a topology', () => {
  it('a node named twice is refused at its second name', () => {
    expect(problem('nodes:\n  h1: { kind: host }\n  h1: { kind: host }\n')).toBe('lab.yaml:3:3: YAML: Map keys must be unique');
  });

  it('a key repeated inside a flow mapping, or deep in a list of links, is refused where it repeats', () => {
    expect(problem('nodes: { h1: { kind: host, kind: hub } }\n')).toBe('lab.yaml:1:28: YAML: Map keys must be unique');
    expect(
      problem('nodes:\n  h1: { kind: host }\n  h2: { kind: host }\nlinks:\n  - { ends: [h1:eth0, h2:eth0], delay: 1us, delay: 2us }\n'),
    ).toBe('lab.yaml:5:45: YAML: Map keys must be unique');
  });

  it('the same key in different mappings is not a duplicate', () => {
    expect(problem('nodes:\n  h1: { kind: host, lo: up }\n  h2: { kind: host, lo: up }\n')).toBe('no problem');
  });
});
