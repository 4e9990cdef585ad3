import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function parseDateTime(value: unknown): Date {
  if (typeof value === 'string') {
    const date = new Date(value);
    // Only full ISO-8601 timestamps with a zone: "2026-01-02" alone would silently mean midnight UTC.
    if (!Number.isNaN(date.getTime()) && /T.*(Z|[+-]\d\d:\d\d)$/.test(value)) return date;
  }
  throw new GraphQLError('DateTime must be an ISO-8601 timestamp with a time zone', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/** Times are UTC instants, serialized as ISO-8601 strings. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'A UTC instant, ISO-8601 encoded, e.g. 2026-11-27T10:15:00.000Z',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return parseDateTime(value).toISOString();
    throw new GraphQLError('DateTime cannot represent this value');
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return parseDateTime(ast.value);
  },
});

/**
 * Every custom scalar of the supergraph with its parsing: the gateway checks input of these
 * types itself (gateway/src/edge/input-coercion.ts), since the supergraph knows them by name only.
 */
export const CUSTOM_SCALARS: readonly GraphQLScalarType[] = [DateTimeScalar];
