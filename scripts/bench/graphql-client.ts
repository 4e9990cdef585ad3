import { Agent, request } from 'node:http';

/** The server answered with a status outside 2xx: counted as non-2xx, not as an error. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`HTTP ${status} from ${url}`);
    this.name = 'HttpStatusError';
  }
}

/** The server answered 2xx with GraphQL errors or without data. */
export class GraphQLResponseError extends Error {
  constructor(url: string, messages: string[]) {
    super(`GraphQL errors from ${url}: ${messages.join('; ') || 'no data'}`);
    this.name = 'GraphQLResponseError';
  }
}

export interface GraphQLOperation {
  query: string;
  operationName: string;
  variables: Record<string, unknown>;
}

/** Posts a JSON body and resolves with the parsed JSON answer; non-2xx rejects with HttpStatusError. */
export interface JsonTransport {
  post(url: string, body: string): Promise<unknown>;
  close(): void;
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * node:http with one keep-alive agent: connections are reused across requests like the
 * gateway's, and the client spends as little CPU as it can, since it shares the machine with
 * the services it measures.
 */
export function createHttpTransport(): JsonTransport {
  const agent = new Agent({ keepAlive: true });
  return {
    post: (url, body) =>
      new Promise((resolve, reject) => {
        const req = request(
          url,
          {
            method: 'POST',
            agent,
            timeout: REQUEST_TIMEOUT_MS,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', reject);
            res.on('end', () => {
              const status = res.statusCode ?? 0;
              if (status < 200 || status > 299) return reject(new HttpStatusError(status, url));
              try {
                resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
              } catch (error) {
                reject(error);
              }
            });
          },
        );
        req.on('timeout', () => req.destroy(new Error(`No answer from ${url} within ${REQUEST_TIMEOUT_MS} ms`)));
        req.on('error', reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}

/** Node's built-in fetch (undici): its global dispatcher keeps connections alive too. */
export function createFetchTransport(): JsonTransport {
  return {
    post: async (url, body) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new HttpStatusError(response.status, url);
      }
      return response.json();
    },
    close: () => {},
  };
}

/** Runs one operation; resolves with `data` only when the answer has no errors. */
export async function executeGraphQL<TData>(
  transport: JsonTransport,
  url: string,
  operation: GraphQLOperation,
): Promise<TData> {
  const answer = (await transport.post(url, JSON.stringify(operation))) as {
    data?: TData | null;
    errors?: { message?: string }[];
  };
  if (answer.errors?.length || answer.data == null) {
    throw new GraphQLResponseError(
      url,
      (answer.errors ?? []).map((error) => String(error.message)),
    );
  }
  return answer.data;
}
