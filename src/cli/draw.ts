import { drawTopology } from '../api/draw.js';
import { AtomicFileWriter } from '../export/atomic-file.js';

export interface DrawFlags {
  output: string;
  at?: number;
}

/** `hoplab draw FILE|REC.db -o OUT.svg`: the topology drawing, laid out as the viewer lays it out. */
export async function drawCommand(path: string, flags: DrawFlags): Promise<number> {
  const { svg, drawing } = await drawTopology(path, flags.at !== undefined ? { at: flags.at } : {});
  writeTextFile(flags.output, svg);
  process.stderr.write(`${flags.output}: ${drawing.nodes.length} nodes, ${drawing.cables.length} cables\n`);
  return 0;
}

/** All or nothing: a failed write never leaves half a picture over an existing one. */
export function writeTextFile(path: string, text: string): void {
  const out = new AtomicFileWriter(path);
  try {
    out.write(Buffer.from(text, 'utf8'));
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
}
