import { runSubgraph } from '../../../shared/subgraph-main.js';
import { connectReviewDatabase } from './data/database.js';
import { createReviewSubgraph } from './server.js';

await runSubgraph('review', connectReviewDatabase, createReviewSubgraph);
