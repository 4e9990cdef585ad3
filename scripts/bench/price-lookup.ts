import { envPrefix, SUBGRAPH_NAMES } from '../../shared/services.js';
import { spawnService, stopService, waitUntilReady } from '../stack/processes.js';
import type { Stack } from '../stack/stack.js';
import { fillCatalogTo } from './bench-products.js';
import type { ServiceLog } from './bench-stack.js';
import type { ExtraGateway } from './extra-gateways.js';
import { type LoadResult, runGatewayLoad } from './load.js';
import { assertLoopback, type BenchSettings } from './settings.js';
import { renderTable } from './table.js';

/**
 * Price lookups through the gateway, with the pricing subgraph's Redis price cache on and off:
 *
 *   P-cached    the stack's own gateway and pricing subgraph (PRICE_CACHE=on, the default);
 *   P-uncached  a second pricing subgraph started with PRICE_CACHE=off, behind a second gateway
 *               that routes pricing to it (every other subgraph is the stack's own).
 *
 * The operation asks the catalog for 100 products (products priced in EUR and USD are added to
 * the benchmark's database until 100 are on sale: the demo shop has fewer) and pricing for each in EUR and USD. Both gateways must answer
 * it identically before anything is measured.
 */

export const PRICE_LOOKUP_QUERY = /* GraphQL */ `
  query PriceLookup {
    products(first: 100) {
      edges { node { id eur: price(currency: "EUR") { amount currency } usd: price(currency: "USD") { amount currency } } }
    }
  }`;

interface PriceLookupData {
  products: { edges: { node: { id: string } }[] };
}

async function lookOnce(url: string): Promise<{ body: string; products: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: PRICE_LOOKUP_QUERY }),
  });
  const body = await response.text();
  const parsed = JSON.parse(body) as { data?: PriceLookupData; errors?: unknown[] };
  if (!response.ok || parsed.errors || !parsed.data)
    throw new Error(`price lookup failed at ${url}: ${body.slice(0, 300)}`);
  return { body: JSON.stringify(parsed.data), products: parsed.data.products.edges.length };
}

/** The uncached pricing subgraph and the gateway in front of it, registered for stopping with the others. */
async function startUncachedPricing(stack: Stack, log: ServiceLog, register: (gateway: ExtraGateway) => void) {
  const onLine = (name: string, line: string) => log.add(name, line);
  const pricing = spawnService(
    'pricing-nc',
    'subgraphs/pricing/src/main.ts',
    'compiled',
    { ...stack.serviceEnv, PRICING_PORT: '0', PRICE_CACHE: 'off' },
    onLine,
  );
  register({ url: '', pid: pricing.child.pid ?? 0, stop: () => stopService(pricing) });
  const pricingBase = `http://127.0.0.1:${await pricing.listening}`;
  await waitUntilReady(`${pricingBase}/health/ready`, pricing);

  const routes = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [`${envPrefix(name)}_SUBGRAPH_URL`, stack.subgraphUrls[name]]),
  );
  const gateway = spawnService(
    'gw-nc',
    'gateway/src/main.ts',
    'compiled',
    { ...stack.serviceEnv, ...routes, PRICING_SUBGRAPH_URL: `${pricingBase}/graphql`, GATEWAY_PORT: '0' },
    onLine,
  );
  const stopGateway = () => stopService(gateway);
  register({ url: '', pid: gateway.child.pid ?? 0, stop: stopGateway });
  const gatewayBase = `http://127.0.0.1:${await gateway.listening}`;
  await waitUntilReady(`${gatewayBase}/health/ready`, gateway);
  return { gatewayUrl: `${gatewayBase}/graphql`, metricsUrl: `${pricingBase}/metrics` };
}

async function hitRatio(metricsUrl: string): Promise<string> {
  const text = await (await fetch(metricsUrl)).text();
  const line = text.split('\n').find((l) => l.startsWith('price_cache_hit_ratio{') && l.includes('entry="price"'));
  return line ? `${(Number(line.split(' ').at(-1)) * 100).toFixed(1)} %` : 'n/a';
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '-');

/** Runs both scenarios at every concurrency of the settings; returns the table to print. */
export async function benchPriceLookups(options: {
  stack: Stack;
  log: ServiceLog;
  settings: BenchSettings;
  register: (gateway: ExtraGateway) => void;
  progress: (message: string) => void;
}): Promise<string> {
  const { stack, settings, progress } = options;
  progress('price lookups: starting a pricing subgraph with PRICE_CACHE=off and a gateway in front of it…');
  await fillCatalogTo(stack, 100);
  const uncached = await startUncachedPricing(stack, options.log, options.register);
  assertLoopback(uncached.gatewayUrl);
  const scenarios = [
    { label: 'P-cached   price cache on', url: stack.gatewayUrl },
    { label: 'P-uncached price cache off', url: uncached.gatewayUrl },
  ];
  const [cached, plain] = await Promise.all(scenarios.map((scenario) => lookOnce(scenario.url)));
  if (!cached || !plain || cached.body !== plain.body)
    throw new Error('price lookups: the two gateways answer differently');

  const body = JSON.stringify({ query: PRICE_LOOKUP_QUERY, operationName: 'PriceLookup' });
  const rows: string[][] = [];
  for (const connections of settings.connections) {
    for (const scenario of scenarios) {
      progress(
        `${scenario.label} × ${connections}: ${settings.warmupSeconds} s warm-up, ${settings.durationSeconds} s measured…`,
      );
      await runGatewayLoad({ url: scenario.url, body, connections, durationSeconds: settings.warmupSeconds });
      const result: LoadResult = await runGatewayLoad({
        url: scenario.url,
        body,
        connections,
        durationSeconds: settings.durationSeconds,
      });
      rows.push([
        scenario.label,
        String(connections),
        (result.completed / result.elapsedSeconds).toFixed(0),
        ms(result.latency.p50Ms),
        ms(result.latency.p95Ms),
        ms(result.latency.p99Ms),
        String(result.errors + result.non2xx),
      ]);
    }
  }
  const table = renderTable(
    [
      { header: 'scenario', align: 'left' },
      { header: 'conn', align: 'right' },
      { header: 'req/s', align: 'right' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p95 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'errors', align: 'left' },
    ],
    rows,
  );
  const ratio = await hitRatio(new URL('/metrics', stack.subgraphUrls.pricing).href);
  return [
    `Price lookups through the gateway: ${cached.products} products × 2 currencies (EUR, USD) per request`,
    table,
    `Price cache hit ratio of the stack's pricing subgraph since it started: ${ratio}`,
  ].join('\n');
}
