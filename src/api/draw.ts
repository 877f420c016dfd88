import { openSync, readSync, closeSync } from 'node:fs';
import { graphOfTopology } from '../draw/graph.js';
import { type Drawing, layoutGraph } from '../draw/layout.js';
import { RecordingDrawing, presence } from '../draw/recording-drawing.js';
import { ScriptShapes } from '../draw/script-shape.js';
import { topologySvg } from '../draw/topology-svg.js';
import { InputError } from '../errors/input-error.js';
import { loadTopologyFile } from '../topology/load.js';
import { openRecording } from './recording.js';
import { run } from './run.js';

export interface DrawOptions {
  /** For a recording: draw the network as it stands just after this event (a script's changes as it runs). Default: the last. */
  at?: number;
}

export interface DrawResult {
  svg: string;
  drawing: Drawing;
}

/** SQLite's file header (sqlite.org/fileformat.html, 1.3): a recording, whatever its name. */
const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * The topology drawing, as SVG: of a topology file (YAML, JSON, or a
 * script, which is run in memory to see what it builds) or of a recording,
 * laid out as the viewer lays it out (draw/layout.ts).
 */
export async function drawTopology(path: string, options: DrawOptions = {}): Promise<DrawResult> {
  if (isRecording(path)) return drawRecording(path, options.at);
  if (options.at !== undefined) throw new InputError(`--at: ${path} is a topology file, not a recording: only a recording has events`);
  const topology = loadTopologyFile(path);
  if (!topology.script) {
    const drawing = layoutGraph(graphOfTopology(topology));
    return { svg: topologySvg(drawing), drawing };
  }
  const shapes = new ScriptShapes();
  await new Promise<void>((resolve, reject) => {
    run(topology).events$.subscribe({
      next: (e) => {
        if (e.kind === 'command' || e.kind === 'link') shapes.add(e);
      },
      error: reject,
      complete: resolve,
    });
  });
  const union = shapes.union();
  const drawing = layoutGraph({ name: topology.name, nodes: union.nodes, cables: union.cables, fixed: {} });
  const last = shapes.history[shapes.history.length - 1]!;
  return { svg: topologySvg(drawing, { present: presence(last) }), drawing };
}

function drawRecording(path: string, at: number | undefined): DrawResult {
  const recording = openRecording(path);
  try {
    const last = recording.status().events;
    if (at !== undefined && at > last) throw new InputError(`--at: ${at} is past the recording's last event (#${last})`);
    const drawn = new RecordingDrawing(recording.reader);
    const present = drawn.presentAt(at ?? last);
    return { svg: topologySvg(drawn.drawing, present ? { present } : {}), drawing: drawn.drawing };
  } finally {
    recording.close();
  }
}

function isRecording(path: string): boolean {
  if (path.endsWith('.db')) return true;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    readSync(fd, head, 0, head.length, 0);
    return head.toString('latin1') === SQLITE_MAGIC;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
