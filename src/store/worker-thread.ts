import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on a module of hoplab's, given as the module that
 * starts it sees it: `new URL('./x-worker.js', import.meta.url)`. Built, that
 * is the compiled `x-worker.js` beside it. Run from the TypeScript sources
 * (the test suite, under vitest), the caller's module is a `.ts` file and so
 * is the worker's; Node 20 cannot load TypeScript, so the thread first
 * registers tsx's loader (a devDependency) and then imports the same
 * source. Either way the thread runs the same code: there is no fallback
 * that does the work some other way.
 */
export function startWorker(worker: URL, callerUrl: string, options: WorkerOptions): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(worker, options);
  const source = new URL(worker.href.replace(/\.js$/, '.ts'));
  const loader = import.meta.resolve('tsx/esm/api');
  const boot = `const { register } = await import(${JSON.stringify(loader)}); register(); await import(${JSON.stringify(source.href)});`;
  return new Worker(boot, { ...options, eval: true });
}
