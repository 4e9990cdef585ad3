/**
 * How long an answer may be cached and by whom, as the gateway decides it (docs/cache-policy.md).
 * Pure rules: the Apollo plugins around them (client-cache-control.ts, response-cache.ts) do the I/O.
 */

export type CacheScope = 'PUBLIC' | 'PRIVATE';

export interface CacheHint {
  maxAge: number;
  scope?: CacheScope;
}

/**
 * A subgraph's Cache-Control header as a hint, read as Apollo Gateway reads it: `max-age=N`
 * (0 when absent or malformed, so an answer without the header is not cacheable), `private`,
 * `public`.
 */
export function hintOfCacheControlHeader(header: string | null | undefined): CacheHint {
  const hint: CacheHint = { maxAge: 0 };
  if (!header) return hint;
  for (const part of header.split(',')) {
    const [name, value] = part
      .trim()
      .split('=', 2)
      .map((text) => text.trim());
    if (name === 'max-age' && value !== undefined && /^[0-9]+$/.test(value)) hint.maxAge = Number(value);
    else if (name === 'private') hint.scope = 'PRIVATE';
    else if (name === 'public' && hint.scope !== 'PRIVATE') hint.scope = 'PUBLIC';
  }
  return hint;
}

export interface AnswerFacts {
  /** A mutation (or subscription): never cacheable, whatever its fields' hints. */
  mutation: boolean;
  /** The request carried a token or a session cookie: its answer is never public. */
  signedIn: boolean;
  /** The answer holds errors (a refusal, a subgraph down): nothing may keep it. */
  errors: boolean;
  /** The combined policy of every subgraph fetch, when it allows caching at all (max-age > 0). */
  policy: { maxAge: number; scope: CacheScope } | null;
}

/** The Cache-Control header the gateway sends its client. */
export function clientCacheControl(answer: AnswerFacts): string {
  const { policy } = answer;
  if (answer.mutation || answer.errors || policy === null || policy.maxAge <= 0) return 'no-store';
  if (answer.signedIn || policy.scope === 'PRIVATE') return `private, max-age=${policy.maxAge}`;
  return `public, max-age=${policy.maxAge}`;
}

/** Whether the gateway's response cache may keep an answer, and for how long (seconds; 0: not kept). */
export function responseCacheTtl(answer: AnswerFacts, maxTtlSeconds: number): number {
  if (answer.mutation || answer.signedIn || answer.errors || answer.policy === null) return 0;
  if (answer.policy.scope !== 'PUBLIC') return 0;
  return Math.max(0, Math.min(answer.policy.maxAge, maxTtlSeconds));
}
