import { runSubgraph } from '../../../shared/subgraph-main.js';
import { connectPromotionDatabase } from './data/database.js';
import { createPromotionSubgraph } from './server.js';

await runSubgraph('promotion', connectPromotionDatabase, createPromotionSubgraph);
