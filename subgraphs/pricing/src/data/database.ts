import type { Counter } from 'prom-client';
import { connectPrisma, type DatabaseTarget } from '../../../../shared/database.js';
import { PrismaClient } from '../generated/prisma/client.js';

export type PricingDatabase = PrismaClient;

export function connectPricingDatabase(target: DatabaseTarget, queries?: Counter): PricingDatabase {
  return connectPrisma(PrismaClient, target, queries);
}
