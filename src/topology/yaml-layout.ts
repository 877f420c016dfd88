import type { Node as YamlNode } from 'yaml';
import { isMap, isScalar, isSeq } from './yaml-library.js';
import type { Topology } from './model.js';

/**
 * `layout: { sw1: [300, 80], h1: [100, 240] }`: hand-placed drawing positions
 * (x right, y down), which win over the automatic layout. Its own file so the
 * loader stays one concept; `fail` is the loader's, so errors carry its line
 * and column.
 */
export function readLayout(
  node: YamlNode | undefined,
  nodes: ReadonlyMap<string, unknown>,
  fail: (at: YamlNode, problem: string) => never,
): Topology['layout'] {
  if (node === undefined) return undefined;
  if (!isMap(node)) fail(node, '`layout` is { NODE: [x, y], ... }');
  const layout: NonNullable<Topology['layout']> = {};
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!nodes.has(name)) fail(pair.key as YamlNode, `layout: no node '${name}' (nodes: ${[...nodes.keys()].join(', ')})`);
    const value = pair.value as YamlNode | null;
    const xy = isSeq(value) ? value.items.map((i) => (isScalar(i) ? i.value : undefined)) : [];
    const [x, y] = xy;
    if (xy.length !== 2 || typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
      fail(value ?? (pair.key as YamlNode), `layout: ${name}'s position is [x, y], two numbers`);
    }
    layout[name] = { x, y };
  }
  return layout;
}
