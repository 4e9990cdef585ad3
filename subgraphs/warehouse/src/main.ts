import { runSubgraph } from '../../../shared/subgraph-main.js';
import { connectWarehouseDatabase } from './data/database.js';
import { createWarehouseSubgraph } from './server.js';

await runSubgraph('warehouse', connectWarehouseDatabase, createWarehouseSubgraph);
