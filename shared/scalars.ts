import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';

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

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(value: unknown): string {
  if (typeof value === 'string') {
    const match = CALENDAR_DAY.exec(value);
    if (match !== null) {
      const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
      // 2026-02-30 matches the pattern but is no day of the calendar.
      if (date.toISOString().slice(0, 10) === value) return value;
    }
  }
  throw new GraphQLError('Date must be a calendar day written YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * A calendar day of the shop (reports count by the shop's day, shared/analytics/shop-day.ts),
 * as YYYY-MM-DD. Resolvers receive and return the string; a PostgreSQL `date` read as a Date
 * (midnight UTC) is written as its day.
 */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar day in the shop time zone, YYYY-MM-DD, e.g. 2026-11-27',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return parseDay(value);
  },
  parseValue: parseDay,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string');
    return parseDay(ast.value);
  },
});

/**
 * A JSON value: a data export's document, a promotion's rule. Input is taken as the JSON it is
 * (literals converted, variables as sent) and is checked by the field that takes it (a
 * promotion rule by domain/eligibility-rules.ts), since only that field knows its shape.
 */
export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

/**
 * Every custom scalar of the supergraph with its parsing: the gateway checks input of these
 * types itself (gateway/src/edge/input-coercion.ts), since the supergraph knows them by name only.
 */
export const CUSTOM_SCALARS: readonly GraphQLScalarType[] = [DateTimeScalar, DateScalar, JSONScalar];
