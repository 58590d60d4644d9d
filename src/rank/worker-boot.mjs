// Starts the rank pool's worker thread: TypeScript modules load through tsx in this thread too.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
