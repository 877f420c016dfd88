import type { Node as YamlNode } from 'yaml';
import { isMap, isScalar, isSeq } from './yaml-library.js';

/**
 * The first key that repeats one before it in its mapping, anywhere in the document, as
 * the yaml library's `uniqueKeys` finds it (scalar keys equal by value), in one pass:
 * a set of each mapping's keys.
 */
export function firstDuplicateKey(root: unknown): YamlNode | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          if (seen.has(pair.key.value)) return pair.key;
          seen.add(pair.key.value);
        }
        stack.push(pair.value);
      }
    } else if (isSeq(node)) stack.push(...node.items);
  }
  return undefined;
}
