import { describe, expect, it } from 'vitest';
import { startWorker } from '../../src/store/worker-thread.js';

// Worker threads run the same source in the tests as in production: started
// from a TypeScript module, startWorker loads the worker's TypeScript (tsx);
// built, the compiled file beside it.

describe('startWorker', () => {
  it('runs a worker given as its .js name from a TypeScript caller, from its source', async () => {
    const worker = startWorker(new URL('./workers/double-worker.js', import.meta.url), import.meta.url, { workerData: 21 });
    const answer = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(answer).toBe(42);
  });
});
