import { describe, expect, it, vi } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { alertingProduct } from '../../integration/warehouse-alerts/alerts.js';
import { ADMIN, CUSTOMER, SUPPORT, WAREHOUSE_ADMIN } from '../../integration/warehouse-reservations/stock.js';
import { codes } from '../../support/graphql.js';
import { as } from '../../support/tokens.js';

const ADJUST = `mutation Adjust($input: AdjustStockInput!) { adjustStock(input: $input) { available alertLevel } }`;
const ALERTS = `query Alerts($filter: StockAlertFilter, $first: Int, $after: String) {
  stockAlerts(filter: $filter, first: $first, after: $after) {
    edges { cursor node {
      id kind level previousLevel onHand reserved available threshold occurredAt
      warehouse { code } product { id } acknowledgedBy acknowledgedAt
    } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
    totalCount
  }
}`;
const ACKNOWLEDGE = `mutation Acknowledge($id: ID!) { acknowledgeStockAlert(id: $id) { id acknowledgedBy acknowledgedAt } }`;

interface AlertNode {
  id: string;
  kind: string;
  level: string;
  previousLevel: string;
  available: number;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
}
interface AlertPage {
  stockAlerts: {
    edges: { cursor: string; node: AlertNode }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
    totalCount: number;
  } | null;
}

describe('stock alerts through the gateway', () => {
  it('show warehouse staff every crossing, newest first, and record who acknowledged one and when', async () => {
    const item = await alertingProduct('BER-1', 3, 2);
    for (const delta of [-3, 1, 2]) {
      const response = await as(WAREHOUSE_ADMIN, ADJUST, { input: { ...item, delta, reason: 'Stock count' } });
      expect(response.errors).toBeUndefined();
    }
    const filter = { productId: item.productId };
    // The workers store the alerts from the warehouse's outbox. The page and its count are read
    // apart, so the page is read only once all three are stored.
    await vi.waitFor(
      async () => {
        const response = await as<AlertPage>(WAREHOUSE_ADMIN, ALERTS, { filter, first: 1 });
        expect(response.errors).toBeUndefined();
        expect(response.data?.stockAlerts?.totalCount).toBe(3);
      },
      { timeout: 15_000, interval: 100 },
    );
    const response = await as<AlertPage>(WAREHOUSE_ADMIN, ALERTS, { filter, first: 2 });
    expect(response.errors).toBeUndefined();
    const page = response.data?.stockAlerts;
    expect(page?.edges.map((edge) => [edge.node.kind, edge.node.previousLevel, edge.node.level])).toEqual([
      ['STOCK_RECOVERED', 'LOW', 'OK'],
      ['STOCK_LOW', 'OUT', 'LOW'],
    ]);
    expect(page?.edges[0]?.node).toMatchObject({
      onHand: 3,
      reserved: 0,
      available: 3,
      threshold: 2,
      warehouse: { code: 'BER-1' },
      product: { id: item.productId },
      acknowledgedBy: null,
    });
    expect(page?.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const rest = await as<AlertPage>(SUPPORT, ALERTS, { filter, first: 2, after: page?.pageInfo.endCursor });
    const out = rest.data?.stockAlerts?.edges.map((edge) => edge.node) ?? [];
    expect(out.map((alert) => alert.kind)).toEqual(['STOCK_OUT']);
    const outAlert = out[0] as AlertNode;

    const acknowledged = await as<{ acknowledgeStockAlert: AlertNode }>(WAREHOUSE_ADMIN, ACKNOWLEDGE, {
      id: outAlert.id,
    });
    expect(acknowledged.errors).toBeUndefined();
    expect(acknowledged.data?.acknowledgeStockAlert).toEqual({
      id: outAlert.id,
      acknowledgedBy: `staff:${WAREHOUSE_ADMIN.subject}`,
      acknowledgedAt: expect.any(String),
    });
    // The first acknowledgement counts.
    const again = await as<{ acknowledgeStockAlert: AlertNode }>(ADMIN, ACKNOWLEDGE, { id: outAlert.id });
    expect(again.data?.acknowledgeStockAlert).toEqual(acknowledged.data?.acknowledgeStockAlert);

    const open = await as<AlertPage>(WAREHOUSE_ADMIN, ALERTS, { filter: { ...filter, acknowledged: false } });
    expect(open.data?.stockAlerts?.edges.map((edge) => edge.node.kind)).toEqual(['STOCK_RECOVERED', 'STOCK_LOW']);
    const seen = await as<AlertPage>(WAREHOUSE_ADMIN, ALERTS, { filter: { ...filter, acknowledged: true } });
    expect(seen.data?.stockAlerts?.edges.map((edge) => edge.node.id)).toEqual([outAlert.id]);
    const lows = await as<AlertPage>(WAREHOUSE_ADMIN, ALERTS, {
      filter: { ...filter, kinds: ['STOCK_LOW', 'STOCK_OUT'], warehouseId: item.warehouseId },
    });
    expect(lows.data?.stockAlerts?.edges.map((edge) => edge.node.kind)).toEqual(['STOCK_LOW', 'STOCK_OUT']);
  });

  it('are not for customers, who can neither list nor acknowledge them', async () => {
    const item = await alertingProduct('RTM-1', 1, 0);
    await as(WAREHOUSE_ADMIN, ADJUST, { input: { ...item, delta: -1, reason: 'Stock count' } });
    const alert = await vi.waitFor(
      async () => {
        const response = await as<AlertPage>(WAREHOUSE_ADMIN, ALERTS, { filter: { productId: item.productId } });
        const node = response.data?.stockAlerts?.edges[0]?.node;
        expect(node).toBeDefined();
        return node as AlertNode;
      },
      { timeout: 15_000, interval: 100 },
    );

    const listed = await as<AlertPage>(CUSTOMER, ALERTS, { filter: { productId: item.productId } });
    expect(codes(listed)).toEqual(['FORBIDDEN']);
    expect(listed.data?.stockAlerts ?? null).toBeNull();
    for (const caller of [CUSTOMER, SUPPORT, null]) {
      const refused = await as(caller, ACKNOWLEDGE, { id: alert.id });
      expect(codes(refused)?.[0]).toMatch(/^(FORBIDDEN|UNAUTHENTICATED)$/);
    }
    const after = await as<AlertPage>(WAREHOUSE_ADMIN, ALERTS, { filter: { productId: item.productId } });
    expect(after.data?.stockAlerts?.edges[0]?.node.acknowledgedBy).toBeNull();
  });

  it('answer NOT_FOUND for an unknown alert and BAD_USER_INPUT for bad arguments', async () => {
    expect(codes(await as(WAREHOUSE_ADMIN, ACKNOWLEDGE, { id: newId() }))).toEqual(['NOT_FOUND']);
    expect(codes(await as(WAREHOUSE_ADMIN, ACKNOWLEDGE, { id: 'nope' }))).toEqual(['BAD_USER_INPUT']);
    const badFilter = await as(WAREHOUSE_ADMIN, ALERTS, { filter: { productId: 'nope' } });
    expect(codes(badFilter)).toEqual(['BAD_USER_INPUT']);
    expect(codes(await as(WAREHOUSE_ADMIN, ALERTS, { first: 101 }))).toEqual(['BAD_USER_INPUT']);
  });
});
