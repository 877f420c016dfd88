import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

/**
 * A topology file at least this long is parsed with V8's young generation
 * free to grow. Reading YAML keeps most of what it allocates; held small,
 * 50,000 nodes (8 MB) took 8.7-9.8 s instead of 7.3-7.6 s through js-yaml's
 * events (topology/yaml-events.ts), and 19-26 s instead of 11-13 s through
 * the yaml library's parser before it. The 5,000-host tree the RSS target
 * names is 0.8 MB.
 */
const BIG_INPUT_BYTES = 2_000_000;

/**
 * Loads the topology with `load`, and keeps V8's young generation at its
 * starting size (a 1 MB semi-space) from then on, for the simulation. A
 * semi-space doubles toward its 16 MB maximum whenever many objects survive
 * a scavenge, and never shrinks back while the run allocates: a 5,000-host
 * switch tree's ARP floods held it at its largest, 20-25 MB of RSS across
 * the simulating and recording threads, while the storm and the pinging
 * pairs ran as fast either way (BENCHMARKS.md, issue 21). The semi-space's
 * maximum is fixed when the heap is made; the growth factor is read each
 * time it would grow (V8's Heap::ExpandNewSpaceSize).
 */
export function loadWithYoungGenerationHeld<T>(file: string, load: () => T): T {
  if (!isBig(file)) holdYoungGeneration();
  const loaded = load();
  holdYoungGeneration();
  return loaded;
}

function holdYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

function isBig(file: string): boolean {
  try {
    return file !== '-' && statSync(file).size >= BIG_INPUT_BYTES;
  } catch {
    return false; // the loader says what is wrong with the path
  }
}
