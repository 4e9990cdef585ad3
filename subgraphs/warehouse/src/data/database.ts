import type { Counter } from 'prom-client';
import { connectPrisma, type DatabaseTarget } from '../../../../shared/database.js';
import { PrismaClient } from '../generated/prisma/client.js';

export type WarehouseDatabase = PrismaClient;

export function connectWarehouseDatabase(target: DatabaseTarget, queries?: Counter): WarehouseDatabase {
  return connectPrisma(PrismaClient, target, queries);
}
