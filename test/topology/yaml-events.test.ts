import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
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
    ['a tab', 'a: 1\n\t\n'],
    ['a carriage return alone', 'a: 1\rb: 2\n'],
    ['a document end marker', '...\na: 1\n'],
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a %YAML directive', '%YAML 1.1\n---\na: 1\n'],
    ['a literal block scalar', 'a: |\n  text\n'],
    ['a folded block scalar', 'a: >\n  text\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    // js-yaml reads an indented marker as a marker; the yaml library as a plain key that spans lines, and refuses it (found by the damaged-document property below).
    ['a document start marker indented', ' ---\n1: no\n"q":\n  1:   note\n'],
    ['a document end marker indented', 'a: 1\n  ...\n'],
    // The two place a mapping inside an explicit key differently (found by the damaged-document property below).
    ['an explicit key', '? x255:\n  "q":\n  sn:\n: \n  eu6: []  # note\n'],
    ['an explicit key in a flow mapping', 'a: { ? b : 1 }\n'],
    ['an empty source', ''],
    ['a key with no colon in a flow mapping', 'a: { b, c: 1 }\n'],
    ['an empty item of a sequence', 'a:\n  -\n  - 1\n'],
    ['only a comment', '# nothing\n'],
  ])('%s', (_what, text) => {
    expect(composeFromEvents(text, new LineCounter())).toBeUndefined();
  });
});

describe('composeFromEvents on generated documents', () => {
  // Plain scalars of the kinds a topology holds, and the core schema's other forms.
  const plain = fc.oneof(
    fc.constantFrom('host', 'switch', 'eth0', '10ms', '1Gbit', '10.0.0.1/24', '02:00:00:00:00:01', 'h1:eth0', 'ping -c 1 10.0.0.2'),
    fc.constantFrom(
      '0',
      '-12',
      '+7',
      '0x1F',
      '0o17',
      '1.50',
      '1e3',
      '.inf',
      '-.Inf',
      '.NaN',
      'true',
      'False',
      'null',
      '~',
      'yes',
      'no',
      '0b101',
      '1_000',
    ),
    fc.stringMatching(/^[a-z][a-z0-9._/-]{0,8}$/),
  );
  const quoted = fc.oneof(
    fc.stringMatching(/^[a-z0-9 :#,.-]{0,8}$/).map((t) => `"${t}"`),
    fc.stringMatching(/^[a-z0-9 :#,.-]{0,8}$/).map((t) => `'${t}'`),
    fc.constantFrom('"a\\tb"', '"\\u00e9"', '"a\\"b"', "'it''s'", '""', "''"),
  );
  const scalar = fc.oneof({ weight: 3, arbitrary: plain }, { weight: 1, arbitrary: quoted });
  const key = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9]{0,3}$/), fc.constantFrom('1', 'true', '"q"'));
  const flow: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(fc.tuple(key, tie('value')), { maxLength: 3 }).map((ps) => `{ ${ps.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
      fc.array(tie('value'), { maxLength: 3 }).map((vs) => `[${vs.join(', ')}]`),
    ),
  })).value;
  const comment = fc.oneof(fc.constant(''), fc.constant('  # note'));
  const block = (indent: string): fc.Arbitrary<string> =>
    fc
      .array(fc.tuple(key, fc.oneof(flow, fc.constant('')), comment), { minLength: 1, maxLength: 4 })
      .map((ps) => ps.map(([k, v, c]) => `${indent}${k}:${v === '' ? '' : ` ${v}`}${c}\n`).join(''));
  const document = fc
    .array(
      fc.tuple(
        key,
        fc.oneof(
          flow,
          block('  '),
          block('  - ').map((b) => b.replace(/\n {2}- /g, '\n    ')),
        ),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((ps) => ps.map(([k, v]) => (v.endsWith('\n') ? `${k}:\n${v}` : `${k}: ${v}\n`)).join(''));

  /** Either composeFromEvents leaves the text to parseDocument, or parseDocument finds no error in it and reads the same nodes. */
  function agrees(text: string): void {
    const slowLines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: slowLines, uniqueKeys: false });
    const quickLines = new LineCounter();
    const quick = composeFromEvents(text, quickLines);
    if (quick === undefined) return;
    expect(doc.errors).toEqual([]);
    expect(outline(quick, quickLines)).toEqual(outline(doc.contents, slowLines));
  }

  it('gives the nodes parseDocument gives, or leaves the document to it', () => {
    fc.assert(fc.property(document, agrees), { numRuns: 500 });
  });

  // A character taken out and two put in, anywhere: found the tab, the lone carriage
  // return and the `...` before any content that js-yaml reads and the yaml library refuses.
  it('leaves to parseDocument every damaged document parseDocument finds an error in', () => {
    const at = (t: string, n: number): number => n % (t.length + 1);
    const insert = (inserts: fc.Arbitrary<string>) => (t: string) =>
      fc.tuple(fc.nat(), inserts).map(([n, s]) => t.slice(0, at(t, n)) + s + t.slice(at(t, n)));
    const damaged = document
      .chain((t) => fc.nat().map((n) => t.slice(0, at(t, n)) + t.slice(at(t, n) + 1)))
      .chain(
        insert(
          fc.constantFrom(
            ':',
            '\t',
            '{',
            ']',
            '"',
            '- ',
            '\n  ',
            '#',
            ',',
            '? ',
            '&',
            '!',
            '%',
            '|',
            '>',
            '*',
            '@',
            '`',
            ' ',
            '\r',
            '\n',
            '---\n',
            ': ',
            "'",
          ),
        ),
      )
      .chain(insert(fc.constantFrom(':', '{', '[', '}', '"', '- ', '\n ', '\n', ' ', '#', '---\n', '...\n')));
    fc.assert(fc.property(damaged, agrees), { numRuns: 2000 });
  });
});
