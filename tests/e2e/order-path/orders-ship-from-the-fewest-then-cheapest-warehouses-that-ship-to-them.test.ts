import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { postGraphQL } from '../../support/graphql.js';
import { type IsolatedStack, startIsolatedStack } from '../../support/isolated-stack.js';
import { type Caller, mintToken } from '../../support/tokens.js';
import { asShopper, cartOf, codes, newProduct, newShopper, placeOrder, type Shopper, shopIn, sql } from './fixtures.js';

/**
 * Where an order's stock comes from, end to end: staff set warehouses' locations and shipping
 * zones through the gateway, customers in different countries place orders, and the order shows
 * which warehouse sends what. On a stack of this file's own, because the tests add warehouses
 * and restrict where the demo warehouses ship, which other files' orders must not feel.
 */
let stack: IsolatedStack;

const WAREHOUSE_ADMIN: Caller = { subject: 'staff-allocation-admin', roles: ['warehouse_admin'] };
const SUPPORT: Caller = { subject: 'staff-allocation-support', roles: ['support'] };
const ORDER_SERVICE: Caller = { subject: 'order', roles: ['service'] };

async function call<T = Record<string, unknown>>(
  caller: Caller,
  query: string,
  variables: Record<string, unknown> = {},
  url = stack.gatewayUrl,
) {
  return postGraphQL<T>(url, query, variables, {
    authorization: `Bearer ${await mintToken(caller.subject, caller.roles)}`,
  });
}

async function ok<T = Record<string, unknown>>(caller: Caller, query: string, variables: Record<string, unknown>) {
  const response = await call<T>(caller, query, variables);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

const CREATE = `mutation($input: CreateWarehouseInput!) {
  createWarehouse(input: $input) { id code country region coordinates { latitude longitude } priority }
}`;
const UPDATE = `mutation($input: UpdateWarehouseInput!) {
  updateWarehouse(input: $input) { id name country region coordinates { latitude longitude } priority }
}`;
const SET_ZONES = `mutation($input: SetWarehouseShippingZonesInput!) {
  setWarehouseShippingZones(input: $input) { id shipsOutsideZones shippingZones { code name countries cost { amount currency } } }
}`;

interface ZoneInput {
  code: string;
  name?: string;
  countries: string[];
  cost?: string | null;
}

/** A warehouse of the test's own that ships only to its zones, with a code nobody else uses. */
async function givenWarehouse(
  country: string,
  zones: ZoneInput[],
  options: { priority?: number; coordinates?: { latitude: number; longitude: number } } = {},
): Promise<{ id: string; code: string }> {
  const code = `T-${newId().slice(-10)}`;
  const created = await ok<{ createWarehouse: { id: string; code: string } }>(WAREHOUSE_ADMIN, CREATE, {
    input: { code, name: `Test ${code}`, country, ...options },
  });
  const { id } = created.createWarehouse;
  await ok(WAREHOUSE_ADMIN, SET_ZONES, {
    input: {
      warehouseId: id,
      shipsOutsideZones: false,
      zones: zones.map((zone) => ({ name: zone.code, ...zone })),
    },
  });
  return { id, code };
}

/** Units of a product on hand in warehouses of the test's own (none reserved). */
async function stock(productId: string, units: Record<string, number>): Promise<void> {
  for (const [warehouseId, onHand] of Object.entries(units)) {
    await sql('warehouse').query(
      'INSERT INTO stock_item (warehouse_id, product_id, on_hand, reserved, updated_at) VALUES ($1, $2, $3, 0, now())',
      [warehouseId, productId, onHand],
    );
  }
}

/** A product on sale whose only stock is what `units` puts in the test's warehouses. */
async function productIn(units: Record<string, number>): Promise<string> {
  const productId = await newProduct({ units: 0 });
  await stock(productId, units);
  return productId;
}

const ADDRESSES: Record<string, { city: string; postalCode: string; region: string }> = {
  FR: { city: 'Paris', postalCode: '75001', region: '' },
  DE: { city: 'Berlin', postalCode: '10115', region: '' },
  JP: { city: 'Tokyo', postalCode: '100-0001', region: '' },
  US: { city: 'Newark', postalCode: '07102', region: 'US-NJ' },
};

/** A signed-in customer whose one address is in the country. */
async function shopperIn(country: keyof typeof ADDRESSES): Promise<Shopper> {
  const shopper = await newShopper();
  const address = ADDRESSES[country] as (typeof ADDRESSES)[string];
  await sql('customer').query(
    'UPDATE address SET country = $2, city = $3, postal_code = $4, region = $5 WHERE id = $1',
    [shopper.addressId, country, address.city, address.postalCode, address.region],
  );
  return shopper;
}

interface ShipmentView {
  warehouse: { id: string; code: string };
  lines: { productId: string; quantity: number }[];
}

const SHIPMENTS = `query($id: ID!) { order(id: $id) { id shipments { warehouse { id code } lines { productId quantity } } } }`;

/** Places the order and answers it with its shipments as the customer sees them through the gateway. */
async function orderShipped(shopper: Shopper, lines: { productId: string; quantity: number }[]) {
  const placed = await placeOrder(shopper, await cartOf(shopper, lines));
  expect(placed.errors, JSON.stringify(placed.errors)).toBeUndefined();
  const orderId = placed.data?.placeOrder.id as string;
  const seen = await asShopper<{ order: { shipments: ShipmentView[] } }>(shopper, SHIPMENTS, { id: orderId });
  expect(seen.errors, JSON.stringify(seen.errors)).toBeUndefined();
  return { orderId, shipments: seen.data?.order.shipments as ShipmentView[] };
}

const unitsBy = (shipments: ShipmentView[]) =>
  Object.fromEntries(
    shipments.map((shipment) => [shipment.warehouse.id, shipment.lines.reduce((sum, line) => sum + line.quantity, 0)]),
  );

beforeAll(async () => {
  stack = await startIsolatedStack('allocation', {});
  await shopIn(stack);
  // The demo warehouses ship only to Germany, the Netherlands and the United States here, so the
  // countries the tests use are served by the tests' own warehouses alone.
  const demo = await sql('warehouse').query<{ id: string; country: string }>(
    "SELECT id, country FROM warehouse WHERE code NOT LIKE 'T-%'",
  );
  for (const warehouse of demo.rows) {
    await ok(WAREHOUSE_ADMIN, SET_ZONES, {
      input: {
        warehouseId: warehouse.id,
        shipsOutsideZones: false,
        zones: [{ code: 'HOME', name: 'Home country', countries: [warehouse.country] }],
      },
    });
  }
}, 240_000);

describe('warehouse staff manage locations and shipping zones', () => {
  it('create, relocate and zone a warehouse, each change recorded with who made it and what it was before', async () => {
    const code = `T-${newId().slice(-10)}`;
    const { createWarehouse } = await ok<{ createWarehouse: { id: string; code: string; priority: number } }>(
      WAREHOUSE_ADMIN,
      CREATE,
      {
        input: {
          code: code.toLowerCase(),
          name: 'Lyon',
          country: 'fr',
          coordinates: { latitude: 45.76, longitude: 4.84 },
        },
      },
    );
    expect(createWarehouse).toMatchObject({ code, priority: 0 });
    const { updateWarehouse } = await ok<{ updateWarehouse: Record<string, unknown> }>(WAREHOUSE_ADMIN, UPDATE, {
      input: { warehouseId: createWarehouse.id, region: 'FR-ARA', priority: 3 },
    });
    expect(updateWarehouse).toMatchObject({
      country: 'FR',
      region: 'FR-ARA',
      coordinates: { latitude: 45.76, longitude: 4.84 },
      priority: 3,
    });
    const { setWarehouseShippingZones } = await ok<{ setWarehouseShippingZones: Record<string, unknown> }>(
      WAREHOUSE_ADMIN,
      SET_ZONES,
      {
        input: {
          warehouseId: createWarehouse.id,
          shipsOutsideZones: false,
          zones: [
            { code: 'home', name: 'France', countries: ['FR', 'MC'], cost: '4.9' },
            { code: 'EU', name: 'Neighbours', countries: ['DE', 'BE', 'ES'], cost: null },
          ],
        },
      },
    );
    expect(setWarehouseShippingZones).toEqual({
      id: createWarehouse.id,
      shipsOutsideZones: false,
      shippingZones: [
        { code: 'EU', name: 'Neighbours', countries: ['BE', 'DE', 'ES'], cost: null },
        { code: 'HOME', name: 'France', countries: ['FR', 'MC'], cost: { amount: '4.90', currency: 'EUR' } },
      ],
    });

    const history = await sql('warehouse').query<{ action: string; actor: string; before: unknown; after: unknown }>(
      'SELECT action, actor, before, after FROM warehouse_change WHERE warehouse_id = $1 ORDER BY created_at, id',
      [createWarehouse.id],
    );
    expect(history.rows.map((row) => [row.action, row.actor])).toEqual([
      ['CREATE', 'staff:staff-allocation-admin'],
      ['UPDATE', 'staff:staff-allocation-admin'],
      ['SET_SHIPPING_ZONES', 'staff:staff-allocation-admin'],
    ]);
    expect(history.rows[1]?.before).toMatchObject({ region: null, priority: 0 });
    expect(history.rows[1]?.after).toMatchObject({ region: 'FR-ARA', priority: 3 });
    expect(history.rows[2]?.before).toEqual({ shipsOutsideZones: true, zones: [] });
  });

  it('refuses bad input with a stable code and the field, changing nothing', async () => {
    const { id } = await givenWarehouse('FR', [{ code: 'HOME', countries: ['FR'], cost: '5.00' }]);
    const zonesBefore = await sql('warehouse').query('SELECT * FROM shipping_zone_country WHERE warehouse_id = $1', [
      id,
    ]);
    const changesBefore = await sql('warehouse').query('SELECT id FROM warehouse_change WHERE warehouse_id = $1', [id]);
    const refusals: [string, Record<string, unknown>, string, string | undefined][] = [
      [
        SET_ZONES,
        {
          warehouseId: id,
          shipsOutsideZones: false,
          zones: [
            { code: 'A', name: 'A', countries: ['FR'] },
            { code: 'B', name: 'B', countries: ['FR'] },
          ],
        },
        'BAD_USER_INPUT',
        'input.zones.1.countries.0',
      ],
      [
        SET_ZONES,
        { warehouseId: id, shipsOutsideZones: false, zones: [{ code: 'A', name: 'A', countries: ['XX'] }] },
        'BAD_USER_INPUT',
        'input.zones.0.countries.0',
      ],
      [
        SET_ZONES,
        { warehouseId: id, shipsOutsideZones: false, zones: [{ code: 'A', name: 'A', countries: ['FR'], cost: '-1' }] },
        'BAD_USER_INPUT',
        'input.zones.0.cost',
      ],
      [
        SET_ZONES,
        { warehouseId: id, shipsOutsideZones: false, zones: [{ code: 'a b', name: 'A', countries: ['FR'] }] },
        'BAD_USER_INPUT',
        'input.zones.0.code',
      ],
      [SET_ZONES, { warehouseId: newId(), shipsOutsideZones: false, zones: [] }, 'NOT_FOUND', undefined],
      [UPDATE, { warehouseId: id, region: 'US-NJ' }, 'BAD_USER_INPUT', 'input.region'],
      [
        UPDATE,
        { warehouseId: id, coordinates: { latitude: 91, longitude: 0 } },
        'BAD_USER_INPUT',
        'input.coordinates.latitude',
      ],
      [UPDATE, { warehouseId: id, priority: -1 }, 'BAD_USER_INPUT', 'input.priority'],
      [UPDATE, { warehouseId: newId(), priority: 1 }, 'NOT_FOUND', undefined],
      [CREATE, { code: 'BER-1', name: 'Again', country: 'DE' }, 'CONFLICT', 'input.code'],
      [CREATE, { code: 'x', name: 'Short', country: 'DE' }, 'BAD_USER_INPUT', 'input.code'],
    ];
    for (const [mutation, input, code, field] of refusals) {
      const response = await call(WAREHOUSE_ADMIN, mutation, { input });
      expect(codes(response), JSON.stringify(input)).toEqual([code]);
      if (field) expect(response.errors?.[0]?.extensions?.field, JSON.stringify(input)).toBe(field);
    }
    for (const caller of [SUPPORT, { subject: newId(), roles: ['customer'] } satisfies Caller]) {
      const response = await call(caller, UPDATE, { input: { warehouseId: id, priority: 9 } });
      expect(codes(response)).toEqual(['FORBIDDEN']);
    }
    expect(
      (await sql('warehouse').query('SELECT * FROM shipping_zone_country WHERE warehouse_id = $1', [id])).rows,
    ).toEqual(zonesBefore.rows);
    expect(
      (await sql('warehouse').query('SELECT id FROM warehouse_change WHERE warehouse_id = $1', [id])).rows,
    ).toEqual(changesBefore.rows);
  });
});

describe('placing an order reserves from the warehouses that ship to the customer', () => {
  it('ships from the cheapest warehouse able to serve the whole order, not a nearer one that would split it', async () => {
    const paris = await givenWarehouse('FR', [{ code: 'FR', countries: ['FR'], cost: '3.90' }]);
    const berlin = await givenWarehouse('DE', [{ code: 'EU', countries: ['FR', 'DE'], cost: '7.90' }]);
    const newark = await givenWarehouse('US', [{ code: 'WORLD', countries: ['FR', 'US'], cost: '25.00' }]);
    const product = await productIn({ [paris.id]: 5, [berlin.id]: 5, [newark.id]: 5 });
    const french = await shopperIn('FR');

    const near = await orderShipped(french, [{ productId: product, quantity: 2 }]);
    expect(unitsBy(near.shipments)).toEqual({ [paris.id]: 2 });

    // Paris has 3 left: 4 units come whole from Berlin, the cheaper of the two that hold them.
    const whole = await orderShipped(french, [{ productId: product, quantity: 4 }]);
    expect(unitsBy(whole.shipments)).toEqual({ [berlin.id]: 4 });
  });

  it('splits an order no single warehouse can serve, over as few warehouses as it needs', async () => {
    const lille = await givenWarehouse('FR', [{ code: 'FR', countries: ['FR'], cost: '4.00' }]);
    const lyon = await givenWarehouse('FR', [{ code: 'FR', countries: ['FR'], cost: '5.00' }]);
    const madrid = await givenWarehouse('ES', [{ code: 'FR', countries: ['FR'], cost: '9.00' }]);
    const product = await productIn({ [lille.id]: 3, [lyon.id]: 4, [madrid.id]: 6 });
    const other = await productIn({ [lille.id]: 2 });

    const { orderId, shipments } = await orderShipped(await shopperIn('FR'), [
      { productId: product, quantity: 7 },
      { productId: other, quantity: 1 },
    ]);
    // Madrid alone lacks `other`; Lille + Madrid costs 13, Lille + Lyon 9: the two French ones.
    expect(unitsBy(shipments)).toEqual({ [lille.id]: 4, [lyon.id]: 4 });
    expect(shipments.map((shipment) => shipment.warehouse.code)).toEqual([lille.code, lyon.code].sort());
    const lines = await sql('warehouse').query<{ warehouseId: string; productId: string; quantity: number }>(
      `SELECT l.warehouse_id AS "warehouseId", l.product_id AS "productId", l.quantity
       FROM reservation_line l JOIN reservation r ON r.id = l.reservation_id WHERE r.order_id = $1
       ORDER BY l.product_id, l.warehouse_id`,
      [orderId],
    );
    expect(lines.rows).toEqual(
      [
        { warehouseId: lille.id, productId: product, quantity: 3 },
        { warehouseId: lyon.id, productId: product, quantity: 4 },
        { warehouseId: lille.id, productId: other, quantity: 1 },
      ].sort((a, b) => (a.productId + a.warehouseId < b.productId + b.warehouseId ? -1 : 1)),
    );
  });

  it('on a tie in cost takes the lower priority, then the lower warehouse id', async () => {
    const first = await givenWarehouse('DE', [{ code: 'DE', countries: ['DE'], cost: '6.00' }], { priority: 2 });
    const second = await givenWarehouse('DE', [{ code: 'DE', countries: ['DE'], cost: '6.00' }], { priority: 1 });
    const third = await givenWarehouse('DE', [{ code: 'DE', countries: ['DE'], cost: '6.00' }], { priority: 1 });
    const product = await productIn({ [first.id]: 9, [second.id]: 9, [third.id]: 9 });
    const { shipments } = await orderShipped(await shopperIn('DE'), [{ productId: product, quantity: 1 }]);
    // second and third tie on priority; ULIDs made one after the other sort in that order.
    expect(second.id < third.id).toBe(true);
    expect(unitsBy(shipments)).toEqual({ [second.id]: 1 });
  });

  it('refuses an order to a country no warehouse ships to, reserving nothing', async () => {
    const paris = await givenWarehouse('FR', [{ code: 'FR', countries: ['FR'], cost: '3.90' }]);
    const product = await productIn({ [paris.id]: 5 });
    const shopper = await shopperIn('JP');
    const placed = await placeOrder(shopper, await cartOf(shopper, [{ productId: product, quantity: 1 }]));
    expect(codes(placed)).toEqual(['NO_WAREHOUSE_SHIPS_TO_DESTINATION']);
    expect(placed.errors?.[0]?.extensions?.country).toBe('JP');
    const held = await sql('warehouse').query<{ reserved: number; lines: number }>(
      `SELECT (SELECT COALESCE(SUM(reserved), 0)::int FROM stock_item WHERE product_id = $1) AS reserved,
              (SELECT count(*)::int FROM reservation_line WHERE product_id = $1) AS lines`,
      [product],
    );
    expect(held.rows).toEqual([{ reserved: 0, lines: 0 }]);
  });
});

describe('an order shows its shipments', () => {
  it('to its customer and to staff through the gateway, and to no other customer, also asking the warehouse directly', async () => {
    const north = await givenWarehouse('FR', [{ code: 'FR', countries: ['FR'], cost: '4.00' }]);
    const south = await givenWarehouse('FR', [{ code: 'FR', countries: ['FR'], cost: '4.50' }]);
    const product = await productIn({ [north.id]: 2, [south.id]: 2 });
    const owner = await shopperIn('FR');
    const { orderId, shipments } = await orderShipped(owner, [{ productId: product, quantity: 3 }]);
    expect(unitsBy(shipments)).toEqual({ [north.id]: 2, [south.id]: 1 });

    const asStaff = await call<{ order: { shipments: ShipmentView[] } }>(SUPPORT, SHIPMENTS, { id: orderId });
    expect(asStaff.errors).toBeUndefined();
    expect(asStaff.data?.order.shipments).toEqual(shipments);

    const stranger = await shopperIn('FR');
    const asStranger = await asShopper(stranger, SHIPMENTS, { id: orderId });
    expect(codes(asStranger)).toEqual(['NOT_FOUND']);

    const direct = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Order { shipments { lines { quantity } } } } }`;
    const representations = [{ __typename: 'Order', id: orderId }];
    const strangerDirect = await postGraphQL<{ _entities: { shipments: unknown }[] }>(
      stack.subgraphUrls.warehouse,
      direct,
      { representations },
      { authorization: `Bearer ${stranger.token}` },
    );
    expect(strangerDirect.data?._entities).toEqual([{ shipments: null }]);
    const ownerDirect = await postGraphQL<{ _entities: { shipments: unknown[] }[] }>(
      stack.subgraphUrls.warehouse,
      direct,
      { representations },
      { authorization: `Bearer ${owner.token}` },
    );
    expect(ownerDirect.data?._entities[0]?.shipments).toHaveLength(2);
  });
});

describe('reservations racing for three warehouses', () => {
  const RESERVE = `mutation($input: ReserveStockInput!) { reserveStock(input: $input) { orderId lines { warehouseId quantity } } }`;
  const FRANCE = { country: 'FR' };

  async function reserveAll(product: string, quantities: number[]) {
    const headers = { authorization: `Bearer ${await mintToken(ORDER_SERVICE.subject, ORDER_SERVICE.roles)}` };
    const expiresAt = new Date(Date.now() + 30 * 60_000).toISOString();
    return Promise.all(
      quantities.map((quantity) =>
        postGraphQL<{ reserveStock: { orderId: string; lines: { warehouseId: string; quantity: number }[] } }>(
          stack.subgraphUrls.warehouse,
          RESERVE,
          { input: { orderId: newId(), lines: [{ productId: product, quantity }], expiresAt, destination: FRANCE } },
          headers,
        ),
      ),
    );
  }

  const rowsOf = async (product: string) =>
    (
      await sql('warehouse').query<{ warehouseId: string; onHand: number; reserved: number }>(
        'SELECT warehouse_id AS "warehouseId", on_hand AS "onHand", reserved FROM stock_item WHERE product_id = $1',
        [product],
      )
    ).rows;

  it('200 at once never drive a warehouse negative, reserve exactly what they sold, and never split an order one warehouse could serve', async () => {
    const warehouses = await Promise.all(
      ['1.00', '2.00', '3.00'].map((cost) => givenWarehouse('FR', [{ code: 'FR', countries: ['FR'], cost }])),
    );
    const product = await productIn(Object.fromEntries(warehouses.map((w) => [w.id, 150])));
    // 1 to 3 units each, 400 in all: the three warehouses together always keep at least 50 free,
    // so at every moment one of them holds 3, and every order fits in one warehouse.
    const quantities = Array.from({ length: 200 }, (_, index) => (index % 3) + 1);
    const total = quantities.reduce((sum, quantity) => sum + quantity, 0);
    expect(total).toBeLessThanOrEqual(450 - 9);

    const responses = await reserveAll(product, quantities);

    expect(responses.flatMap((response) => response.errors ?? [])).toEqual([]);
    for (const response of responses) {
      expect(new Set(response.data?.reserveStock.lines.map((line) => line.warehouseId)).size).toBe(1);
    }
    const rows = await rowsOf(product);
    for (const row of rows) {
      expect(row.reserved).toBeGreaterThanOrEqual(0);
      expect(row.reserved).toBeLessThanOrEqual(row.onHand);
    }
    expect(rows.reduce((sum, row) => sum + row.reserved, 0)).toBe(total);
    const byWarehouse = new Map<string, number>();
    for (const response of responses) {
      for (const line of response.data?.reserveStock.lines ?? []) {
        byWarehouse.set(line.warehouseId, (byWarehouse.get(line.warehouseId) ?? 0) + line.quantity);
      }
    }
    for (const row of rows) expect(row.reserved).toBe(byWarehouse.get(row.warehouseId) ?? 0);
    // The cheapest warehouse was drawn down first.
    const cheapest = rows.find((row) => row.warehouseId === warehouses[0]?.id);
    expect((cheapest?.onHand ?? 0) - (cheapest?.reserved ?? 0)).toBeLessThan(3);
  }, 120_000);

  it('200 at once for 60 units sell at most 60, each refusal OUT_OF_STOCK, and the reserved units are those sold', async () => {
    const warehouses = await Promise.all(
      ['1.00', '2.00', '3.00'].map((cost) => givenWarehouse('FR', [{ code: 'FR', countries: ['FR'], cost }])),
    );
    const product = await productIn(Object.fromEntries(warehouses.map((w) => [w.id, 20])));

    const responses = await reserveAll(
      product,
      Array.from({ length: 200 }, () => 1),
    );

    const sold = responses.filter((response) => response.data?.reserveStock);
    expect(responses.flatMap((response) => codes(response) ?? [])).toEqual(
      Array.from({ length: 200 - sold.length }, () => 'OUT_OF_STOCK'),
    );
    const rows = await rowsOf(product);
    for (const row of rows) expect(row.reserved).toBeLessThanOrEqual(row.onHand);
    expect(rows.reduce((sum, row) => sum + row.reserved, 0)).toBe(sold.length);
    expect(sold.length).toBeLessThanOrEqual(60);
  }, 120_000);
});
