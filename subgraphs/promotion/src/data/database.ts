import type { Counter } from 'prom-client';
import { connectPrisma, type DatabaseTarget } from '../../../../shared/database.js';
import { PrismaClient } from '../generated/prisma/client.js';

export type PromotionDatabase = PrismaClient;

export function connectPromotionDatabase(target: DatabaseTarget, queries?: Counter): PromotionDatabase {
  return connectPrisma(PrismaClient, target, queries);
}
