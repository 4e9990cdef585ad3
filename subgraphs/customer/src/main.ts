import { runSubgraph } from '../../../shared/subgraph-main.js';
import { connectCustomerDatabase } from './data/database.js';
import { createCustomerSubgraph } from './server.js';

await runSubgraph('customer', connectCustomerDatabase, createCustomerSubgraph);
