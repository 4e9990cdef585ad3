import { createHash } from 'node:crypto';
import { isUlid } from '../../../../shared/ids.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from './order-totals.js';
import { MAX_PROMOTION_CODES } from './promotion-codes.js';

/**
 * The file of a bulk order import: one row per order line, rows with the same orderRef forming
 * one order. Reading it (a bad file refuses the whole import), checking each row (a bad row fails
 * its order only), and grouping rows into orders are pure, so they are tested without services.
 */

export const BULK_ORDER_FORMATS = ['CSV', 'JSON'] as const;
export type BulkOrderFormat = (typeof BULK_ORDER_FORMATS)[number];

export const BULK_ORDER_MODES = ['BEST_EFFORT', 'ALL_OR_NOTHING'] as const;
export type BulkOrderMode = (typeof BULK_ORDER_MODES)[number];

/** The columns, in order; the last one may be left out of a CSV header. */
export const BULK_ORDER_COLUMNS = [
  'orderRef',
  'customerId',
  'shippingAddressId',
  'productId',
  'quantity',
  'promotionCode',
] as const;

const MAX_ORDER_REF = 100;
const MAX_CODE = 64;

/** Why a whole file is refused: `reason` is a stable code for clients. */
export class BulkFileError extends Error {
  constructor(
    message: string,
    readonly reason: 'BAD_HEADER' | 'BAD_CSV' | 'BAD_JSON' | 'NO_ROWS' | 'TOO_MANY_ROWS',
  ) {
    super(message);
  }
}

/** A row as written in the file, before its values are checked. */
export interface RawRow {
  /** Position in the file from 1, the CSV header not counted. */
  line: number;
  values: Record<(typeof BULK_ORDER_COLUMNS)[number], unknown>;
}

/** Splits CSV text into records of fields (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let index = 0;
  const endRecord = () => {
    record.push(field);
    records.push(record);
    record = [];
    field = '';
  };
  while (index < text.length) {
    const char = text[index] as string;
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 2;
          continue;
        }
        quoted = false;
        index += 1;
        const next = text[index];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new BulkFileError(`CSV record ${records.length + 1}: text after a closing quote`, 'BAD_CSV');
        }
        continue;
      }
      field += char;
      index += 1;
      continue;
    }
    if (char === '"' && field === '') {
      quoted = true;
    } else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      endRecord();
    } else {
      field += char;
    }
    index += 1;
  }
  if (quoted) throw new BulkFileError(`CSV record ${records.length + 1}: a quoted field is not closed`, 'BAD_CSV');
  if (field !== '' || record.length > 0) endRecord();
  // Blank lines (a trailing newline, an empty line between chunks) hold no row.
  return records.filter((fields) => !(fields.length === 1 && fields[0]?.trim() === ''));
}

function rowsOfCsv(text: string): RawRow[] {
  const [header, ...records] = parseCsv(text);
  const expected = BULK_ORDER_COLUMNS.join(',');
  const columns = (header ?? []).map((name) => name.trim());
  const withCode = columns.length === BULK_ORDER_COLUMNS.length;
  if (
    !(withCode || columns.length === BULK_ORDER_COLUMNS.length - 1) ||
    columns.some((name, index) => name !== BULK_ORDER_COLUMNS[index])
  ) {
    throw new BulkFileError(`The CSV header must be ${expected} (promotionCode optional)`, 'BAD_HEADER');
  }
  return records.map((fields, index) => {
    if (fields.length !== columns.length) {
      throw new BulkFileError(
        `CSV line ${index + 1} has ${fields.length} fields; the header has ${columns.length}`,
        'BAD_CSV',
      );
    }
    const values = Object.fromEntries(
      BULK_ORDER_COLUMNS.map((name, column) => [name, fields[column] === undefined ? null : fields[column]]),
    ) as RawRow['values'];
    return { line: index + 1, values };
  });
}

function rowsOfJson(text: string): RawRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BulkFileError(`The file is not JSON: ${(error as Error).message}`, 'BAD_JSON');
  }
  if (!Array.isArray(parsed)) throw new BulkFileError('The JSON file must be an array of rows', 'BAD_JSON');
  return parsed.map((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new BulkFileError(`JSON row ${index + 1} is not an object`, 'BAD_JSON');
    }
    const unknown = Object.keys(item).filter((key) => !(BULK_ORDER_COLUMNS as readonly string[]).includes(key));
    if (unknown.length > 0) {
      throw new BulkFileError(`JSON row ${index + 1} has unknown keys: ${unknown.join(', ')}`, 'BAD_HEADER');
    }
    const values = Object.fromEntries(
      BULK_ORDER_COLUMNS.map((name) => [name, (item as Record<string, unknown>)[name] ?? null]),
    ) as RawRow['values'];
    return { line: index + 1, values };
  });
}

/** Reads a whole file; BulkFileError when it cannot be read, has no rows or too many. */
export function readBulkOrderFile(format: BulkOrderFormat, content: string, maxRows: number): RawRow[] {
  const rows = format === 'CSV' ? rowsOfCsv(content) : rowsOfJson(content);
  if (rows.length === 0) throw new BulkFileError('The file has no rows', 'NO_ROWS');
  if (rows.length > maxRows) {
    throw new BulkFileError(
      `The file has ${rows.length} rows; at most ${maxRows} are imported at once`,
      'TOO_MANY_ROWS',
    );
  }
  return rows;
}

/** Why an order of the file cannot be placed: `code` is stable, `message` for people. */
export interface RowError {
  code: string;
  message: string;
}

/** A row whose values were checked: `error` says why its order cannot be placed. */
export interface CheckedRow {
  line: number;
  orderRef: string;
  customerId: string;
  shippingAddressId: string;
  productId: string;
  quantity: number;
  promotionCode: string | null;
  error: RowError | null;
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value.trim() : value == null ? '' : String(value);

/** Checks one row's values; the row keeps what it could read, so the report can name it. */
export function checkRow(raw: RawRow): CheckedRow {
  const { values } = raw;
  const orderRef = text(values.orderRef);
  const customerId = text(values.customerId);
  const shippingAddressId = text(values.shippingAddressId);
  const productId = text(values.productId);
  const code = text(values.promotionCode).toUpperCase();
  const quantityText = text(values.quantity);
  const quantity = /^\d{1,6}$/.test(quantityText) ? Number(quantityText) : Number.NaN;
  const row = {
    line: raw.line,
    orderRef,
    customerId,
    shippingAddressId,
    productId,
    quantity: Number.isInteger(quantity) ? quantity : 0,
    promotionCode: code === '' ? null : code,
  };
  const fail = (errorCode: string, message: string): CheckedRow => ({ ...row, error: { code: errorCode, message } });
  if (orderRef === '' || orderRef.length > MAX_ORDER_REF) {
    return fail('BAD_ORDER_REF', `orderRef must be 1 to ${MAX_ORDER_REF} characters`);
  }
  if (!isUlid(customerId)) return fail('BAD_CUSTOMER_ID', 'customerId must be a ULID');
  if (!isUlid(shippingAddressId)) return fail('BAD_ADDRESS_ID', 'shippingAddressId must be a ULID');
  if (!isUlid(productId)) return fail('UNKNOWN_PRODUCT', 'productId must be the id of a product (a ULID)');
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
    return fail('BAD_QUANTITY', `quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}`);
  }
  if (code.length > MAX_CODE || (code !== '' && !/^[A-Z0-9_-]+$/.test(code))) {
    return fail('BAD_PROMOTION_CODE', `promotionCode must be at most ${MAX_CODE} letters, digits, - or _`);
  }
  return { ...row, error: null };
}

/** One order of the file: its rows' lines merged by product, and the first reason it cannot be placed. */
export interface ImportedOrder {
  orderRef: string;
  customerId: string;
  shippingAddressId: string;
  lines: { productId: string; quantity: number }[];
  promotionCodes: string[];
  /** The file lines it was made of, in file order. */
  rowLines: number[];
  error: RowError | null;
}

/**
 * Groups checked rows into orders by orderRef, in the order each orderRef first appears. An order
 * fails as a whole when one of its rows is bad, when its rows disagree on customer or address,
 * when it is too large for one order, or when a business customer (`importerCustomerId`) names
 * another customer.
 */
export function groupOrders(rows: readonly CheckedRow[], importerCustomerId: string | null): ImportedOrder[] {
  const byRef = new Map<string, CheckedRow[]>();
  for (const row of rows) byRef.set(row.orderRef, [...(byRef.get(row.orderRef) ?? []), row]);
  return [...byRef.entries()].map(([orderRef, orderRows]) => {
    const first = orderRows[0] as CheckedRow;
    const quantities = new Map<string, number>();
    for (const row of orderRows) quantities.set(row.productId, (quantities.get(row.productId) ?? 0) + row.quantity);
    const codes = [...new Set(orderRows.map((row) => row.promotionCode).filter((code) => code !== null))];
    const order: ImportedOrder = {
      orderRef,
      customerId: first.customerId,
      shippingAddressId: first.shippingAddressId,
      lines: [...quantities.entries()].map(([productId, quantity]) => ({ productId, quantity })),
      promotionCodes: codes as string[],
      rowLines: orderRows.map((row) => row.line),
      error: null,
    };
    const bad = orderRows.find((row) => row.error !== null);
    if (bad?.error) {
      order.error =
        bad === first || orderRows.length === 1
          ? bad.error
          : { code: bad.error.code, message: `line ${bad.line}: ${bad.error.message}` };
    } else if (orderRows.some((row) => row.customerId !== first.customerId)) {
      order.error = { code: 'MIXED_CUSTOMERS', message: 'The rows of one orderRef must name the same customer' };
    } else if (orderRows.some((row) => row.shippingAddressId !== first.shippingAddressId)) {
      order.error = { code: 'MIXED_ADDRESSES', message: 'The rows of one orderRef must name the same address' };
    } else if (importerCustomerId !== null && first.customerId !== importerCustomerId) {
      order.error = { code: 'NOT_YOUR_CUSTOMER', message: 'A business customer imports their own orders only' };
    } else if (order.lines.length > MAX_CART_LINES) {
      order.error = { code: 'TOO_MANY_LINES', message: `An order has at most ${MAX_CART_LINES} products` };
    } else if ([...quantities.values()].some((quantity) => quantity > MAX_LINE_QUANTITY)) {
      order.error = {
        code: 'BAD_QUANTITY',
        message: `A product's quantity in one order is at most ${MAX_LINE_QUANTITY}`,
      };
    } else if (codes.length > MAX_PROMOTION_CODES) {
      order.error = {
        code: 'BAD_PROMOTION_CODE',
        message: `An order has at most ${MAX_PROMOTION_CODES} promotion codes`,
      };
    }
    return order;
  });
}

/** What the services said of the ids an order names (read before anything is placed). */
export interface ReferenceFacts {
  /** Products that exist and are on sale. */
  productsOnSale: ReadonlySet<string>;
  /** Each known customer's address ids. */
  addressesByCustomer: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Fails the orders that name a product not on sale, an unknown customer, or an address not the customer's. */
export function checkReferences(orders: readonly ImportedOrder[], facts: ReferenceFacts): ImportedOrder[] {
  return orders.map((order) => {
    if (order.error) return order;
    const missing = order.lines.find((line) => !facts.productsOnSale.has(line.productId));
    if (missing) {
      return { ...order, error: { code: 'UNKNOWN_PRODUCT', message: `No product ${missing.productId} is on sale` } };
    }
    const addresses = facts.addressesByCustomer.get(order.customerId);
    if (!addresses) return { ...order, error: { code: 'UNKNOWN_CUSTOMER', message: 'No such customer' } };
    if (!addresses.has(order.shippingAddressId)) {
      return { ...order, error: { code: 'ADDRESS_NOT_FOUND', message: "The address is not one of the customer's" } };
    }
    return order;
  });
}

/**
 * The idempotency key of an imported order: the same file (fileKey) and orderRef always give the
 * same key, so importing a file again finds the orders it placed instead of placing them twice.
 */
export function importedOrderKey(fileKey: string, orderRef: string): string {
  // Encoded as a JSON pair: no separator inside either value can make two pairs one key.
  return `import:${createHash('sha256')
    .update(JSON.stringify([fileKey, orderRef]))
    .digest('hex')}`;
}

/** What an imported order asks for: the same key with another content is refused, not replayed. */
export function importedOrderHash(
  order: Pick<ImportedOrder, 'shippingAddressId' | 'lines' | 'promotionCodes'>,
): string {
  const lines = [...order.lines]
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))
    .map((line) => `${line.productId}x${line.quantity}`);
  const codes = [...order.promotionCodes].sort();
  return createHash('sha256')
    .update(`import\n${order.shippingAddressId}\n${lines.join(',')}\n${codes.join(',')}`)
    .digest('hex');
}

/** A CSV field, quoted when it must be (and when it could be read as a formula by a spreadsheet). */
export function csvField(value: string | number | null): string {
  const textValue = value === null ? '' : String(value);
  const guarded = /^[=+\-@]/.test(textValue) ? `'${textValue}` : textValue;
  return /[",\r\n]/.test(guarded) || guarded !== textValue ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

export const REPORT_COLUMNS = ['line', 'orderRef', 'outcome', 'orderId', 'errorCode', 'errorMessage'] as const;

/** The report of an import: a header, then one CSV line per row of the file, in file order. */
export function reportCsv(
  rows: readonly {
    line: number;
    orderRef: string;
    outcome: string;
    orderId: string | null;
    errorCode: string | null;
    errorMessage: string | null;
  }[],
): string {
  const lines = rows.map((row) =>
    [row.line, row.orderRef, row.outcome, row.orderId, row.errorCode, row.errorMessage].map(csvField).join(','),
  );
  return `${[REPORT_COLUMNS.join(','), ...lines].join('\n')}\n`;
}

/** At most `perSecond` starts per second: how long to wait before the next one, given when the run began. */
export function delayBeforeNext(startedAtMs: number, started: number, perSecond: number, nowMs: number): number {
  return Math.max(0, startedAtMs + (started * 1000) / perSecond - nowMs);
}
