import { buildSchema, defaultFieldResolver, graphql } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, deny, rule } from 'graphql-shield';
import { describe, expect, it } from 'vitest';
import { shieldMiddleware } from '../../../shared/auth/shield-middleware.js';

const schema = buildSchema(`
  type Query { open: Book secret: String shelf: [Book!]! }
  type Mutation { write: String read: String }
  type Book { title: String price: Int }
`);

const isStaff = rule({ cache: 'no_cache' })(async (_p, _a, ctx: { staff: boolean }) => ctx.staff);
const rules = {
  Query: { open: allow, secret: isStaff },
  Mutation: { '*': deny, read: allow },
  Book: { price: isStaff },
};
const options = { allowExternalErrors: true, fallbackError: new Error('FORBIDDEN'), debug: false };

describe('the shield middleware', () => {
  it('wraps only fields with a rule other than allow, and every field of a type with a wildcard', () => {
    const middleware = shieldMiddleware(schema, rules, options) as Record<string, Record<string, unknown>>;
    expect(Object.keys(middleware).sort()).toEqual(['Book', 'Mutation', 'Query']);
    expect(Object.keys(middleware.Query ?? {})).toEqual(['secret']);
    expect(Object.keys(middleware.Book ?? {})).toEqual(['price']);
    expect(Object.keys(middleware.Mutation ?? {}).sort()).toEqual(['read', 'write']);
  });

  it('decides as the full shield does', async () => {
    const protectedSchema = applyMiddleware(schema, shieldMiddleware(schema, rules, options));
    const rootValue = {
      open: { title: 'Open', price: 3 },
      secret: 'hidden',
      shelf: [{ title: 'A', price: 1 }],
      write: 'w',
      read: 'r',
    };
    const asCustomer = await graphql({
      schema: protectedSchema,
      source: '{ open { title price } secret shelf { title price } }',
      rootValue,
      contextValue: { staff: false },
    });
    expect(asCustomer.data).toEqual({
      open: { title: 'Open', price: null },
      secret: null,
      shelf: [{ title: 'A', price: null }],
    });
    expect(asCustomer.errors?.map((error) => error.message)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    const asStaff = await graphql({
      schema: protectedSchema,
      source: '{ open { price } secret }',
      rootValue,
      contextValue: { staff: true },
    });
    expect(asStaff).toEqual({ data: { open: { price: 3 }, secret: 'hidden' } });
    const mutations = await graphql({
      schema: protectedSchema,
      source: 'mutation { write read }',
      rootValue,
      contextValue: { staff: true },
    });
    expect(mutations.data).toEqual({ write: null, read: 'r' });
  });

  it('leaves a field without a rule with its own resolver, not an async wrapper', () => {
    const protectedSchema = applyMiddleware(schema, shieldMiddleware(schema, rules, options));
    const title = protectedSchema.getType('Book') as unknown as { getFields(): Record<string, { resolve?: unknown }> };
    const resolve = title.getFields().title?.resolve;
    expect(resolve === undefined || resolve === defaultFieldResolver).toBe(true);
  });
});
