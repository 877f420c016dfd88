// A worker for test/store/worker-thread.test.ts: answers with twice the number
// it was started with, through a TypeScript-only construct (a typed const), so
// that it only runs if its source was compiled on the way in.
import { parentPort, workerData } from 'node:worker_threads';

const start: number = workerData as number;
parentPort?.postMessage(start * 2);
