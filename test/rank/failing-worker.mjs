// A rank worker for pool.test.ts that fails on purpose, as the test's workerData says: `analyse` dies when asked to
// analyse; `select` analyses like the real worker but, asked to select, takes every chunk and dies without posting
// them.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { analyseTexts } = await import('../../src/rank/worker.ts');
// The real worker's listener is replaced by this one.
parentPort.removeAllListeners('message');
parentPort.on('message', (job) => {
  if (job.kind === 'analyse') {
    if (workerData === 'analyse') process.exit(4);
    parentPort.postMessage(analyseTexts(job));
  } else if (job.kind === 'select') {
    Atomics.add(job.claims, 0, 1e6);
    process.exit(3);
  }
});
parentPort.postMessage({ kind: 'ready' });
