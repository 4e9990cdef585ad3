import { customerActor, staffActor, systemActor } from '../../shared/auth/audit-actor.js';
import { demoId } from './demo-ids.js';

/**
 * A believable coffee-and-tea shop: the demo data `npm start` loads and the end-to-end tests
 * read. Pure data, generated deterministically; each subgraph seeds only its own part.
 */

/** The made-up warehouse clerk who fulfilled the demo's delivered order (the demo has no staff accounts). */
const DEMO_WAREHOUSE_STAFF = staffActor('demo-warehouse');

const CATEGORIES = [
  { slug: 'coffee', name: 'Coffee', description: 'Single origins and blends, roasted weekly.', prefix: 'COF' },
  { slug: 'tea', name: 'Tea', description: 'Loose-leaf teas from small gardens.', prefix: 'TEA' },
  { slug: 'brewing', name: 'Brewing Gear', description: 'Grinders, kettles and brewers.', prefix: 'BRW' },
  { slug: 'cups', name: 'Mugs & Cups', description: 'Stoneware and glass for every brew.', prefix: 'CUP' },
  { slug: 'snacks', name: 'Snacks', description: 'Biscuits and chocolate that go with a cup.', prefix: 'SNK' },
  { slug: 'gifts', name: 'Gift Sets', description: 'Boxes ready to give.', prefix: 'GFT' },
] as const;

const PRODUCT_NAMES: Record<(typeof CATEGORIES)[number]['slug'], string[]> = {
  coffee: [
    'Ethiopia Yirgacheffe',
    'Colombia Huila',
    'Kenya Nyeri AA',
    'Brazil Cerrado',
    'Guatemala Antigua',
    'Sumatra Mandheling',
    'House Espresso Blend',
    'Decaf Swiss Water',
    'Costa Rica Tarrazú',
    'Rwanda Nyamasheke',
  ],
  tea: [
    'Darjeeling First Flush',
    'Assam Breakfast',
    'Sencha Uji',
    'Gyokuro Yame',
    'Earl Grey Bergamot',
    'Jasmine Pearls',
    'Oolong Tieguanyin',
    'Rooibos Vanilla',
    'Chamomile Blossoms',
    'Pu-erh 2019 Cake',
  ],
  brewing: [
    'Burr Grinder Pro',
    'Gooseneck Kettle',
    'Pour-over Dripper',
    'French Press 1 L',
    'AeroPress Go',
    'Moka Pot 6-cup',
    'Cold Brew Jar',
    'Digital Scale',
    'Milk Frother',
    'Tea Infuser Basket',
  ],
  cups: [
    'Stoneware Mug Slate',
    'Stoneware Mug Sand',
    'Double-wall Glass 250 ml',
    'Espresso Cup Pair',
    'Travel Tumbler',
    'Matcha Bowl',
    'Teapot 800 ml',
    'Cappuccino Cup Set',
    'Latte Glass Set',
    'Enamel Camp Mug',
  ],
  snacks: [
    'Almond Biscotti',
    'Dark Chocolate 70%',
    'Shortbread Tin',
    'Stroopwafels',
    'Ginger Snaps',
    'Hazelnut Praline',
    'Oat Cookies',
    'Candied Orange Peel',
    'Salted Caramel Bites',
    'Cantuccini',
  ],
  gifts: [
    'Coffee Discovery Box',
    'Tea Sampler',
    'Espresso Lover Set',
    'Matcha Starter Kit',
    'Cold Brew Kit',
    'Afternoon Tea Hamper',
    'Barista Set',
    'Travel Brew Kit',
    'Chocolate & Coffee Duo',
    'Gift Card Box',
  ],
};

/** Small deterministic generator so "random" stock and prices are the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface DemoCategory {
  id: string;
  slug: string;
  name: string;
  description: string;
}
export interface DemoProduct {
  id: string;
  sku: string;
  name: string;
  description: string;
  categoryId: string;
  status: 'ACTIVE' | 'ARCHIVED';
}
export interface DemoPrice {
  id: string;
  productId: string;
  currency: 'EUR' | 'USD' | 'GBP';
  amount: string;
}
export interface DemoWarehouse {
  id: string;
  code: string;
  name: string;
  country: string;
  /** At or below this many available units a product of the warehouse is low (stock alerts). */
  lowStockThreshold: number;
}
/** Where a demo warehouse stands and how it ranks (Warehouse.region, coordinates, priority). */
export interface DemoWarehouseLocation {
  warehouseId: string;
  region: string;
  latitude: number;
  longitude: number;
  priority: number;
}
/** Where a demo warehouse ships at what cost; every demo warehouse also ships outside its zones. */
export interface DemoShippingZone {
  warehouseId: string;
  code: string;
  name: string;
  countries: string[];
  cost: string;
}
export interface DemoStockItem {
  warehouseId: string;
  productId: string;
  onHand: number;
  /** The product's own threshold in the warehouse; absent: the warehouse's. */
  lowStockThreshold?: number;
}
export interface DemoAddress {
  id: string;
  label: string;
  recipient: string;
  line1: string;
  city: string;
  postalCode: string;
  /** ISO 3166-2, where the country's addresses name one (a US state). */
  region: string;
  country: string;
  isDefault: boolean;
}
export interface DemoCustomer {
  id: string;
  email: string;
  /** Printed in the README so a frontend can sign in; never seeded in production. */
  demoPassword: string;
  name: string;
  phone: string;
  addresses: DemoAddress[];
}
export interface DemoReview {
  id: string;
  productId: string;
  customerId: string;
  rating: number;
  title: string;
  body: string;
  status: 'APPROVED' | 'PENDING';
  verifiedPurchase: boolean;
}
export interface DemoPromotion {
  id: string;
  code: string | null;
  name: string;
  description: string;
  kind: 'PERCENTAGE' | 'FIXED_AMOUNT';
  value: string;
  currency: 'EUR' | null;
  minimumSubtotal: string | null;
  stackable: boolean;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  /** Customer segments it is limited to (the customer subgraph's CustomerSegment); empty: everyone. */
  segments: ('NEW' | 'RETURNING' | 'VIP' | 'MARKETING_REACHABLE')[];
  /** Categories whose lines it discounts; empty: the whole order. */
  targetCategoryIds: string[];
  /** Eligibility conditions (json-rules-engine); null: none. */
  rule: Record<string, unknown> | null;
}
export interface DemoCart {
  id: string;
  customerId: string;
  currency: 'EUR';
  lines: { id: string; productId: string; quantity: number }[];
}
export type DemoOrderStatus = 'PENDING_PAYMENT' | 'PAID' | 'FULFILLING' | 'SHIPPED' | 'DELIVERED';

export interface DemoOrder {
  id: string;
  customerId: string;
  currency: 'EUR';
  lines: { id: string; productId: string; sku: string; productName: string; quantity: number; unitPrice: string }[];
  history: { id: string; from: DemoOrderStatus | null; to: DemoOrderStatus; actor: string; reason: string }[];
}

/** 1 EUR = `rate` `quote`: fixed, believable rates, so converted prices work without a provider. */
export interface DemoExchangeRate {
  quote: string;
  rate: string;
}

/** Every currency the shop sells in but EUR, at about what the ECB published in 2025. */
const DEMO_EXCHANGE_RATES: DemoExchangeRate[] = [
  { quote: 'AUD', rate: '1.6500' },
  { quote: 'CAD', rate: '1.5000' },
  { quote: 'CHF', rate: '0.9400' },
  { quote: 'CZK', rate: '25.200' },
  { quote: 'DKK', rate: '7.4600' },
  { quote: 'GBP', rate: '0.8500' },
  { quote: 'JPY', rate: '162.00' },
  { quote: 'NOK', rate: '11.500' },
  { quote: 'PLN', rate: '4.3000' },
  { quote: 'SEK', rate: '11.200' },
  { quote: 'USD', rate: '1.0800' },
];

export interface DemoShop {
  categories: DemoCategory[];
  products: DemoProduct[];
  prices: DemoPrice[];
  exchangeRates: DemoExchangeRate[];
  warehouses: DemoWarehouse[];
  warehouseLocations: DemoWarehouseLocation[];
  shippingZones: DemoShippingZone[];
  stock: DemoStockItem[];
  customers: DemoCustomer[];
  reviews: DemoReview[];
  promotions: DemoPromotion[];
  carts: DemoCart[];
  orders: DemoOrder[];
}

const REVIEW_TEXTS = [
  { rating: 5, title: 'Excellent', body: 'Exactly as described, and it arrived quickly.' },
  { rating: 4, title: 'Very good', body: 'Lovely quality; I would buy it again.' },
  { rating: 3, title: 'Fine', body: 'Does the job, nothing special.' },
  { rating: 5, title: 'My new favourite', body: 'I have recommended it to friends & family.' },
  { rating: 2, title: 'Not for me', body: 'Well made, but not to my taste.' },
];

export function buildDemoShop(): DemoShop {
  const random = seededRandom(20260101);
  let sequence = 0;
  const id = (label: string) => demoId(label, sequence++);

  const categories: DemoCategory[] = CATEGORIES.map((c) => ({
    id: id(`category:${c.slug}`),
    slug: c.slug,
    name: c.name,
    description: c.description,
  }));

  const products: DemoProduct[] = CATEGORIES.flatMap((category, categoryIndex) =>
    PRODUCT_NAMES[category.slug].map((name, index) => {
      const sku = `${category.prefix}-${String(index + 1).padStart(3, '0')}`;
      return {
        id: id(`product:${sku}`),
        sku,
        name,
        description: `${name} — from our ${category.name.toLowerCase()} range.`,
        categoryId: categories[categoryIndex]?.id ?? '',
        // One retired product per category shows that archived items stay out of listings.
        status: index === 9 ? 'ARCHIVED' : 'ACTIVE',
      };
    }),
  );

  const prices: DemoPrice[] = products.flatMap((product) => {
    const euroCents = 350 + Math.floor(random() * 8600);
    const eur = (euroCents / 100).toFixed(2);
    // USD and GBP prices are set by hand in a shop, not converted: rounded to .99 or .49.
    const usd = `${Math.floor((euroCents * 1.08) / 100)}.${random() < 0.5 ? '99' : '49'}`;
    const rows: DemoPrice[] = [
      { id: id(`price:${product.sku}:EUR`), productId: product.id, currency: 'EUR', amount: eur },
      { id: id(`price:${product.sku}:USD`), productId: product.id, currency: 'USD', amount: usd },
    ];
    if (product.sku.startsWith('TEA')) {
      const gbp = ((euroCents * 0.86) / 100).toFixed(2);
      rows.push({ id: id(`price:${product.sku}:GBP`), productId: product.id, currency: 'GBP', amount: gbp });
    }
    return rows;
  });

  const warehouses: DemoWarehouse[] = [
    { id: id('warehouse:BER-1'), code: 'BER-1', name: 'Berlin', country: 'DE', lowStockThreshold: 10 },
    { id: id('warehouse:RTM-1'), code: 'RTM-1', name: 'Rotterdam', country: 'NL', lowStockThreshold: 10 },
    { id: id('warehouse:EWR-1'), code: 'EWR-1', name: 'Newark', country: 'US', lowStockThreshold: 5 },
  ];

  const [berlin, rotterdam, newark] = warehouses.map((warehouse) => warehouse.id) as [string, string, string];
  const warehouseLocations: DemoWarehouseLocation[] = [
    { warehouseId: berlin, region: 'DE-BE', latitude: 52.52, longitude: 13.405, priority: 0 },
    { warehouseId: rotterdam, region: 'NL-ZH', latitude: 51.9244, longitude: 4.4777, priority: 1 },
    { warehouseId: newark, region: 'US-NJ', latitude: 40.7357, longitude: -74.1724, priority: 0 },
  ];
  // Domestic parcels are cheapest, then the neighbours; the rest of the world ships at no known
  // cost (each warehouse ships outside its zones), so a European order prefers Europe.
  const EU_WITHOUT_DE_NL = 'AT BE BG CY CZ DK EE ES FI FR GR HR HU IE IT LT LU LV MT PL PT RO SE SI SK'.split(' ');
  const shippingZones: DemoShippingZone[] = [
    { warehouseId: berlin, code: 'DE', name: 'Germany', countries: ['DE'], cost: '4.90' },
    { warehouseId: berlin, code: 'EU', name: 'European Union', countries: [...EU_WITHOUT_DE_NL, 'NL'], cost: '9.90' },
    { warehouseId: berlin, code: 'EUROPE', name: 'Rest of Europe', countries: ['CH', 'GB', 'NO'], cost: '14.90' },
    { warehouseId: rotterdam, code: 'BENELUX', name: 'Benelux', countries: ['BE', 'LU', 'NL'], cost: '3.90' },
    {
      warehouseId: rotterdam,
      code: 'EU',
      name: 'European Union',
      countries: [...EU_WITHOUT_DE_NL.filter((country) => country !== 'BE' && country !== 'LU'), 'DE'],
      cost: '8.90',
    },
    { warehouseId: rotterdam, code: 'EUROPE', name: 'Rest of Europe', countries: ['CH', 'GB', 'NO'], cost: '12.90' },
    { warehouseId: newark, code: 'US', name: 'United States', countries: ['US'], cost: '5.90' },
    { warehouseId: newark, code: 'NORTH-AMERICA', name: 'Canada and Mexico', countries: ['CA', 'MX'], cost: '12.90' },
  ];

  const stock: DemoStockItem[] = products.flatMap((product, index) =>
    warehouses.flatMap((warehouse) => {
      // Every seventh product is sold out everywhere, every fifth runs low.
      if (index % 7 === 3) return [{ warehouseId: warehouse.id, productId: product.id, onHand: 0 }];
      if (index % 5 === 2)
        return [{ warehouseId: warehouse.id, productId: product.id, onHand: Math.floor(random() * 2) }];
      if (random() < 0.2) return [];
      const onHand = 5 + Math.floor(random() * 120);
      // Every eleventh product sells fast: it is low sooner than the warehouse's other products.
      if (index % 11 === 0)
        return [{ warehouseId: warehouse.id, productId: product.id, onHand, lowStockThreshold: 25 }];
      return [{ warehouseId: warehouse.id, productId: product.id, onHand }];
    }),
  );

  const customers: DemoCustomer[] = [
    {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+442079460000',
      city: 'London',
      postalCode: 'SW1A 1AA',
      country: 'GB',
      line1: '12 St James’s Square',
    },
    {
      name: 'Grace Hopper',
      email: 'grace@example.com',
      phone: '+12025550143',
      city: 'Arlington',
      postalCode: '22201',
      region: 'US-VA',
      country: 'US',
      line1: '1 Navy Yard Way',
    },
    {
      name: 'Alan Turing',
      email: 'alan@example.com',
      phone: '+441619460123',
      city: 'Manchester',
      postalCode: 'M13 9PL',
      country: 'GB',
      line1: 'Oxford Road 7',
    },
    {
      name: 'Katherine Johnson',
      email: 'katherine@example.com',
      phone: '+17575550188',
      city: 'Hampton',
      postalCode: '23666',
      region: 'US-VA',
      country: 'US',
      line1: '4 Langley Boulevard',
    },
  ].map((c) => {
    const customerId = id(`customer:${c.email}`);
    return {
      id: customerId,
      email: c.email,
      demoPassword: `${c.email.split('@')[0]}-demo-password`,
      name: c.name,
      phone: c.phone,
      addresses: [
        {
          id: id(`address:${c.email}:home`),
          label: 'Home',
          recipient: c.name,
          line1: c.line1,
          city: c.city,
          postalCode: c.postalCode,
          region: c.region ?? '',
          country: c.country,
          isDefault: true,
        },
        {
          id: id(`address:${c.email}:work`),
          label: 'Work',
          recipient: c.name,
          line1: `Office ${c.line1}`,
          city: c.city,
          postalCode: c.postalCode,
          region: c.region ?? '',
          country: c.country,
          isDefault: false,
        },
      ],
    };
  });

  const reviews: DemoReview[] = products.flatMap((product, productIndex) =>
    customers
      .filter((_, customerIndex) => (productIndex + customerIndex) % 3 !== 0)
      .map((customer, n) => {
        const text = REVIEW_TEXTS[(productIndex + n) % REVIEW_TEXTS.length] ?? REVIEW_TEXTS[0];
        return {
          id: id(`review:${product.sku}:${customer.email}`),
          productId: product.id,
          customerId: customer.id,
          rating: text?.rating ?? 5,
          title: text?.title ?? '',
          body: text?.body ?? '',
          // A few reviews wait in moderation and must not show.
          status: (productIndex + n) % 11 === 0 ? 'PENDING' : 'APPROVED',
          verifiedPurchase: n % 2 === 0,
        };
      }),
  );

  const promotions: DemoPromotion[] = [
    {
      code: 'WELCOME10',
      name: 'Welcome 10%',
      description: "10% off a signed-in customer's first order.",
      kind: 'PERCENTAGE',
      value: '10',
      currency: null,
      minimumSubtotal: null,
      stackable: false,
      usageLimit: 1000,
      perCustomerLimit: 1,
      rule: { fact: 'firstOrder', operator: 'equal', value: true },
    },
    {
      code: 'TEATIME5',
      name: '5 € off tea',
      description: '5 € off the tea in an order of 30 € or more.',
      kind: 'FIXED_AMOUNT',
      value: '5',
      currency: 'EUR',
      minimumSubtotal: '30',
      stackable: true,
      usageLimit: 500,
      perCustomerLimit: 2,
      targetCategoryIds: categories.filter((category) => category.slug === 'tea').map((category) => category.id),
    },
    {
      code: null,
      name: 'Autumn sale',
      description: '15% off orders over 50 €, applied automatically.',
      kind: 'PERCENTAGE',
      value: '15',
      currency: 'EUR',
      minimumSubtotal: '50',
      stackable: false,
      usageLimit: null,
      perCustomerLimit: null,
    },
    {
      code: 'BARISTA20',
      name: 'Barista 20%',
      description: '20% off for our barista course alumni.',
      kind: 'PERCENTAGE',
      value: '20',
      currency: null,
      minimumSubtotal: null,
      stackable: false,
      usageLimit: 50,
      perCustomerLimit: 1,
    },
  ].map(
    (p) =>
      ({
        segments: [],
        targetCategoryIds: [],
        rule: null,
        ...p,
        id: id(`promotion:${p.name}`),
      }) as DemoPromotion,
  );

  const [ada, grace] = customers;
  const onSale = products.filter((p) => p.status === 'ACTIVE');
  const pick = (n: number) => onSale[n % onSale.length] as DemoProduct;
  const euro = (product: DemoProduct) =>
    prices.find((p) => p.productId === product.id && p.currency === 'EUR')?.amount ?? '0';

  const carts: DemoCart[] = ada
    ? [
        {
          id: id('cart:ada'),
          customerId: ada.id,
          currency: 'EUR',
          lines: [
            { id: id('cart:ada:1'), productId: pick(0).id, quantity: 2 },
            { id: id('cart:ada:2'), productId: pick(12).id, quantity: 1 },
          ],
        },
      ]
    : [];

  const orders: DemoOrder[] = grace
    ? [
        {
          id: id('order:grace:1'),
          customerId: grace.id,
          currency: 'EUR',
          lines: [pick(3), pick(21)].map((product, n) => ({
            id: id(`order:grace:1:${n}`),
            productId: product.id,
            sku: product.sku,
            productName: product.name,
            quantity: n + 1,
            unitPrice: euro(product),
          })),
          history: [
            {
              id: id('order:grace:1:h0'),
              from: null,
              to: 'PENDING_PAYMENT',
              actor: customerActor(grace.id),
              reason: 'placed',
            },
            {
              id: id('order:grace:1:h1'),
              from: 'PENDING_PAYMENT',
              to: 'PAID',
              actor: systemActor('payment-webhook'),
              reason: 'payment.succeeded',
            },
            {
              id: id('order:grace:1:h2'),
              from: 'PAID',
              to: 'FULFILLING',
              actor: DEMO_WAREHOUSE_STAFF,
              reason: 'picking',
            },
            {
              id: id('order:grace:1:h3'),
              from: 'FULFILLING',
              to: 'SHIPPED',
              actor: DEMO_WAREHOUSE_STAFF,
              reason: 'handed to carrier',
            },
            {
              id: id('order:grace:1:h4'),
              from: 'SHIPPED',
              to: 'DELIVERED',
              actor: DEMO_WAREHOUSE_STAFF,
              reason: 'delivered',
            },
          ],
        },
      ]
    : [];

  // Drawn last, so that adding it moved no other demo id.
  promotions.push({
    id: id('promotion:VIP 15%'),
    code: 'VIP15',
    name: 'VIP 15%',
    description: '15% off for customers whose paid orders reach the VIP threshold.',
    kind: 'PERCENTAGE',
    value: '15',
    currency: null,
    minimumSubtotal: null,
    stackable: false,
    usageLimit: null,
    perCustomerLimit: null,
    segments: ['VIP'],
    targetCategoryIds: [],
    rule: null,
  });

  return {
    categories,
    products,
    prices,
    exchangeRates: DEMO_EXCHANGE_RATES,
    warehouses,
    warehouseLocations,
    shippingZones,
    stock,
    customers,
    reviews,
    promotions,
    carts,
    orders,
  };
}
