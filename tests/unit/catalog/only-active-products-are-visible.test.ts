import { describe, expect, it } from 'vitest';
import { isVisibleToShoppers, normalizeSku } from '../../../subgraphs/catalog/src/domain/product-visibility.js';

describe('product visibility', () => {
  it('shows shoppers only products on sale', () => {
    expect(isVisibleToShoppers('ACTIVE')).toBe(true);
    expect(isVisibleToShoppers('DRAFT')).toBe(false);
    expect(isVisibleToShoppers('ARCHIVED')).toBe(false);
  });

  it('matches SKUs whatever their case and surrounding spaces', () => {
    expect(normalizeSku('  cof-001 ')).toBe('COF-001');
  });
});
