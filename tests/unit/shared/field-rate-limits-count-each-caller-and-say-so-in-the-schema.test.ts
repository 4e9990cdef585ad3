import { type ConstArgumentNode, Kind, visit } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../../shared/auth/identity.js';
import { declaresRateLimits, RATE_LIMIT_DIRECTIVE, rateLimitKey } from '../../../shared/field-rate-limits.js';
import { SUBGRAPH_NAMES } from '../../../shared/services.js';
import { loadTypeDefs } from '../../../shared/type-defs.js';

describe('the counter a call spends from', () => {
  it('is the account when signed in, whatever the address', () => {
    const customer = { subject: 'cus_1', roles: ['customer' as const] };
    expect(rateLimitKey('Mutation.signIn', { identity: customer, clientIp: '10.0.0.1' })).toBe(
      rateLimitKey('Mutation.signIn', { identity: customer, clientIp: '10.0.0.2' }),
    );
  });

  it('is the client address when anonymous, and each field counts apart', () => {
    const from = (clientIp: string) => ({ identity: ANONYMOUS, clientIp });
    expect(rateLimitKey('Mutation.register', from('10.0.0.1'))).not.toBe(
      rateLimitKey('Mutation.register', from('10.0.0.2')),
    );
    expect(rateLimitKey('Mutation.register', from('10.0.0.1'))).not.toBe(
      rateLimitKey('Mutation.signIn', from('10.0.0.1')),
    );
  });

  it('is none for a service calling on the shop’s behalf', () => {
    expect(
      rateLimitKey('Mutation.createCart', { identity: { subject: 'order', roles: ['service'] }, clientIp: '::1' }),
    ).toBeNull();
  });
});

describe('the limits in the schema', () => {
  const limited = SUBGRAPH_NAMES.flatMap((subgraph) => {
    const typeDefs = loadTypeDefs(subgraph);
    const fields: { subgraph: string; field: string; description: string; limit: number; duration: number }[] = [];
    visit(typeDefs, {
      FieldDefinition(node) {
        const directive = node.directives?.find((d) => d.name.value === RATE_LIMIT_DIRECTIVE);
        if (!directive) return;
        const value = (name: string) => {
          const argument = directive.arguments?.find((a: ConstArgumentNode) => a.name.value === name);
          return argument?.value.kind === Kind.INT ? Number(argument.value.value) : Number.NaN;
        };
        fields.push({
          subgraph,
          field: node.name.value,
          description: node.description?.value ?? '',
          limit: value('limit'),
          duration: value('duration'),
        });
      },
    });
    if (fields.length > 0) expect(declaresRateLimits(typeDefs)).toBe(true);
    return fields;
  });

  it('cover the abuse-prone mutations', () => {
    expect(limited.map(({ field }) => field)).toEqual(
      expect.arrayContaining(['register', 'signIn', 'createCart', 'applyPromotionCode', 'submitReview']),
    );
  });

  it('are stated in each field’s description, so Sandbox shows them', () => {
    for (const field of limited) {
      expect(Number.isInteger(field.limit) && Number.isInteger(field.duration), field.field).toBe(true);
      expect(field.description, `${field.subgraph} ${field.field}`).toContain(
        `Rate limit: ${field.limit} per ${field.duration} s per caller.`,
      );
    }
  });
});
