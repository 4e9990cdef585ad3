import type { ServiceClient } from '../../../../shared/service-client.js';
import { customerOwnData, withNextPendingExport } from '../data/data-exports.js';
import type { CustomerDatabase } from '../data/database.js';
import { assembleDocument, expiryOf, type GatheredParts, MAX_GATHER_ATTEMPTS } from '../domain/data-exports.js';
import type { Prisma } from '../generated/prisma/client.js';

/** The other subgraphs holding a customer's data, and the internal field each answers it with. */
export interface ExportSources {
  order: ServiceClient;
  review: ServiceClient;
  promotion: ServiceClient;
}

async function partOf<T>(client: ServiceClient, field: string, customerId: string, exportId: string): Promise<T> {
  const data = await client<Record<string, string>>({
    query: `query($customerId: ID!) { ${field}(customerId: $customerId) }`,
    variables: { customerId },
    requestId: `export_${exportId}`,
  });
  return JSON.parse(data[field] as string) as T;
}

export type GatherOutcome = 'ready' | 'retry' | 'failed' | 'idle';

/**
 * Gathers the oldest pending export: the customer's own data, read in the transaction that holds
 * the export, and each other subgraph's part, asked with the workers' service token. A subgraph
 * that cannot answer leaves the export PENDING for the next run; after MAX_GATHER_ATTEMPTS it is
 * FAILED, with why. Nothing partial is ever offered as a document.
 */
export async function gatherNextExport(
  db: CustomerDatabase,
  sources: ExportSources,
  retentionDays: number,
  now: () => Date = () => new Date(),
): Promise<GatherOutcome> {
  const outcome = await withNextPendingExport(db, async (row, tx: Prisma.TransactionClient) => {
    try {
      const [customer, order, review, promotion] = await Promise.all([
        customerOwnData(tx, row.customerId),
        partOf<GatheredParts['order']>(sources.order, 'orderDataOfCustomer', row.customerId, row.id),
        partOf<GatheredParts['review']>(sources.review, 'reviewDataOfCustomer', row.customerId, row.id),
        partOf<GatheredParts['promotion']>(sources.promotion, 'promotionDataOfCustomer', row.customerId, row.id),
      ]);
      const readyAt = now();
      const document = assembleDocument(row.id, row.customerId, { customer, order, review, promotion }, readyAt);
      await tx.dataExport.update({
        where: { id: row.id },
        data: {
          status: 'READY',
          readyAt,
          expiresAt: expiryOf(readyAt, retentionDays),
          // Dates and decimals become strings, as a JSON document holds them.
          document: JSON.parse(JSON.stringify(document)) as Prisma.InputJsonObject,
          failure: null,
        },
      });
      return 'ready' as const;
    } catch (error) {
      const failure = error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
      const failed = row.attempts >= MAX_GATHER_ATTEMPTS;
      await tx.dataExport.update({
        where: { id: row.id },
        data: failed ? { status: 'FAILED', failure } : { failure },
      });
      return failed ? ('failed' as const) : ('retry' as const);
    }
  });
  return outcome ?? 'idle';
}
