// A rank worker for pool.test.ts that misbehaves on purpose, as the test's workerData says: `analyse` dies when
// asked to analyse; `idle` answers an analysis at once with no paper analysed (the ranking thread takes them all);
// `select` analyses like the real worker. Asked to select, each takes every chunk and dies without posting them.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { analyseTexts } = await import('../../src/rank/worker.ts');
// The real worker's listener is replaced by this one.
parentPort.removeAllListeners('message');
parentPort.on('message', (job) => {
  if (job.kind === 'analyse') {
    if (workerData === 'analyse') process.exit(4);
    if (workerData === 'idle') {
      const packed = { names: [], ids: new Int32Array(0), at: new Int32Array(0), from: new Int32Array(1), lengths: new Int32Array(0) };
      parentPort.postMessage({ kind: 'analysed', id: job.id, papers: new Int32Array(0), packed });
    } else parentPort.postMessage(analyseTexts(job));
  } else if (job.kind === 'select') {
    Atomics.add(job.claims, 0, 1e6);
    process.exit(3);
  }
});
parentPort.postMessage({ kind: 'ready' });
