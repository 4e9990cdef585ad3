import { describe, expect, it } from 'vitest';
import {
  dataOf,
  PROMOTION_FIELDS,
  representation,
  resolveEntities,
  shop,
  statementsPerRun,
  unknownIds,
} from '../../support/entities.js';
import { subgraph } from '../../support/graphql.js';

describe('promotion: statements per request', () => {
  it('resolves a batch of promotion references with one SQL statement', async () => {
    const representations = [...shop.promotions.map((p) => p.id), ...unknownIds(10)].map((id) =>
      representation('Promotion', id),
    );
    const statements = await statementsPerRun('promotion', async () => {
      dataOf(await resolveEntities('promotion', `... on Promotion { ${PROMOTION_FIELDS} }`, representations));
    });
    expect(statements).toBe(1);
  });

  it('lists the active promotions with one SQL statement', async () => {
    const statements = await statementsPerRun('promotion', async () => {
      dataOf(await subgraph('promotion', `{ activePromotions { ${PROMOTION_FIELDS} } }`));
    });
    expect(statements).toBe(1);
  });
});
