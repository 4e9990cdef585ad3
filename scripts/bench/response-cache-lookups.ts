/** The A-cache gateway's response_cache_lookups_total over the whole run, by result. */
export interface ResponseCacheLookups {
  hits: number;
  misses: number;
}

export async function readResponseCacheLookups(metricsUrl: string): Promise<ResponseCacheLookups> {
  const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  const count = (result: string) => {
    const line = text
      .split('\n')
      .find((l) => l.startsWith('response_cache_lookups_total{') && l.includes(`result="${result}"`));
    return Number(line?.trim().split(/\s+/).at(-1) ?? 0);
  };
  return { hits: count('hit'), misses: count('miss') };
}
