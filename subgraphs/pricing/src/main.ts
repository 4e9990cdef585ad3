import { runSubgraph } from '../../../shared/subgraph-main.js';
import { connectPricingDatabase } from './data/database.js';
import { createPricingSubgraph } from './server.js';

await runSubgraph('pricing', connectPricingDatabase, createPricingSubgraph);
