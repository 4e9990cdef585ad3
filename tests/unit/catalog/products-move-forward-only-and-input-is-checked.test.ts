import { describe, expect, it } from 'vitest';
import {
  canMoveStatus,
  createCategoryInput,
  createProductInput,
  updateProductInput,
} from '../../../subgraphs/catalog/src/domain/catalog-changes.js';
import { isVisibleTo } from '../../../subgraphs/catalog/src/domain/product-visibility.js';

const CATEGORY = '01JAAAAAAAAAAAAAAAAAAAAAAA';

describe('a product status', () => {
  it.each([
    ['DRAFT', 'ACTIVE', true],
    ['DRAFT', 'ARCHIVED', true],
    ['ACTIVE', 'ARCHIVED', true],
    ['ACTIVE', 'ACTIVE', true],
    ['ACTIVE', 'DRAFT', false],
    ['ARCHIVED', 'ACTIVE', false],
    ['ARCHIVED', 'DRAFT', false],
  ] as const)('%s → %s is %s', (from, to, allowed) => {
    expect(canMoveStatus(from, to)).toBe(allowed);
  });
});

describe('catalog input', () => {
  it('stores SKUs upper-case and new products as drafts with an empty description', () => {
    expect(createProductInput.parse({ sku: ' cof-001 ', name: ' Gesha ', categoryId: CATEGORY })).toEqual({
      sku: 'COF-001',
      name: 'Gesha',
      description: '',
      categoryId: CATEGORY,
      status: 'DRAFT',
    });
  });

  it.each(['', 'a b', 'a--b', '-a', 'a.', 'é1'])('refuses the SKU %j', (sku) => {
    expect(createProductInput.safeParse({ sku, name: 'x', categoryId: CATEGORY }).success).toBe(false);
  });

  it.each(['Coffee', 'coffee beans', 'coffee--beans', '-coffee', 'coffee_beans'])('refuses the slug %j', (slug) => {
    expect(createCategoryInput.safeParse({ slug, name: 'x' }).success).toBe(false);
  });

  it('changes only the fields sent', () => {
    expect(updateProductInput.parse({ name: 'New name', description: null })).toEqual({
      sku: undefined,
      name: 'New name',
      description: undefined,
      categoryId: undefined,
      status: undefined,
    });
  });
});

describe('who sees a product', () => {
  const shopper = { subject: null, roles: [] };
  const catalogAdmin = { subject: 'staff-1', roles: ['catalog_admin' as const] };
  const pricingAdmin = { subject: 'staff-2', roles: ['pricing_admin' as const] };

  it('shoppers and other staff see only products on sale; catalog staff see every status', () => {
    for (const status of ['DRAFT', 'ARCHIVED'] as const) {
      expect(isVisibleTo(shopper, status)).toBe(false);
      expect(isVisibleTo(pricingAdmin, status)).toBe(false);
      expect(isVisibleTo(catalogAdmin, status)).toBe(true);
    }
    expect(isVisibleTo(shopper, 'ACTIVE')).toBe(true);
  });
});
