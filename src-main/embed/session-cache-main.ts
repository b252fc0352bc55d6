// Process entry: saves the optimised copy of one model file (session-cache.ts) and exits. Run in a
// process of its own so that the second copy of the weights it holds while optimising never
// counts against the indexer's memory, and so that a command line can exit while it finishes.
import { saveOptimisedModel } from './session-cache.js';

const [cacheDir, ...sources] = process.argv.slice(2);
for (const source of sources) if (cacheDir) await saveOptimisedModel(source, cacheDir); // one at a time: one spare copy in memory
