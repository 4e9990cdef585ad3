import { catalogJobs } from '../../subgraphs/catalog/src/jobs/index.js';
import { customerJobs } from '../../subgraphs/customer/src/jobs/index.js';
import { orderJobs } from '../../subgraphs/order/src/jobs/index.js';
import { pricingJobs } from '../../subgraphs/pricing/src/jobs/index.js';
import { promotionJobs } from '../../subgraphs/promotion/src/jobs/index.js';
import { reviewJobs } from '../../subgraphs/review/src/jobs/index.js';
import { warehouseJobs } from '../../subgraphs/warehouse/src/jobs/index.js';
import { stockAlertJobs } from '../../subgraphs/warehouse/src/jobs/stock-alerts.js';
import { responseCacheInvalidationJobs } from './response-cache-invalidation.js';
import type { WorkerModule } from './worker-module.js';

/** Every subgraph's background work; `npm run workers` runs all of it. */
export const WORKER_MODULES: readonly WorkerModule[] = [
  orderJobs,
  warehouseJobs,
  stockAlertJobs,
  promotionJobs,
  pricingJobs,
  customerJobs,
  catalogJobs,
  reviewJobs,
  responseCacheInvalidationJobs,
];
