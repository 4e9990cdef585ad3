import { runSubgraph } from '../../../shared/subgraph-main.js';
import { connectCatalogDatabase } from './data/database.js';
import { createCatalogSubgraph } from './server.js';

await runSubgraph('catalog', connectCatalogDatabase, createCatalogSubgraph);
