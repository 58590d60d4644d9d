// The contract suite on MemoryStore, the reference semantics the persistent backends must match.
import { MemoryStore } from '../../src/state/memory-kv.js';
import { storeContract } from './contract.js';

// One instance for every make(): "reopening" a memory store reaches the same data, as a real backend would.
const shared = new MemoryStore();
storeContract('memory', async () => shared);
