import { describe, expect, it } from 'vitest';
import { assembleDocument, documentAccess, expiryOf } from '../../../subgraphs/customer/src/domain/data-exports.js';

const now = new Date('2026-12-06T12:00:00.000Z');

describe('a data export document', () => {
  it('names the subgraph each part comes from', () => {
    const document = assembleDocument(
      '01JEXPORT',
      '01JCUSTOMER',
      {
        customer: {
          profile: { id: '01JCUSTOMER', email: 'a@b.c' },
          addresses: [{ id: 'a1' }],
          addressAudit: [],
          preferences: { language: 'en' },
          preferenceHistory: [],
        },
        order: { carts: [{ id: 'c1' }], orders: [{ id: 'o1' }] },
        review: { reviews: [{ id: 'r1' }] },
        promotion: { promotionRedemptions: [] },
      },
      now,
    );
    expect(document).toMatchObject({
      format: 1,
      exportId: '01JEXPORT',
      customerId: '01JCUSTOMER',
      generatedAt: now.toISOString(),
      customer: { source: 'customer', email: 'a@b.c' },
      addresses: { source: 'customer', items: [{ id: 'a1' }] },
      preferences: { source: 'customer', current: { language: 'en' } },
      carts: { source: 'order', items: [{ id: 'c1' }] },
      orders: { source: 'order', items: [{ id: 'o1' }] },
      reviews: { source: 'review', items: [{ id: 'r1' }] },
      promotionRedemptions: { source: 'promotion', items: [] },
    });
  });

  it('is kept for the retention days from when it was ready', () => {
    expect(expiryOf(now, 7).toISOString()).toBe('2026-12-13T12:00:00.000Z');
  });

  it('is served while ready, nothing while pending or failed, and "expired" from its expiry on', () => {
    const later = new Date(now.getTime() + 1000);
    expect(documentAccess({ status: 'READY', document: { a: 1 } }, now, later)).toEqual({
      kind: 'document',
      document: { a: 1 },
    });
    expect(documentAccess({ status: 'READY', document: { a: 1 } }, later, later)).toEqual({ kind: 'expired' });
    expect(documentAccess({ status: 'EXPIRED', document: null }, now, now)).toEqual({ kind: 'expired' });
    expect(documentAccess({ status: 'PENDING', document: null }, now, null)).toEqual({ kind: 'none' });
    expect(documentAccess({ status: 'FAILED', document: null }, now, null)).toEqual({ kind: 'none' });
  });
});
