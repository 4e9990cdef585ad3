import type { Counter } from 'prom-client';
import { connectPrisma, type DatabaseTarget } from '../../../../shared/database.js';
import { PrismaClient } from '../generated/prisma/client.js';

export type ReviewDatabase = PrismaClient;

export function connectReviewDatabase(target: DatabaseTarget, queries?: Counter): ReviewDatabase {
  return connectPrisma(PrismaClient, target, queries);
}
