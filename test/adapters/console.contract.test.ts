// The ChatAdapter contract run against the console adapter over in-memory stdin/stdout streams.
import { chatAdapterContract } from './contract.js';
import { consoleHarness } from './console-harness.js';

chatAdapterContract('console', consoleHarness);
