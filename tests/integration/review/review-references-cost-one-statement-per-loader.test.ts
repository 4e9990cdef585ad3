import { describe, expect, it } from 'vitest';
import {
  dataOf,
  type EntityRepresentation,
  publishedReviews,
  representation,
  resolveEntities,
  shop,
  statementsPerRun,
  unknownIds,
} from '../../support/entities.js';

const products = [...shop.products.map((p) => p.id), ...unknownIds(5)].map((id) => representation('Product', id));
const customers = [...shop.customers.map((c) => c.id), ...unknownIds(5)].map((id) => representation('Customer', id));
const reviews = [...publishedReviews.slice(0, 40).map((r) => r.id), ...unknownIds(5)].map((id) =>
  representation('Review', id),
);

const statementsFor = (selection: string, representations: EntityRepresentation[]) =>
  statementsPerRun('review', async () => {
    dataOf(await resolveEntities('review', selection, representations));
  });

describe('review: batching of entity references', () => {
  it(`summarizes the ratings of ${products.length} products with one SQL statement`, async () => {
    expect(await statementsFor('... on Product { rating { average count } }', products)).toBe(1);
  });

  it(`loads a page of reviews for ${products.length} products with one SQL statement`, async () => {
    expect(await statementsFor('... on Product { reviews(first: 2) { edges { node { id } } } }', products)).toBe(1);
  });

  it('loads ratings and review pages together with one statement each', async () => {
    expect(
      await statementsFor('... on Product { rating { count } reviews(first: 2) { edges { node { id } } } }', products),
    ).toBe(2);
  });

  it(`loads a page of reviews for ${customers.length} customers with one SQL statement`, async () => {
    expect(await statementsFor('... on Customer { reviews(first: 5) { edges { node { id } } } }', customers)).toBe(1);
  });

  it(`resolves ${reviews.length} review references with one SQL statement`, async () => {
    expect(await statementsFor('... on Review { id rating title }', reviews)).toBe(1);
  });
});
