import type { Counter } from 'prom-client';
import { connectPrisma, type DatabaseTarget } from '../../../../shared/database.js';
import { PrismaClient } from '../generated/prisma/client.js';

export type CustomerDatabase = PrismaClient;

export function connectCustomerDatabase(target: DatabaseTarget, queries?: Counter): CustomerDatabase {
  return connectPrisma(PrismaClient, target, queries);
}
