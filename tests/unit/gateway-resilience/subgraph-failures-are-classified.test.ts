import { BrokenCircuitError, TaskCancelledError } from 'cockatiel';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  isConnectionError,
  isReadOnlyOperation,
  isSubgraphFailure,
  outcomeOf,
  rememberResponseStatus,
  toClientError,
} from '../../../gateway/src/resilience/subgraph-failures.js';

const systemError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('subgraph failures', () => {
  it('tells reads from writes by the operation the gateway sends', () => {
    expect(isReadOnlyOperation('query ProductPage__review__1($representations:[_Any!]!){_entities}')).toBe(true);
    expect(isReadOnlyOperation('{products{edges{node{id}}}}')).toBe(true);
    expect(isReadOnlyOperation('  # a comment\n query { a }')).toBe(true);
    expect(isReadOnlyOperation('mutation CreateCart__order__0{createCart(currency:"EUR"){cartToken}}')).toBe(false);
    expect(isReadOnlyOperation('subscription { a }')).toBe(false);
    expect(isReadOnlyOperation('queryish { a }')).toBe(false);
    expect(isReadOnlyOperation(undefined)).toBe(false);
  });

  it('recognises connection errors, also when wrapped', () => {
    expect(isConnectionError(systemError('ECONNREFUSED'))).toBe(true);
    expect(isConnectionError(systemError('ECONNRESET'))).toBe(true);
    expect(isConnectionError(new TypeError('fetch failed', { cause: systemError('ECONNRESET') }))).toBe(true);
    expect(isConnectionError(systemError('EACCES'))).toBe(false);
    expect(isConnectionError(new Error('boom'))).toBe(false);
  });

  it('counts timeouts, connection errors and HTTP 5xx against the breaker, not refusals', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(isSubgraphFailure(abort)).toBe(true);
    expect(isSubgraphFailure(new TaskCancelledError())).toBe(true);
    expect(isSubgraphFailure(systemError('ECONNREFUSED'))).toBe(true);
    expect(isSubgraphFailure(rememberResponseStatus(new GraphQLError('503: Service Unavailable'), 503))).toBe(true);
    expect(isSubgraphFailure(rememberResponseStatus(new GraphQLError('bad'), 400))).toBe(false);
    expect(isSubgraphFailure(new GraphQLError('no'))).toBe(false);
  });

  it('labels each outcome for the latency histogram', () => {
    expect(outcomeOf(undefined)).toBe('success');
    expect(outcomeOf(new BrokenCircuitError())).toBe('rejected');
    expect(outcomeOf(new TaskCancelledError())).toBe('timeout');
    expect(outcomeOf(systemError('ECONNRESET'))).toBe('unreachable');
    expect(outcomeOf(rememberResponseStatus(new Error('502'), 502))).toBe('server_error');
    expect(outcomeOf(new GraphQLError('BAD_USER_INPUT'))).toBe('error');
  });

  it('tells the client SUBGRAPH_UNAVAILABLE with the reason, and nothing of the URL', () => {
    const cases: [unknown, string][] = [
      [new BrokenCircuitError(), 'CIRCUIT_OPEN'],
      [new TaskCancelledError(), 'TIMEOUT'],
      [systemError('ECONNREFUSED'), 'UNREACHABLE'],
      [rememberResponseStatus(new GraphQLError('503: Service Unavailable'), 503), 'SERVER_ERROR'],
    ];
    for (const [error, reason] of cases) {
      const client = toClientError(error, 'review', 800) as GraphQLError;
      expect(client).toBeInstanceOf(GraphQLError);
      expect(client.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'review', reason });
      expect(client.message).toMatch(/review/);
    }
    expect((toClientError(new TaskCancelledError(), 'review', 800) as GraphQLError).message).toContain('800 ms');
  });

  it("passes other errors, and a subgraph's own catalogued error, through unchanged", () => {
    const refusal = new GraphQLError('Invalid currency', { extensions: { code: 'BAD_USER_INPUT' } });
    expect(toClientError(refusal, 'pricing', 800)).toBe(refusal);
    const internal = rememberResponseStatus(
      new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
      500,
    );
    expect(toClientError(internal, 'pricing', 800)).toBe(internal);
  });
});
