import type { RecordingReader } from '../store/recording.js';
import { loadYamlTopology } from '../topology/yaml-loader.js';
import { type GraphCable, type TopologyGraph, cableKey, graphOfHeader, graphOfTopology } from './graph.js';
import { type Drawing, layoutGraph } from './layout.js';
import { type Shape, ScriptShapes } from './script-shape.js';

/** What is on screen at one event: the nodes and cables (by `cableKey`) that exist then. */
export interface Presence {
  nodes: Set<string>;
  cables: Set<string>;
}

/**
 * A recording's drawing: laid out once over every node and cable it ever
 * had, so that nothing jumps while it plays. A topology file's network never
 * changes; a script's is rebuilt at each event from its commands
 * (script-shape.ts), and `presentAt` says what stands then.
 */
export class RecordingDrawing {
  readonly drawing: Drawing;
  readonly shapes: ScriptShapes | undefined;

  constructor(reader: RecordingReader) {
    const header = reader.header();
    if (header.topologyPath.endsWith('.sh')) {
      const shapes = new ScriptShapes();
      for (const e of reader.events({ kinds: ['command', 'link'] })) shapes.add(e);
      this.shapes = shapes;
      const kinds = new Map(header.nodes.map((n) => [n.name, n.kind]));
      const union = shapes.union(kinds);
      this.drawing = layoutGraph({ name: header.name, nodes: union.nodes, cables: union.cables, fixed: {} });
    } else {
      this.shapes = undefined;
      this.drawing = layoutGraph(sourceGraph(header.topologySource, header.topologyPath) ?? graphOfHeader(header));
    }
  }

  /** What stands just after event `seq`: everything for a topology file; the script's shape then for a script. */
  presentAt(seq: number): Presence | undefined {
    return this.shapes ? presence(this.shapes.at(seq)) : undefined;
  }

  /** The shape's version at `seq` (the seq of the change it follows), so that a viewer redraws only when it changes. */
  shapeSeq(seq: number): number {
    return this.shapes ? this.shapes.at(seq).seq : 0;
  }

  /** The cables that stand at `seq`, in their drawn form. */
  cablesAt(seq: number): GraphCable[] {
    if (!this.shapes) return this.drawing.cables;
    const keys = presence(this.shapes.at(seq)).cables;
    return this.drawing.cables.filter((c) => keys.has(c.key));
  }
}

export function presence(s: Shape): Presence {
  return { nodes: new Set(s.nodes), cables: new Set(s.cables.map(cableKey)) };
}

/**
 * The graph of the topology file a recording was run from, so that a
 * recording is drawn exactly as its file is (`hoplab draw FILE`); undefined
 * when this hoplab cannot read that source, and the header is drawn instead.
 */
function sourceGraph(source: string, path: string): TopologyGraph | undefined {
  try {
    return graphOfTopology(loadYamlTopology(source, path));
  } catch {
    return undefined;
  }
}
