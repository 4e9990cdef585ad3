import { readFileSync } from 'node:fs';
import pg from 'pg';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/auth/roles.js';
import { postGraphQL } from '../../support/graphql.js';
import { startIsolatedStack } from '../../support/isolated-stack.js';
import { fillVariables, readSnippets } from '../../support/readme-snippets.js';
import { mintToken } from '../../support/tokens.js';

const readme = readFileSync('README.md', 'utf8');
const snippets = readSnippets(readme);
// A shop of its own, as `npm start` leaves it: the snippets place orders and change prices.
const stack = await startIsolatedStack('readme', {});

describe('the README', () => {
  it('starts every table with a header row, so no table is split and rendered as text', () => {
    const lines = readme.split('\n');
    const headless = lines.flatMap((line, index) =>
      line.startsWith('|') && !lines[index - 1]?.startsWith('|') && !/^\|[-| :]+\|$/.test(lines[index + 1] ?? '')
        ? [`line ${index + 1}: ${line.slice(0, 40)}`]
        : [],
    );
    expect(headless).toEqual([]);
  });

  it('has GraphQL snippets to run', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(4);
  });

  it.each(snippets.map((snippet) => [snippet.line, snippet] as const))(
    'snippet at line %i runs as written against the demo shop',
    async (_line, snippet) => {
      let token = snippet.role ? await mintToken(`staff-${ulid()}`, [snippet.role as Role]) : null;
      const answers: Record<string, unknown> = {};
      for (const operation of snippet.operations) {
        const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
        const answer = await postGraphQL(
          stack.gatewayUrl,
          operation.document,
          await fillVariables(snippet.variables, operation.variableNames, answers),
          headers,
        );
        expect({ operation: operation.name, errors: answer.errors }).toEqual({
          operation: operation.name,
          errors: undefined,
        });
        expect(answer.status).toBe(200);
        Object.assign(answers, answer.data);
        for (const payload of Object.values(answer.data ?? {})) {
          const issued = (payload as { accessToken?: unknown } | null)?.accessToken;
          if (typeof issued === 'string') token = issued;
        }
      }
    },
    60_000,
  );

  it('ends the back-office walkthrough with an order that got the new promotion on the new product', async () => {
    const client = new pg.Client({ connectionString: stack.databaseUrls.order, options: '-c search_path="order"' });
    await client.connect();
    try {
      const { rows } = await client.query<{ total: string; code: string; amount: string; sku: string }>(
        `SELECT o.total::text AS total, d.code, d.amount::text AS amount, l.sku
           FROM "order" o JOIN order_discount d ON d.order_id = o.id JOIN order_line l ON l.order_id = o.id
          WHERE o.idempotency_key = 'readme-gift-order-0001'`,
      );
      expect(rows.map((row) => ({ ...row, total: Number(row.total), amount: Number(row.amount) }))).toEqual([
        { total: 35.82, code: 'GIFTS10', amount: 3.98, sku: 'GIFT-001' },
      ]);
    } finally {
      await client.end();
    }
  });
});
