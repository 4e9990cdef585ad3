/**
 * The value of the cookie `name` in a request's Cookie header, if it has one that `wellFormed`
 * accepts: a malformed value is treated as absent, never passed on.
 */
export function cookieValue(
  cookieHeader: string | undefined,
  name: string,
  wellFormed: (value: string) => boolean,
): string | undefined {
  if (!cookieHeader) return undefined;
  for (const pair of cookieHeader.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== name) continue;
    const value = pair.slice(separator + 1).trim();
    if (wellFormed(value)) return value;
  }
  return undefined;
}
