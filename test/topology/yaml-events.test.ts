import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { switchTreeYaml } from '../../src/bench/scale-inputs.js';
import { composeFromEvents } from '../../src/topology/yaml-events.js';

// The loader reads a topology through js-yaml's event parser (composeFromEvents)
// and falls back to the yaml library's parseDocument for what that does not model.
// Whichever reads it, a topology must give the loader the same nodes: the same
// shape, the same scalar values, the same start offsets and so the same
// file:line:col in every message. These compare the two on every example,
// every fixture, and on the forms a hand-written topology uses.

/** A node as the loader sees it: kind, value, where it starts (as line:col), and its children. */
function outline(node: unknown, lines: LineCounter): unknown {
  const at = (n: { range?: readonly number[] | null }): string => {
    const p = lines.linePos(n.range![0]!);
    return `${p.line}:${p.col}`;
  };
  if (isMap(node)) return { map: at(node), items: node.items.map((p) => [outline(p.key, lines), outline(p.value, lines)]) };
  if (isSeq(node)) return { seq: at(node), items: node.items.map((n) => outline(n, lines)) };
  if (isScalar(node)) return { scalar: at(node), value: node.value };
  return { other: String(node) };
}

function bothWays(text: string): { quick: unknown; slow: unknown } {
  const quickLines = new LineCounter();
  const quick = composeFromEvents(text, quickLines);
  const slowLines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: slowLines, uniqueKeys: false });
  expect(doc.errors).toEqual([]);
  return { quick: quick === undefined ? undefined : outline(quick, quickLines), slow: outline(doc.contents, slowLines) };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('composeFromEvents reads a topology as parseDocument does', () => {
  const files = [...yamlFiles('recordings'), ...yamlFiles('test/fixtures')];

  it.each(files)('%s', (file) => {
    const { quick, slow } = bothWays(readFileSync(file, 'utf8'));
    expect(quick).toEqual(slow);
  });

  it('the generated switch tree the bench loads', () => {
    const { quick, slow } = bothWays(switchTreeYaml(40));
    expect(quick).toEqual(slow);
  });

  it.each([
    [
      'plain scalars of every core type',
      'a: 1\nb: -2\nc: 0x1F\nd: 0o17\ne: 1.50\nf: 1e3\ng: .inf\nh: .NaN\ni: true\nj: False\nk: ~\nl: null\nm: 10.0.0.1/24\n',
    ],
    ['a value left out, at the end and in the middle', 'a:\nb: 2\nc:\n'],
    ['a value left out before a comment, after a quoted key, in a flow mapping', 'a:   # none\n"b":\nc: { d: , e: 1 }\n'],
    ['quoted scalars, with escapes', 'a: "x\\ty"\nb: \'it\'\'s\'\nc: "02:00:00:00:00:01"\n'],
    ['flow collections, nested', 'nodes: { h1: { kind: host, ports: { eth0: { ip: [10.0.0.1/24, 10.0.0.2/24] } } } }\n'],
    ['block sequences of flow maps', 'links:\n  - { ends: [h1:eth0, s1:p1], delay: 1us }\n  - ends: [h2:eth0, s1:p2]\n    rate: 1Gbit\n'],
    ['comments and blank lines', '# a lab\n\nname: lab # its name\n\nnodes:\n  # the hosts\n  h1: { kind: host }\n'],
    ['a plain scalar over two lines', 'scenario:\n  - at: 0\n    h1: ping -c 1\n      10.0.0.2\n'],
    ['CRLF line ends', 'name: lab\r\nnodes:\r\n  h1: { kind: host }\r\n'],
    ['a document start marker', '---\nname: lab\n'],
    ['a top-level sequence', '- 1\n- two\n'],
  ])('%s', (_what, text) => {
    const { quick, slow } = bothWays(text);
    expect(quick).toEqual(slow);
  });
});

describe('composeFromEvents leaves to parseDocument what it does not model', () => {
  it.each([
    ['a syntax error', 'nodes: { h1: [\n'],
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a %YAML directive', '%YAML 1.1\n---\na: 1\n'],
    ['a literal block scalar', 'a: |\n  text\n'],
    ['a folded block scalar', 'a: >\n  text\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['an empty source', ''],
    ['a key with no colon in a flow mapping', 'a: { b, c: 1 }\n'],
    ['an empty item of a sequence', 'a:\n  -\n  - 1\n'],
    ['only a comment', '# nothing\n'],
  ])('%s', (_what, text) => {
    expect(composeFromEvents(text, new LineCounter())).toBeUndefined();
  });
});
