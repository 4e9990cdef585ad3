import { describe, expect, it } from 'vitest';
import {
  invalidationTagsOf,
  responseCacheKey,
  tagsOfSubgraphFetch,
} from '../../../shared/cache/response-cache-keys.js';

const request = {
  documentHash: 'a'.repeat(64),
  operationName: 'ProductPage',
  variables: { first: 20, currency: 'EUR' },
};

describe('a response cache key', () => {
  it('is the same for the same document, operation and variables, whatever their order', () => {
    expect(responseCacheKey({ ...request, variables: { currency: 'EUR', first: 20 } })).toBe(responseCacheKey(request));
  });

  it('differs with any variable, the operation chosen or the document', () => {
    const key = responseCacheKey(request);
    expect(responseCacheKey({ ...request, variables: { first: 20, currency: 'CHF' } })).not.toBe(key);
    expect(responseCacheKey({ ...request, operationName: 'Other' })).not.toBe(key);
    expect(responseCacheKey({ ...request, documentHash: 'b'.repeat(64) })).not.toBe(key);
  });
});

describe('the tags of a subgraph fetch', () => {
  it('name the subgraph, the entities it was asked to resolve and those its answer names', () => {
    const tags = new Set<string>();
    tagsOfSubgraphFetch(
      {
        subgraph: 'pricing',
        variables: { representations: [{ __typename: 'Product', id: 'p1' }], currency: 'EUR' },
        data: { _entities: [{ price: { amount: '9.99', currency: 'EUR' } }] },
      },
      tags,
    );
    tagsOfSubgraphFetch(
      {
        subgraph: 'catalog',
        variables: {},
        data: {
          products: { edges: [{ node: { __typename: 'Product', id: 'p2', name: 'Tea' } }, { node: { name: 'x' } }] },
        },
      },
      tags,
    );
    expect([...tags].sort()).toEqual(['Product:p1', 'Product:p2', 'Subgraph:catalog', 'Subgraph:pricing']);
  });
});

describe('the tags an event invalidates', () => {
  it('are its product for a price change or a stock alert', () => {
    for (const type of ['PriceChanged', 'StockLow', 'StockOut', 'StockRecovered'])
      expect(invalidationTagsOf({ type, payload: { productId: 'p1' } })).toEqual(['Product:p1']);
  });

  it('are every answer that read the catalog for a catalog change, whose lists no product tag tells', () => {
    expect(invalidationTagsOf({ type: 'ProductChanged', payload: { productId: 'p1' } })).toEqual(['Subgraph:catalog']);
    expect(invalidationTagsOf({ type: 'CategoryChanged', payload: { categoryId: 'c1' } })).toEqual([
      'Subgraph:catalog',
    ]);
  });

  it('are none for any other event', () => {
    expect(invalidationTagsOf({ type: 'OrderPaid', payload: { orderId: 'o1' } })).toEqual([]);
  });
});
