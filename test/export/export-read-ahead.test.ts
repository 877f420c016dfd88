import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOPLAB_VERSION } from '../../src/api/version.js';
import { openCaptureFile } from '../../src/export/capture-file.js';
import { capturePoints } from '../../src/export/capture-points.js';
import { exportRecording } from '../../src/pipeline/export-recording.js';
import { SqliteRecordingReader } from '../../src/store/sqlite-reader.js';
import { hoplab, tempDir } from '../helpers/cli.js';

describe('hoplab export of a recording long enough to be read ahead in a second thread', () => {
  it('writes the same bytes through the CLI as through the library', async () => {
    const dir = tempDir();
    const storm = join(dir, 'storm.db');
    // Past the 65,536 events below which the reader does not start a thread.
    expect(hoplab(['run', 'recordings/mesh-storm.yaml', '--quiet', '--max-events', '70000', '-o', storm]).status).toBe(0);
    const viaCli = join(dir, 'cli.pcapng');
    expect(hoplab(['export', storm, '-o', viaCli]).status).toBe(0);

    // The same export through the library from the TypeScript sources (its read-ahead worker loaded through tsx).
    const reader = new SqliteRecordingReader(storm);
    const header = reader.header();
    const inThread = join(dir, 'in-thread.pcapng');
    const stats = await exportRecording(
      reader,
      openCaptureFile(inThread, header, { format: 'pcapng', points: capturePoints(header), hoplabVersion: HOPLAB_VERSION }),
      storm,
    );
    reader.close();
    expect(stats.packets).toBeGreaterThan(20_000);
    expect(readFileSync(viaCli).equals(readFileSync(inThread))).toBe(true);
  });
});
