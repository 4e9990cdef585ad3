import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import {
  BulkFileError,
  checkReferences,
  checkRow,
  csvField,
  delayBeforeNext,
  groupOrders,
  importedOrderHash,
  importedOrderKey,
  parseCsv,
  readBulkOrderFile,
  reportCsv,
} from '../../../subgraphs/order/src/domain/bulk-order-file.js';

const [ada, grace] = [newId(), newId()];
const [adaHome, graceHome] = [newId(), newId()];
const [tea, coffee] = [newId(), newId()];
const HEADER = 'orderRef,customerId,shippingAddressId,productId,quantity,promotionCode';

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof BulkFileError) return error.reason;
    throw error;
  }
  throw new Error('the file was not refused');
}

describe('reading a file', () => {
  it('reads CSV with quoted fields, CRLF line ends and blank lines, numbering rows from 1', () => {
    const csv = `${HEADER}\r\nA-1,${ada},${adaHome},${tea},2,\r\n\r\n"B,""2""",${grace},${graceHome},${coffee},1,save10\n`;
    const rows = readBulkOrderFile('CSV', csv, 10);
    expect(rows.map((row) => row.line)).toEqual([1, 2]);
    expect(rows[1]?.values).toMatchObject({ orderRef: 'B,"2"', quantity: '1', promotionCode: 'save10' });
    expect(parseCsv('a,"b\nc"\n')).toEqual([['a', 'b\nc']]);
  });

  it('accepts a header without promotionCode, and refuses any other header', () => {
    const short = `orderRef,customerId,shippingAddressId,productId,quantity\nA,${ada},${adaHome},${tea},1\n`;
    expect(readBulkOrderFile('CSV', short, 10)[0]?.values.promotionCode).toBeNull();
    expect(refusal(() => readBulkOrderFile('CSV', `orderRef,customer,address,product,qty\nA,b,c,d,1\n`, 10))).toBe(
      'BAD_HEADER',
    );
    expect(refusal(() => readBulkOrderFile('CSV', `${HEADER}\nA,${ada},${adaHome}\n`, 10))).toBe('BAD_CSV');
    expect(refusal(() => readBulkOrderFile('CSV', `${HEADER}\n"A,${ada}\n`, 10))).toBe('BAD_CSV');
  });

  it('reads JSON arrays of rows and refuses anything else', () => {
    const json = JSON.stringify([
      { orderRef: 'A', customerId: ada, shippingAddressId: adaHome, productId: tea, quantity: 3 },
    ]);
    expect(readBulkOrderFile('JSON', json, 10)[0]?.values.quantity).toBe(3);
    expect(refusal(() => readBulkOrderFile('JSON', '{"orderRef":"A"}', 10))).toBe('BAD_JSON');
    expect(refusal(() => readBulkOrderFile('JSON', '[{"orderRef":"A"', 10))).toBe('BAD_JSON');
    expect(refusal(() => readBulkOrderFile('JSON', '[{"orderRef":"A","price":"1"}]', 10))).toBe('BAD_HEADER');
  });

  it('refuses files without rows or with more rows than allowed', () => {
    expect(refusal(() => readBulkOrderFile('CSV', `${HEADER}\n`, 10))).toBe('NO_ROWS');
    expect(refusal(() => readBulkOrderFile('JSON', '[]', 10))).toBe('NO_ROWS');
    const rows = Array.from({ length: 3 }, (_, i) => `R${i},${ada},${adaHome},${tea},1,`).join('\n');
    expect(refusal(() => readBulkOrderFile('CSV', `${HEADER}\n${rows}`, 2))).toBe('TOO_MANY_ROWS');
  });
});

describe('checking rows', () => {
  const row = (values: Record<string, unknown>) =>
    checkRow({
      line: 1,
      values: {
        orderRef: 'A',
        customerId: ada,
        shippingAddressId: adaHome,
        productId: tea,
        quantity: '1',
        promotionCode: null,
        ...values,
      },
    });

  it('passes a good row, with its code upper-cased', () => {
    expect(row({ promotionCode: ' save10 ' })).toMatchObject({ quantity: 1, promotionCode: 'SAVE10', error: null });
  });

  it.each([
    [{ quantity: '0' }, 'BAD_QUANTITY'],
    [{ quantity: '1000' }, 'BAD_QUANTITY'],
    [{ quantity: '1.5' }, 'BAD_QUANTITY'],
    [{ quantity: 'two' }, 'BAD_QUANTITY'],
    [{ productId: 'tea' }, 'UNKNOWN_PRODUCT'],
    [{ customerId: '' }, 'BAD_CUSTOMER_ID'],
    [{ shippingAddressId: 'home' }, 'BAD_ADDRESS_ID'],
    [{ orderRef: '' }, 'BAD_ORDER_REF'],
    [{ orderRef: 'x'.repeat(101) }, 'BAD_ORDER_REF'],
    [{ promotionCode: 'no spaces' }, 'BAD_PROMOTION_CODE'],
  ])('fails %j with %s', (values, code) => {
    expect(row(values).error?.code).toBe(code);
  });
});

describe('grouping rows into orders', () => {
  const good = (line: number, orderRef: string, overrides: Partial<ReturnType<typeof checkRow>> = {}) => ({
    line,
    orderRef,
    customerId: ada,
    shippingAddressId: adaHome,
    productId: tea,
    quantity: 1,
    promotionCode: null,
    error: null,
    ...overrides,
  });

  it('makes one order per orderRef, in first-seen order, adding up lines of the same product', () => {
    const orders = groupOrders(
      [
        good(1, 'A'),
        good(2, 'B', { productId: coffee }),
        good(3, 'A', { quantity: 2, promotionCode: 'X' }),
        good(4, 'A', { productId: coffee, promotionCode: 'X' }),
      ],
      null,
    );
    expect(orders.map((order) => order.orderRef)).toEqual(['A', 'B']);
    expect(orders[0]).toMatchObject({
      lines: [
        { productId: tea, quantity: 3 },
        { productId: coffee, quantity: 1 },
      ],
      promotionCodes: ['X'],
      rowLines: [1, 3, 4],
      error: null,
    });
  });

  it('fails a whole order for one bad row, and only that order', () => {
    const bad = { ...good(2, 'A'), error: { code: 'BAD_QUANTITY', message: 'no' } };
    const [a, b] = groupOrders([good(1, 'A'), bad, good(3, 'B')], null);
    expect(a?.error).toEqual({ code: 'BAD_QUANTITY', message: 'line 2: no' });
    expect(b?.error).toBeNull();
  });

  it('fails orders whose rows disagree on customer or address', () => {
    expect(groupOrders([good(1, 'A'), good(2, 'A', { customerId: grace })], null)[0]?.error?.code).toBe(
      'MIXED_CUSTOMERS',
    );
    expect(groupOrders([good(1, 'A'), good(2, 'A', { shippingAddressId: graceHome })], null)[0]?.error?.code).toBe(
      'MIXED_ADDRESSES',
    );
  });

  it("fails a business customer's orders for anyone else, but not staff's", () => {
    const rows = [good(1, 'A'), good(2, 'B', { customerId: grace, shippingAddressId: graceHome })];
    expect(groupOrders(rows, ada).map((order) => order.error?.code ?? null)).toEqual([null, 'NOT_YOUR_CUSTOMER']);
    expect(groupOrders(rows, null).map((order) => order.error)).toEqual([null, null]);
  });

  it('fails an order whose summed quantity of a product passes the line limit', () => {
    const [order] = groupOrders([good(1, 'A', { quantity: 600 }), good(2, 'A', { quantity: 600 })], null);
    expect(order?.error?.code).toBe('BAD_QUANTITY');
  });

  it('fails orders naming products not on sale, unknown customers, or addresses not theirs', () => {
    const orders = groupOrders(
      [
        good(1, 'ok'),
        good(2, 'product', { productId: coffee }),
        good(3, 'customer', { customerId: grace, shippingAddressId: graceHome }),
        good(4, 'address', { shippingAddressId: graceHome }),
      ],
      null,
    );
    const checked = checkReferences(orders, {
      productsOnSale: new Set([tea]),
      addressesByCustomer: new Map([[ada, new Set([adaHome])]]),
    });
    expect(checked.map((order) => order.error?.code ?? null)).toEqual([
      null,
      'UNKNOWN_PRODUCT',
      'UNKNOWN_CUSTOMER',
      'ADDRESS_NOT_FOUND',
    ]);
  });
});

describe('idempotency and the report', () => {
  it('gives the same file and orderRef the same key, and any other pair another', () => {
    expect(importedOrderKey('orders-2026-12.csv', 'A')).toBe(importedOrderKey('orders-2026-12.csv', 'A'));
    expect(importedOrderKey('orders-2026-12.csv', 'A')).not.toBe(importedOrderKey('orders-2026-12.csv', 'B'));
    expect(importedOrderKey('a\nb', 'c')).not.toBe(importedOrderKey('a', 'b\nc'));
  });

  it('hashes what an order asks for, whatever the order of its lines', () => {
    const lines = [
      { productId: tea, quantity: 1 },
      { productId: coffee, quantity: 2 },
    ];
    const hash = importedOrderHash({ shippingAddressId: adaHome, lines, promotionCodes: [] });
    expect(importedOrderHash({ shippingAddressId: adaHome, lines: [...lines].reverse(), promotionCodes: [] })).toBe(
      hash,
    );
    expect(importedOrderHash({ shippingAddressId: graceHome, lines, promotionCodes: [] })).not.toBe(hash);
  });

  it('writes one CSV line per row, quoting what must be and defusing spreadsheet formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('=SUM(A1)')).toBe(`"'=SUM(A1)"`);
    expect(
      reportCsv([
        { line: 1, orderRef: 'A', outcome: 'PLACED', orderId: 'O1', errorCode: null, errorMessage: null },
        { line: 2, orderRef: 'B', outcome: 'FAILED', orderId: null, errorCode: 'X', errorMessage: 'say "no"' },
      ]),
    ).toBe('line,orderRef,outcome,orderId,errorCode,errorMessage\n1,A,PLACED,O1,,\n2,B,FAILED,,X,"say ""no"""\n');
  });

  it('spaces order starts to the rate', () => {
    expect(delayBeforeNext(0, 0, 20, 0)).toBe(0);
    expect(delayBeforeNext(0, 20, 20, 500)).toBe(500);
    expect(delayBeforeNext(0, 20, 20, 1500)).toBe(0);
  });
});
