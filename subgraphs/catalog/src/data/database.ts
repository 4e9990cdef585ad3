import type { Counter } from 'prom-client';
import { connectPrisma, type DatabaseTarget } from '../../../../shared/database.js';
import { PrismaClient } from '../generated/prisma/client.js';

export type CatalogDatabase = PrismaClient;

export function connectCatalogDatabase(target: DatabaseTarget, queries?: Counter): CatalogDatabase {
  return connectPrisma(PrismaClient, target, queries);
}
