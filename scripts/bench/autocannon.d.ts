/**
 * The part of autocannon's API the benchmark uses. The package ships no types and
 * @types/autocannon is not a dependency; this describes autocannon 8 (see its README, "API").
 */
declare module 'autocannon' {
  export interface Options {
    url: string;
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Seconds to wait for a response before counting a timeout. */
    timeout?: number;
    pipelining?: number;
    /** A body for which this returns false counts as a mismatch. */
    verifyBody?: (body: string) => boolean;
  }

  export interface Result {
    /** Seconds the run took. */
    duration: number;
    /** Connection errors, timeouts included. */
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
  }

  /** One connection; not used beyond the `response` event's signature. */
  export type Client = object;

  export interface Instance extends PromiseLike<Result> {
    /** `responseTime` is in milliseconds, from sending the request to the end of the response. */
    on(
      event: 'response',
      listener: (client: Client, statusCode: number, resBytes: number, responseTime: number) => void,
    ): this;
    stop(): void;
  }

  export default function autocannon(options: Options): Instance;
}
