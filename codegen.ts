import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed resolvers for every subgraph, generated from its schema.graphql. `mappers` make the
 * parent of each resolver the row the subgraph loads (a Prisma model or a reference), not
 * the GraphQL shape, so a resolver that forgets a field fails to compile.
 */
const ROW = (model: string) => `../generated/prisma/client.js#${model} as ${model}Row`;
const REFERENCE = '../../../../shared/federation.js#EntityReference';

const SUBGRAPH_MAPPERS: Record<string, Record<string, string>> = {
  catalog: {
    Product: ROW('Product'),
    Category: ROW('Category'),
    ProductConnection: '../data/products.js#ProductConnectionRows',
  },
  customer: {
    Customer: ROW('Customer'),
    Address: ROW('Address'),
    PreferenceChange: ROW('PreferenceChange'),
    PreferenceChangeConnection: '../data/preferences.js#PreferenceChangeConnectionRows',
    DataExport: ROW('DataExport'),
    StaffMember: ROW('StaffUser'),
    StaffAuditEntry: ROW('StaffAudit'),
    OrderingCustomer: '../data/business-accounts.js#OrderingCustomer as OrderingCustomerRow',
  },
  order: {
    Cart: ROW('Cart'),
    CartLine: '../data/orders.js#CartLineInCart',
    Order: ROW('Order'),
    OrderLine: '../data/orders.js#OrderLineInCurrency',
    OrderStatusChange: ROW('OrderStatusChange'),
    Payment: ROW('PaymentEvent'),
    OrderConnection: '../data/orders.js#OrderConnectionRows',
    BulkOrderImport: '../generated/prisma/client.js#BulkOrderImport as BulkOrderImportModel',
    BulkOrderImportRow: ROW('BulkOrderImportLine'),
    Customer: REFERENCE,
    Product: REFERENCE,
    PriceVersion: REFERENCE,
  },
  warehouse: {
    Product: REFERENCE,
    Warehouse: ROW('Warehouse'),
    ShippingZone: '../domain/shipping-zones.js#ShippingZone as ShippingZoneRow',
    Order: REFERENCE,
    Shipment: '../data/shipments.js#ShipmentRow',
    StockAlert: ROW('StockAlert'),
    StockAlertConnection: '../data/stored-stock-alerts.js#StockAlertConnectionRows',
  },
  pricing: { Product: REFERENCE, PriceOverride: ROW('PriceOverride') },
  promotion: {
    Promotion: ROW('Promotion'),
    PromotionRedemptionConnection: '../resolvers/redemptions.js#RedemptionConnectionRows',
    PromotionVersion: ROW('PromotionVersion'),
    PromotionConnection: '../resolvers/management.js#PromotionConnectionRows',
    PromotionPerformance: '../domain/promotion-report.js#PromotionPerformanceRows',
  },
  review: {
    Review: ROW('Review'),
    Product: REFERENCE,
    Customer: REFERENCE,
    ReviewConnection: '../data/reviews.js#ReviewConnectionRows',
    ModerationItem: ROW('Review'),
    ModerationQueueConnection: '../data/moderation.js#ModerationQueueRows',
    ReviewModerationEntry: ROW('ReviewModerationAudit'),
  },
};

const generates: CodegenConfig['generates'] = {};
for (const [name, mappers] of Object.entries(SUBGRAPH_MAPPERS)) {
  generates[`subgraphs/${name}/src/generated/graphql.ts`] = {
    schema: `subgraphs/${name}/schema.graphql`,
    plugins: ['typescript', 'typescript-resolvers'],
    config: {
      federation: true,
      useIndexSignature: false,
      contextType: '../context.js#Context',
      mappers,
      scalars: { DateTime: 'Date', Date: 'string', JSON: 'unknown' },
      enumsAsTypes: true,
      useTypeImports: true,
      avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      emitLegacyCommonJSImports: false,
    },
  };
}

const config: CodegenConfig = { overwrite: true, generates, silent: true };
export default config;
