import type { Counter } from 'prom-client';
import { connectPrisma, type DatabaseTarget } from '../../../../shared/database.js';
import { PrismaClient } from '../generated/prisma/client.js';

export type OrderDatabase = PrismaClient;

export function connectOrderDatabase(target: DatabaseTarget, queries?: Counter): OrderDatabase {
  return connectPrisma(PrismaClient, target, queries);
}
