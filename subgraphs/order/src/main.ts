import { runSubgraph } from '../../../shared/subgraph-main.js';
import { connectOrderDatabase } from './data/database.js';
import { createOrderSubgraph } from './server.js';

await runSubgraph('order', connectOrderDatabase, createOrderSubgraph);
